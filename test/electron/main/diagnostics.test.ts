// Renderer log lines reach main's log redacted, and malformed ones are rejected before the
// service sees them.
import { describe, expect, it } from 'vitest';

import { DiagnosticsService } from '../../../electron/main/services/diagnostics-service';
import { createHandlers, dispatch } from '../../../electron/main/services/handlers';
import type { Services } from '../../../electron/main/services/types';
import { isAppSender } from '../../../electron/main/security/sender';
import { IPC_CONTRACT, listChannels, type RendererLogEntry } from '../../../shared/ipc/index';

const APP = { url: 'app://byob/index.html', isMainFrame: true };
const KEY = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2';

/** Services whose other methods fail, so only the diagnostics service can answer. */
function servicesWith(diagnostics: DiagnosticsService): Services {
  const services: Record<string, Record<string, unknown>> = {};
  for (const { namespace, method, channel } of listChannels(IPC_CONTRACT)) {
    if (channel.kind !== 'invoke') continue;
    services[namespace] ??= {};
    services[namespace][method] = () => Promise.reject(new Error(`${channel.channel} was called`));
  }
  services.diagnostics = { log: (entry: RendererLogEntry) => diagnostics.log(entry) };
  return services as unknown as Services;
}

function recordedService() {
  const lines: RendererLogEntry[] = [];
  const service = new DiagnosticsService(
    (entry) => lines.push(entry),
    () => [KEY],
  );
  return { lines, service };
}

describe('DiagnosticsService', () => {
  it('redacts keys and URL queries', async () => {
    const { lines, service } = recordedService();

    await service.log({
      level: 'warn',
      message: `GET https://bucket.example/a.bin?X-Amz-Signature=abc failed with key ${KEY}`,
      context: { url: 'https://bucket.example/b.bin?sig=def', attempt: 2 },
    });

    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).not.toContain('X-Amz-Signature=abc');
    expect(lines[0]!.message).not.toContain(KEY);
    expect(lines[0]!.message).toContain('https://bucket.example/a.bin');
    expect(lines[0]!.context?.url).not.toContain('sig=def');
    expect(lines[0]!.context?.attempt).toBe(2);
  });

  it('rejects malformed lines', async () => {
    const { lines, service } = recordedService();
    const handlers = createHandlers(servicesWith(service), {
      isAllowedSender: (sender) => isAppSender(sender),
    });

    for (const payload of [
      { level: 'debug', message: 'x' },
      { level: 'error', message: '' },
      { level: 'error', message: 'x'.repeat(8_001) },
      { level: 'error', message: 'x', context: { nested: { a: 1 } } },
      { level: 'error', message: 'x', extra: true },
    ]) {
      const result = await dispatch(handlers, 'diagnostics:log', payload, APP);
      expect(result.ok, JSON.stringify(payload).slice(0, 80)).toBe(false);
    }
    expect(lines).toEqual([]);

    const accepted = await dispatch(
      handlers,
      'diagnostics:log',
      { level: 'info', message: 'ok' },
      APP,
    );
    expect(accepted.ok).toBe(true);
    expect(lines).toEqual([{ level: 'info', message: 'ok' }]);
  });
});
