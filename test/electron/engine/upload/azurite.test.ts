import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ProgressEvent } from '../../../../electron/engine/upload/index';
import { MiB, PROJECT, SMALL_PARTS, startEngineEnv, TEAM, type EngineEnv } from './fixture';

describe('UploadEngine on Azurite', () => {
  let ctx: EngineEnv;

  beforeAll(async () => {
    ctx = await startEngineEnv();
  });

  afterAll(() => ctx?.stop());

  it('uploads small files with single PUTs', async () => {
    const files = {
      'a.txt': randomBytes(1000),
      'dir/b.bin': randomBytes(70_000),
      'empty.bin': Buffer.alloc(0),
    };
    const engine = ctx.engine();
    const progress: ProgressEvent[] = [];
    engine.events.on('progress', (event) => progress.push(event));
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'small',
      type: 'dataset',
      files: Object.entries(files).map(([logicalPath, bytes]) => ({
        logicalPath,
        localPath: ctx.writeLocal(`small/${logicalPath}`, bytes),
      })),
    });

    expect(await engine.wait(id)).toBe('completed');
    const total = Object.values(files).reduce((sum, bytes) => sum + bytes.length, 0);
    expect(progress.at(-1)!.transfer.bytesDone).toBe(total);
    expect(progress.at(-1)!.transfer.bytesTotal).toBe(total);
    expect(JSON.parse(JSON.stringify(progress.at(-1)))).toEqual(progress.at(-1));
    const back = await ctx.readBack('small');
    expect(Object.keys(back).sort()).toEqual(Object.keys(files).sort());
    for (const [name, bytes] of Object.entries(files)) expect(back[name]!.equals(bytes)).toBe(true);
  });

  it('stages a large file as Azure blocks', async () => {
    const bytes = randomBytes(12 * MiB + 17);
    const engine = ctx.engine(SMALL_PARTS);
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'blocks',
      type: 'model',
      files: [{ logicalPath: 'model.bin', localPath: ctx.writeLocal('blocks/model.bin', bytes) }],
    });

    expect(await engine.wait(id)).toBe('completed');
    const file = ctx.journal.getTransfer(id)!.files[0]!;
    expect(file.uploadMode).toBe('azure-blocks');
    expect(ctx.journal.confirmedParts(file.id).map((part) => part.partNumber)).toEqual([1, 2, 3]);
    const back = await ctx.readBack('blocks');
    expect(back['model.bin']!.equals(bytes)).toBe(true);
  });

  it('fails a listing with a missing file for good', async () => {
    const engine = ctx.engine();
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'missing',
      type: 'dataset',
      files: [
        { logicalPath: 'ok.txt', localPath: ctx.writeLocal('missing/ok.txt', randomBytes(10)) },
        { logicalPath: 'gone.txt', localPath: `${ctx.dir}/no-such-file.txt` },
      ],
    });

    expect(await engine.wait(id)).toBe('failed');
    expect(ctx.journal.getTransfer(id)!.transfer.error?.code).toBe('LISTING_FAILED');
    expect(() => engine.resume(id)).toThrow(/cannot be resumed/);
  });

  it('resumes paused uploads with resumeAll', async () => {
    const bytes = randomBytes(12 * MiB);
    const first = ctx.engine({ ...SMALL_PARTS, bandwidthBytesPerSecond: 4 * MiB });
    const id = first.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'resume-all',
      type: 'model',
      files: [{ logicalPath: 'r.bin', localPath: ctx.writeLocal('resume-all/r.bin', bytes) }],
    });
    // A pause before the listing completes would leave a transfer that cannot be resumed.
    await new Promise<void>((resolve) =>
      first.events.on('state', (event) => {
        if (event.transferId === id && event.state === 'hashing') resolve();
      }),
    );
    await first.pause(id);
    expect(await first.wait(id)).toBe('paused');

    // A second engine on the same journal plays the app after a restart.
    const second = ctx.engine(SMALL_PARTS);
    const resumed = second.resumeAll();
    expect(resumed).toContain(id);
    for (const resumedId of resumed) await second.wait(resumedId);

    expect(await second.wait(id)).toBe('completed');
    expect((await ctx.readBack('resume-all'))['r.bin']!.equals(bytes)).toBe(true);
  });
});
