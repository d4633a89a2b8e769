// The services on a RemoteTransferHost whose engines run in a worker thread: uploads and
// downloads through the IPC handlers, pause and resume, invalid calls, and a restart after
// the worker dies.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { HostPort } from '../../../electron/main/transfer-host/remote/messages';
import { RemoteTransferHost } from '../../../electron/main/transfer-host/remote/remote-host';
import { startWorkerHost } from '../../../electron/main/transfer-host/remote/worker-port';
import type { IpcErrorInfo, TransferEvent } from '../../../shared/ipc/index';
import { finished, startMainEnv, type MainEnv } from './fixture';

const TEAM = 'lambda';
const PROJECT = 'speech';

function md5(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

describe('remote transfer host in a worker thread', () => {
  let env: MainEnv;
  const ports: HostPort[] = [];
  const hostWarnings: string[] = [];
  let folder: string;

  beforeAll(async () => {
    env = await startMainEnv({
      createHost: (journalPath) =>
        new RemoteTransferHost({
          start: () => {
            const port = startWorkerHost();
            ports.push(port);
            return port;
          },
          init: { journalPath, hashWorkerUrl: null },
          warn: (message) => hostWarnings.push(message),
        }),
    });
    const key = (await env.platform.clientFor('root', { admin: true })).apiKey!;
    await env.ok('auth:sign-in', { kind: 'self-managed', host: env.platform.url, apiKey: key });
    await env.ok('admin:create-team', {
      teamName: TEAM,
      storage: { level: 'INSTANCE' },
      members: ['root'],
    });

    folder = join(env.workDir, 'corpus');
    mkdirSync(join(folder, 'clips'), { recursive: true });
    writeFileSync(join(folder, 'README.md'), '# corpus\n');
    for (let index = 0; index < 4; index += 1) {
      writeFileSync(join(folder, 'clips', `${index}.wav`), Buffer.alloc(20_000 + index, index + 1));
    }
  });

  afterAll(() => env?.stop());

  it('uploads a folder from the worker', async () => {
    const { transferId } = await env.ok<{ transferId: string }>('transfers:upload-artifact', {
      entity: TEAM,
      project: PROJECT,
      name: 'corpus',
      type: 'dataset',
      paths: [folder],
    });
    const last = await finished(env, transferId);

    expect(last).toMatchObject({ state: 'committed', error: null });
    const listing = env.events
      .filter((entry) => entry.channel === 'transfers:event')
      .map((entry) => entry.payload as TransferEvent)
      .find((event) => event.type === 'listing' && event.transferId === transferId && event.done);
    expect(listing).toMatchObject({ files: 5, bytes: 9 + 4 * 20_000 + 6 });
  });

  it('downloads the version byte for byte', async () => {
    const destination = join(env.workDir, 'copy');
    const { transferId } = await env.ok<{ transferId: string }>('transfers:download-version', {
      entity: TEAM,
      project: PROJECT,
      collection: 'corpus',
      version: 'latest',
      destination,
    });
    const last = await finished(env, transferId);

    expect(last).toMatchObject({ state: 'done', error: null });
    const listing = env.events
      .filter((entry) => entry.channel === 'transfers:event')
      .map((entry) => entry.payload as TransferEvent)
      .findLast((event) => event.type === 'listing' && event.transferId === transferId);
    expect(listing).toMatchObject({ files: 5, bytes: 9 + 4 * 20_000 + 6, done: true });
    for (const name of ['README.md', 'clips/0.wav', 'clips/3.wav']) {
      expect(md5(join(destination, 'corpus', name))).toBe(md5(join(folder, name)));
    }
  });

  it('downloads only the selected files', async () => {
    const destination = join(env.workDir, 'selected');
    const { transferId } = await env.ok<{ transferId: string }>('transfers:download-version', {
      entity: TEAM,
      project: PROJECT,
      collection: 'corpus',
      version: 'v0',
      destination,
      files: ['corpus/clips/1.wav'],
    });
    await finished(env, transferId, ['done', 'failed']);

    const detail = await env.ok<{ files: { items: { path: string; state: string }[] } }>(
      'transfers:show',
      { transferId },
    );
    expect(detail.files.items).toEqual([
      expect.objectContaining({ path: 'corpus/clips/1.wav', state: 'done' }),
    ]);
    expect(md5(join(destination, 'corpus/clips/1.wav'))).toBe(md5(join(folder, 'clips/1.wav')));
  });

  it('rejects an invalid call in the worker', async () => {
    const result = await env.call('transfers:pause', { transferId: 'no-such-transfer' });

    expect(result.ok).toBe(false);
    const error = (result as { error: IpcErrorInfo }).error;
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('no-such-transfer');
  });

  it('restarts the worker after it dies', async () => {
    ports.at(-1)!.terminate();
    await expect.poll(() => hostWarnings.some((text) => text.includes('stopped'))).toBe(true);

    const { transferId } = await env.ok<{ transferId: string }>('transfers:upload-run-files', {
      entity: TEAM,
      project: PROJECT,
      run: 'run-1',
      paths: [join(folder, 'README.md')],
    });
    const last = await finished(env, transferId);

    expect(ports).toHaveLength(2);
    expect(last).toMatchObject({ state: 'committed', error: null });
  });
});
