import { describe, expect, it } from 'vitest';

import { buildBridge, type IpcRendererLike } from '../../../electron/preload/bridge';
import { withDroppedFiles } from '../../../electron/preload/dropped-files';
import { IPC_CONTRACT } from '../../../shared/ipc/index';

class RecordingIpc implements IpcRendererLike {
  invoked: { channel: string; args: unknown[] }[] = [];
  listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return { ok: true, value: channel };
  }
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
  }
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void {
    this.listeners.get(channel)?.delete(listener);
  }
  send(channel: string, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? [])
      listener({ sender: 'secret' }, payload);
  }
}

describe('preload bridge', () => {
  it('exposes exactly the contract keys', () => {
    const bridge = buildBridge(new RecordingIpc());

    expect(Object.keys(bridge).sort()).toEqual(Object.keys(IPC_CONTRACT).sort());
    for (const [namespace, methods] of Object.entries(IPC_CONTRACT)) {
      const exposed = (bridge as unknown as Record<string, Record<string, unknown>>)[namespace]!;
      expect(Object.keys(exposed).sort()).toEqual(Object.keys(methods).sort());
      for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    }
  });

  it('is frozen', () => {
    const bridge = buildBridge(new RecordingIpc()) as unknown as Record<
      string,
      Record<string, unknown>
    >;

    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.transfers)).toBe(true);
  });

  it('invokes the contract channel', async () => {
    const ipc = new RecordingIpc();
    const result = await buildBridge(ipc).browse.projects({ entity: 'kappa' });

    expect(result).toEqual({ ok: true, value: 'browse:projects' });
    expect(ipc.invoked).toEqual([{ channel: 'browse:projects', args: [{ entity: 'kappa' }] }]);
  });

  it('turns a rejected invoke into an envelope', async () => {
    const ipc = new RecordingIpc();
    ipc.invoke = () => Promise.reject(new Error("No handler registered for 'teams:list'"));
    const result = await buildBridge(ipc).teams.list();

    expect(result.ok).toBe(false);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INTERNAL');
  });

  it('subscribes and unsubscribes', () => {
    const ipc = new RecordingIpc();
    const received: unknown[] = [];
    const unsubscribe = buildBridge(ipc).transfers.onEvent((payload) => received.push(payload));

    ipc.send('transfers:event', { type: 'warning', transferId: 't', message: 'm' });
    unsubscribe();
    unsubscribe();
    ipc.send('transfers:event', { type: 'warning', transferId: 't', message: 'again' });

    expect(received).toEqual([{ type: 'warning', transferId: 't', message: 'm' }]);
    expect(ipc.listeners.get('transfers:event')?.size).toBe(0);
  });

  it('adds only files to the bridge', () => {
    const api = withDroppedFiles(buildBridge(new RecordingIpc()), {
      getPathForFile: (file) => (file.name === 'text' ? '' : `/drop/${file.name}`),
    });

    expect(Object.keys(api).sort()).toEqual([...Object.keys(IPC_CONTRACT), 'files'].sort());
    expect(Object.keys(api.files)).toEqual(['pathForFile']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.files)).toBe(true);
  });

  it('turns a dropped file into its path', () => {
    const api = withDroppedFiles(buildBridge(new RecordingIpc()), {
      getPathForFile: (file) => (file.name === 'text' ? '' : `/drop/${file.name}`),
    });

    expect(api.files.pathForFile({ name: 'a' } as File)).toBe('/drop/a');
    expect(api.files.pathForFile({ name: 'text' } as File)).toBe('');
  });
});
