// The transfer queue: the journal's history (newest first, older pages on request) kept live
// by main's transfer events, with the controls that act on one transfer.
import { useCallback, useEffect, useReducer, useState } from 'react';

import type { TransferSummary } from '../../../shared/ipc/index';
import { asRequestError, request, useBridge } from '../bridge';
import { EMPTY_QUEUE, queueReducer, type QueueState } from './transfer-queue';

const HISTORY_PAGE = 100;

export type TransferAction = 'pause' | 'resume' | 'cancel' | 'retry';

export interface TransfersState {
  queue: QueueState;
  loading: boolean;
  error: ReturnType<typeof asRequestError> | null;
  hasOlder: boolean;
  loadOlder: () => void;
  /** Runs a control and puts the returned record into the queue; rejects on failure. */
  control: (action: TransferAction, transferId: string) => Promise<TransferSummary>;
}

export function useTransfers(): TransfersState {
  const bridge = useBridge();
  const [queue, dispatch] = useReducer(queueReducer, EMPTY_QUEUE);
  const [page, setPage] = useState<{
    loading: boolean;
    nextBeforeId: string | null;
    error: ReturnType<typeof asRequestError> | null;
  }>({ loading: true, nextBeforeId: null, error: null });

  // Subscribe before asking for the history, so no event falls between the two.
  useEffect(
    () => bridge.transfers.onEvent((event) => dispatch({ type: 'event', event })),
    [bridge],
  );

  const fetchHistory = useCallback(
    (beforeId: string | null) => {
      request(bridge.transfers.list({ limit: HISTORY_PAGE, beforeId })).then(
        (list) => {
          dispatch({ type: 'history', transfers: list.transfers });
          setPage({ loading: false, nextBeforeId: list.nextBeforeId, error: null });
        },
        (error: unknown) =>
          setPage((previous) => ({ ...previous, loading: false, error: asRequestError(error) })),
      );
    },
    [bridge],
  );

  useEffect(() => fetchHistory(null), [fetchHistory]);

  const loadOlder = useCallback(() => {
    if (page.nextBeforeId === null || page.loading) return;
    setPage((previous) => ({ ...previous, loading: true }));
    fetchHistory(page.nextBeforeId);
  }, [fetchHistory, page.loading, page.nextBeforeId]);

  const control = useCallback(
    async (action: TransferAction, transferId: string) => {
      const transfer = await request(bridge.transfers[action]({ transferId }));
      dispatch({ type: 'replace', transfer });
      return transfer;
    },
    [bridge],
  );

  return {
    queue,
    loading: page.loading && queue.order.length === 0,
    error: page.error,
    hasOlder: page.nextBeforeId !== null,
    loadOlder,
    control,
  };
}
