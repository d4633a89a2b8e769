// The files of one transfer: pages from the journal, with the progress and states that
// events report for them since the page loaded.
import { useCallback, useEffect, useState } from 'react';

import type { ActivityState, FileSummary } from '../../../../shared/ipc/index';
import { request, useBridge } from '../../bridge';
import { usePagedList, type PagedList } from '../../hooks/usePagedList';

const PAGE_SIZE = 200;

export interface FileLive {
  bytesDone: number;
  bytesTotal: number;
  activity: ActivityState | null;
}

export interface TransferFiles {
  list: PagedList<FileSummary>;
  /** Path → the progress and state that events reported since the list loaded. */
  live: ReadonlyMap<string, FileLive>;
}

export function useTransferFiles(transferId: string): TransferFiles {
  const bridge = useBridge();
  const [live, setLive] = useState<ReadonlyMap<string, FileLive>>(() => new Map());

  const fetchPage = useCallback(
    async (cursor: string | null) =>
      (await request(bridge.transfers.show({ transferId, cursor, pageSize: PAGE_SIZE }))).files,
    [bridge, transferId],
  );
  const list = usePagedList(fetchPage, `transfer-files:${transferId}`);

  useEffect(
    () =>
      bridge.transfers.onEvent((event) => {
        if (
          event.type === 'progress' &&
          event.transferId === transferId &&
          event.files.length > 0
        ) {
          setLive((previous) => {
            const next = new Map(previous);
            for (const file of event.files) {
              const known = next.get(file.path);
              next.set(file.path, {
                bytesDone: file.bytesDone,
                bytesTotal: file.bytesTotal,
                activity: known?.activity ?? null,
              });
            }
            return next;
          });
        } else if (
          event.type === 'state' &&
          event.transferId === transferId &&
          event.path !== null
        ) {
          const path = event.path;
          setLive((previous) => {
            const next = new Map(previous);
            const known = next.get(path);
            next.set(path, {
              bytesDone: known?.bytesDone ?? 0,
              bytesTotal: known?.bytesTotal ?? 0,
              activity: event.state,
            });
            return next;
          });
        }
      }),
    [bridge, transferId],
  );

  return { list, live };
}
