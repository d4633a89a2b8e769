// The files of one artifact version or one run, with the buttons that download all of them
// or the selected ones into a folder the user picks.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { RemoteFileItem } from '../../../../shared/ipc/index';
import { request, useBridge } from '../../bridge';
import { ErrorNotice, StartedNotice } from '../../components/ui';
import { useAction } from '../../hooks/requests';
import type { PagedList } from '../../hooks/usePagedList';
import { FileTree } from './FileTree';

interface FilesViewProps {
  label: string;
  list: PagedList<RemoteFileItem>;
  /** Starts the download into `destination`; `files` undefined means every file. */
  startDownload: (destination: string, files: string[] | undefined) => Promise<unknown>;
  onShowTransfers: () => void;
}

export function FilesView({ label, list, startDownload, onShowTransfers }: FilesViewProps) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [selection, setSelection] = useState<Set<string>>(() => new Set());
  const [started, setStarted] = useState(false);
  const { busy, error, run } = useAction();

  const download = async (files: string[] | undefined) => {
    setStarted(false);
    const done = await run(async () => {
      const { path } = await request(bridge.transfers.pickFolder());
      if (path === null) return false;
      await startDownload(path, files);
      return true;
    });
    setStarted(done === true);
  };

  return (
    <section className="files-view" aria-label={label}>
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          disabled={busy || selection.size === 0}
          onClick={() => void download([...selection])}
        >
          {t('browse.downloadSelected', { count: selection.size })}
        </button>
        <button type="button" disabled={busy} onClick={() => void download(undefined)}>
          {t('browse.downloadAll')}
        </button>
        {selection.size > 0 && (
          <button type="button" onClick={() => setSelection(new Set())}>
            {t('browse.clearSelection')}
          </button>
        )}
      </div>
      {started && (
        <StartedNotice onShowTransfers={onShowTransfers}>
          {t('browse.downloadStarted')}
        </StartedNotice>
      )}
      {error && <ErrorNotice error={error} />}
      <FileTree label={label} list={list} selection={selection} onSelectionChange={setSelection} />
    </section>
  );
}
