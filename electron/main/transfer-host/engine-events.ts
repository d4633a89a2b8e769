// Converts the engine's events to the IPC contract's TransferEvent shapes.
import type { TransferEventEmitter } from '../../engine/transfer/index';
import type { TransferEvent } from '../../../shared/ipc/index';

/** Forwards every event of `events` to `emit` and returns a function that stops forwarding. */
export function forwardEngineEvents(
  events: TransferEventEmitter,
  emit: (event: TransferEvent) => void,
): () => void {
  return events.subscribe({
    state: (event) =>
      emit({
        type: 'state',
        transferId: event.transferId,
        path: event.logicalPath ?? null,
        state: event.state,
        error: event.error ?? null,
      }),
    progress: (event) =>
      emit({
        type: 'progress',
        transferId: event.transferId,
        transfer: snapshot(event.transfer),
        files: event.files.map((file) => ({ path: file.logicalPath, ...snapshot(file) })),
      }),
    retry: (event) =>
      emit({
        type: 'retry',
        transferId: event.transferId,
        path: event.logicalPath,
        partNumber: event.partNumber ?? null,
        action: event.action,
        delayMs: event.delayMs ?? null,
        status: event.status ?? null,
        failure: event.failure,
      }),
    warning: (event) =>
      emit({ type: 'warning', transferId: event.transferId, message: event.message }),
  });
}

function snapshot(progress: {
  bytesDone: number;
  bytesTotal: number;
  rateBytesPerSecond: number;
  etaSeconds: number | null;
}) {
  return {
    bytesDone: progress.bytesDone,
    bytesTotal: progress.bytesTotal,
    rateBytesPerSecond: progress.rateBytesPerSecond,
    etaSeconds: progress.etaSeconds,
  };
}
