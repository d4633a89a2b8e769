// Sends the renderer's uncaught errors to main's log file, since the renderer cannot write
// files and its console is gone once the window closes.
import type { ByobApi } from '../../shared/ipc/index';
import { MAX_RENDERER_LOG_LENGTH } from '../../shared/ipc/index';

/** Forwards uncaught errors and unhandled rejections of `target` to main's log. */
export function forwardUncaughtErrors(target: Window, bridge: Pick<ByobApi, 'diagnostics'>): void {
  const send = (message: string, context: Record<string, string | number>) => {
    // A failed send is dropped, so logging an error cannot raise a second one.
    void bridge.diagnostics
      .log({
        level: 'error',
        message: message.slice(0, MAX_RENDERER_LOG_LENGTH) || 'error',
        context,
      })
      .catch(() => undefined);
  };

  target.addEventListener('error', (event) => {
    const error: unknown = event.error;
    const text = error instanceof Error ? (error.stack ?? error.message) : event.message;
    send(text, { kind: 'uncaught', file: event.filename, line: event.lineno });
  });
  target.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    send(text, { kind: 'unhandled-rejection' });
  });
}
