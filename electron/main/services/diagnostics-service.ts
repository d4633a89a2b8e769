// Writes the renderer's log lines to main's log. Messages and context values can quote an
// error that named a pre-signed URL or the signed-in key, so both are redacted first.
import { redactText } from '../../platform-client/redact';
import type { RendererLogEntry } from '../../../shared/ipc/index';
import type { NamespaceService } from './types';
import type { IpcContract } from '../../../shared/ipc/index';

/** Destination of renderer lines: a pino logger in main, a recorder in tests. */
export type RendererLogSink = (entry: RendererLogEntry) => void;

export class DiagnosticsService implements NamespaceService<IpcContract['diagnostics']> {
  constructor(
    private readonly sink: RendererLogSink,
    private readonly secrets: () => readonly string[],
  ) {}

  async log(entry: RendererLogEntry): Promise<null> {
    const secrets = this.secrets();
    const context =
      entry.context === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(entry.context).map(([key, value]) => [
              key,
              typeof value === 'string' ? redactText(value, secrets) : value,
            ]),
          );

    this.sink({
      level: entry.level,
      message: redactText(entry.message, secrets),
      ...(context === undefined ? {} : { context }),
    });
    return null;
  }
}
