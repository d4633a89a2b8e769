// The journaled listing flag and artifact metadata: an upload whose listing never finished
// is not resumed, and a resumed upload sends the metadata of its request.

import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { UploadFileInput } from '../../../../electron/engine/upload/index';
import { MiB, PROJECT, startEngineEnv, TEAM, type EngineEnv } from './fixture';

describe('UploadEngine listing and metadata', () => {
  let ctx: EngineEnv;

  beforeAll(async () => {
    ctx = await startEngineEnv();
  });

  afterAll(async () => {
    await ctx?.stop();
  });

  it('marks a finished listing complete', async () => {
    const engine = ctx.engine();
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'listed',
      type: 'dataset',
      files: [
        { logicalPath: 'a.txt', localPath: ctx.writeLocal('listed/a.txt', Buffer.from('a')) },
      ],
    });

    expect(await engine.wait(id)).toBe('completed');
    expect(ctx.journal.getTransfer(id)!.transfer.listingComplete).toBe(true);
  });

  it('rejects resuming an unfinished listing', async () => {
    const engine = ctx.engine();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const first = ctx.writeLocal('unlisted/a.txt', Buffer.from('a'));
    async function* files(): AsyncGenerator<UploadFileInput> {
      yield { logicalPath: 'a.txt', localPath: first };
      await blocked;
    }
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'unlisted',
      type: 'dataset',
      files: files(),
    });
    // The pause waits for the listing, which waits for the next file, so the file comes after.
    const pausing = engine.pause(id);
    release();
    await pausing;

    expect(await engine.wait(id)).toBe('paused');
    expect(ctx.journal.getTransfer(id)!.transfer.listingComplete).toBe(false);
    expect(() => engine.resume(id)).toThrow(/before all its files were listed.*Start a new upload/);
    expect(engine.resumeAll()).not.toContain(id);
  });

  it('sends journaled metadata on resume', async () => {
    const engine = ctx.engine();
    const metadata = { epochs: 10, source: 'listing test' };
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'with-metadata',
      type: 'model',
      description: 'resumed before createArtifact',
      metadata,
      files: [
        {
          logicalPath: 'weights.bin',
          localPath: ctx.writeLocal('meta/weights.bin', randomBytes(64 * MiB)),
        },
      ],
    });
    // Pausing while the file is hashed stops the upload before createArtifact is sent.
    await new Promise<void>((resolve) =>
      engine.events.on('state', (event) => {
        if (event.transferId === id && event.state === 'hashing') resolve();
      }),
    );
    await engine.pause(id);
    expect(ctx.journal.getTransfer(id)!.transfer.artifactId).toBeNull();
    expect(ctx.journal.getTransfer(id)!.transfer.target.artifactMetadata).toEqual(metadata);

    const resumed = ctx.engine();
    resumed.resume(id);
    expect(await resumed.wait(id)).toBe('completed');

    const versions = await ctx.client.artifactVersions(TEAM, PROJECT, 'model', 'with-metadata');
    const node = versions.project!.artifactType!.artifactCollection!.artifacts!.edges[0]!.node;
    expect(JSON.parse(node.metadata!)).toEqual(metadata);
    expect(node.description).toBe('resumed before createArtifact');
  });

  it('emits a done event per uploaded file', async () => {
    const engine = ctx.engine();
    const done: string[] = [];
    engine.events.on('state', (event) => {
      if (event.logicalPath !== undefined && event.state === 'done') done.push(event.logicalPath);
    });
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'done-events',
      type: 'dataset',
      files: ['x.txt', 'y.txt'].map((name) => ({
        logicalPath: name,
        localPath: ctx.writeLocal(`done-events/${name}`, Buffer.from(name)),
      })),
    });

    expect(await engine.wait(id)).toBe('completed');
    expect(done.sort()).toEqual(['x.txt', 'y.txt']);
  });
});
