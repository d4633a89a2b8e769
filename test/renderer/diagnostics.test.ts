// The renderer forwards its uncaught errors to main's log through the bridge.
import { describe, expect, it } from 'vitest';

import type { IpcResult, RendererLogEntry } from '../../shared/ipc/index';
import { forwardUncaughtErrors } from '../../renderer/src/diagnostics';

function recordingBridge() {
  const entries: RendererLogEntry[] = [];
  const bridge = {
    diagnostics: {
      log: (entry: RendererLogEntry): Promise<IpcResult<null>> => {
        entries.push(entry);
        return Promise.resolve({ ok: true, value: null });
      },
    },
  };
  return { entries, bridge };
}

describe('forwardUncaughtErrors', () => {
  it('logs an uncaught error', () => {
    const { entries, bridge } = recordingBridge();
    const target = new EventTarget() as unknown as Window;
    forwardUncaughtErrors(target, bridge);

    target.dispatchEvent(
      new ErrorEvent('error', {
        error: new Error('list failed'),
        message: 'list failed',
        filename: 'app.js',
        lineno: 12,
      }),
    );

    expect(entries).toHaveLength(1);
    expect(entries[0]!.level).toBe('error');
    expect(entries[0]!.message).toContain('list failed');
    expect(entries[0]!.context).toEqual({ kind: 'uncaught', file: 'app.js', line: 12 });
  });

  it('logs an unhandled rejection', () => {
    const { entries, bridge } = recordingBridge();
    const target = new EventTarget() as unknown as Window;
    forwardUncaughtErrors(target, bridge);

    const event = new Event('unhandledrejection') as Event & { reason: unknown };
    event.reason = 'timed out';
    target.dispatchEvent(event);

    expect(entries).toEqual([
      { level: 'error', message: 'timed out', context: { kind: 'unhandled-rejection' } },
    ]);
  });
});
