// Message validation on both ends of the remote transfer host, with the two ends joined in
// this thread: serveTransferHost on a recording host, and RemoteTransferHost on a port whose
// replies the test writes.
import { describe, expect, it } from 'vitest';

import type { TransferHost } from '../../../electron/main/transfer-host/host';
import type { FromHost, HostPort } from '../../../electron/main/transfer-host/remote/messages';
import { RemoteTransferHost } from '../../../electron/main/transfer-host/remote/remote-host';
import { serveTransferHost } from '../../../electron/main/transfer-host/remote/serve';

/** A TransferHost that records calls and returns fixed ids. */
function recordingHost(calls: string[]): TransferHost {
  const record = async (name: string) => {
    calls.push(name);
  };
  return {
    configure: () => record('configure'),
    uploadArtifact: async () => 'upload-1',
    uploadRunFiles: async () => 'upload-2',
    downloadVersion: async () => 'download-1',
    downloadRunFiles: async () => 'download-2',
    pause: (id) => record(`pause ${id}`),
    resume: (id) => record(`resume ${id}`),
    cancel: (id) => record(`cancel ${id}`),
    subscribe: () => () => undefined,
    close: () => record('close'),
  };
}

/** Starts serveTransferHost and returns a function that sends one message and awaits the reply. */
function served(calls: string[]) {
  let listener: (message: unknown) => void = () => undefined;
  const replies: FromHost[] = [];
  serveTransferHost(
    {
      postMessage: (message) => replies.push(message),
      onMessage: (next) => {
        listener = next;
      },
      close: () => undefined,
    },
    () => recordingHost(calls),
  );
  return async (message: unknown): Promise<FromHost> => {
    const before = replies.length;
    listener(message);
    await expect.poll(() => replies.length).toBeGreaterThan(before);
    return replies.at(-1)!;
  };
}

const INIT = { type: 'init', init: { journalPath: '/tmp/unused.sqlite', hashWorkerUrl: null } };

describe('serveTransferHost', () => {
  it('rejects a call before init', async () => {
    const send = served([]);

    const reply = await send({ type: 'call', id: 1, method: 'pause', argument: 'abc' });

    expect(reply).toMatchObject({ type: 'failure', id: 1, error: { code: 'INTERNAL' } });
  });

  it('reports a malformed message', async () => {
    const send = served([]);

    const reply = await send({ type: 'call', id: 1, method: 'format-disk', argument: null });

    expect(reply.type).toBe('fatal');
  });

  it('rejects an invalid argument', async () => {
    const calls: string[] = [];
    const send = served(calls);
    await send(INIT);

    const reply = await send({ type: 'call', id: 2, method: 'pause', argument: '' });

    expect(reply).toMatchObject({ type: 'failure', id: 2 });
    expect((reply as { error: { message: string } }).error.message).toContain('pause');
    expect(calls).toEqual([]);
  });

  it('rejects an upload without paths', async () => {
    const send = served([]);
    await send(INIT);

    const reply = await send({
      type: 'call',
      id: 3,
      method: 'uploadArtifact',
      argument: { entity: 'kappa', project: 'p', name: 'n', type: 'dataset', paths: [] },
    });

    expect(reply).toMatchObject({ type: 'failure', id: 3 });
  });

  it('runs a valid call', async () => {
    const calls: string[] = [];
    const send = served(calls);
    await send(INIT);

    const reply = await send({ type: 'call', id: 4, method: 'resume', argument: 'abc' });

    expect(reply).toEqual({ type: 'result', id: 4, value: undefined });
    expect(calls).toEqual(['resume abc']);
  });
});

describe('RemoteTransferHost', () => {
  /** A port that replies to init with ready and to each call with `reply(call)`. */
  function scriptedPort(reply: (call: { id: number; method: string }) => unknown): HostPort {
    let listener: (message: unknown) => void = () => undefined;
    return {
      postMessage: (message) => {
        const sent = message as { type: string; id: number; method: string };
        const answer = sent.type === 'init' ? { type: 'ready' } : reply(sent);
        queueMicrotask(() => listener(answer));
      },
      onMessage: (next) => {
        listener = next;
      },
      onExit: () => undefined,
      terminate: () => undefined,
    };
  }

  const init = { journalPath: '/tmp/unused.sqlite', hashWorkerUrl: null };

  it('rejects a reply of the wrong type', async () => {
    const host = new RemoteTransferHost({
      start: () => scriptedPort((call) => ({ type: 'result', id: call.id, value: 42 })),
      init,
    });

    await expect(host.downloadRunFiles({} as never)).rejects.toThrow(/invalid value/);
  });

  it('passes a failure on as ServiceError', async () => {
    const host = new RemoteTransferHost({
      start: () =>
        scriptedPort((call) => ({
          type: 'failure',
          id: call.id,
          error: { code: 'NOT_SIGNED_IN', message: 'Sign in first.' },
        })),
      init,
    });

    await expect(host.pause('abc')).rejects.toMatchObject({
      name: 'ServiceError',
      info: { code: 'NOT_SIGNED_IN', message: 'Sign in first.' },
    });
  });

  it('drops a malformed event with a warning', async () => {
    const warnings: string[] = [];
    const events: unknown[] = [];
    const host = new RemoteTransferHost({
      start: () =>
        scriptedPort((call) => ({ type: 'event', event: { type: 'teleport', id: call.id } })),
      init,
      warn: (message) => warnings.push(message),
    });
    host.subscribe((event) => events.push(event));

    void host.pause('abc').catch(() => undefined);

    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toContain('invalid message');
    expect(events).toEqual([]);
  });
});
