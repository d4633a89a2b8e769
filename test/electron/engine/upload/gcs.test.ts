import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StateEvent } from '../../../../electron/engine/upload/index';
import { edgeCaseFiles } from './cases';
import { MiB, PROJECT, SMALL_PARTS, startEngineEnv, TEAM, type EngineEnv } from './fixture';

describe('UploadEngine on the GCS double', () => {
  let ctx: EngineEnv;
  const files = {
    'single.bin': randomBytes(3 * MiB),
    'exact-part.bin': randomBytes(5 * MiB),
    'multi.bin': randomBytes(13 * MiB + 5),
    'empty.txt': Buffer.alloc(0),
  };
  const list = () =>
    Object.entries(files).map(([logicalPath, bytes]) => ({
      logicalPath,
      localPath: ctx.writeLocal(`gcs/${logicalPath}`, bytes),
    }));

  beforeAll(async () => {
    ctx = await startEngineEnv({ provider: 'gcs' });
  });

  afterAll(() => ctx?.stop());

  it('uploads single and multipart files', async () => {
    const engine = ctx.engine(SMALL_PARTS);
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'mixed',
      type: 'dataset',
      files: list(),
    });

    expect(await engine.wait(id)).toBe('completed');
    const modes = Object.fromEntries(
      ctx.journal.getTransfer(id)!.files.map((f) => [f.logicalPath, f.uploadMode]),
    );
    expect(modes['multi.bin']).toBe('multipart');
    expect(modes['single.bin']).toBe('single');
    const multi = ctx.journal.getTransfer(id)!.files.find((f) => f.logicalPath === 'multi.bin')!;
    expect(ctx.journal.confirmedParts(multi.id)).toHaveLength(3);

    const back = await ctx.readBack('mixed');
    for (const [name, bytes] of Object.entries(files)) expect(back[name]!.equals(bytes)).toBe(true);
  });

  it('commits identical content without uploading', async () => {
    const engine = ctx.engine(SMALL_PARTS);
    const states: StateEvent[] = [];
    engine.events.on('state', (event) => states.push(event));
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'mixed',
      type: 'dataset',
      files: list(),
    });

    expect(await engine.wait(id)).toBe('completed');
    const fileStates = ctx.journal.getTransfer(id)!.files.map((f) => f.state);
    expect(fileStates).toEqual(['deduplicated', 'deduplicated', 'deduplicated', 'deduplicated']);
    expect(states.filter((s) => s.state === 'uploading')).toEqual([]);
  });

  it('deduplicates stored content in a new version', async () => {
    const engine = ctx.engine(SMALL_PARTS);
    const extra = randomBytes(2000);
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'mixed',
      type: 'dataset',
      files: [
        ...list(),
        { logicalPath: 'extra.bin', localPath: ctx.writeLocal('gcs/extra.bin', extra) },
      ],
    });

    expect(await engine.wait(id)).toBe('completed');
    const byPath = Object.fromEntries(
      ctx.journal.getTransfer(id)!.files.map((f) => [f.logicalPath, f]),
    );
    expect(byPath['multi.bin']!.state).toBe('deduplicated');
    expect(byPath['single.bin']!.state).toBe('deduplicated');
    expect(byPath['extra.bin']!.state).toBe('done');
    expect(ctx.journal.confirmedParts(byPath['multi.bin']!.id)).toEqual([]);

    const back = await ctx.readBack('mixed');
    expect(back['extra.bin']!.equals(extra)).toBe(true);
    expect(back['multi.bin']!.equals(files['multi.bin'])).toBe(true);
  });

  it('stores edge sizes and escaped names', async () => {
    const cases = edgeCaseFiles(300);
    const engine = ctx.engine({ ...SMALL_PARTS, maxRequestsInFlight: 16 });
    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'edges',
      type: 'dataset',
      files: Object.entries(cases).map(([logicalPath, bytes]) => ({
        logicalPath,
        localPath: ctx.writeLocal(`edges/${logicalPath}`, bytes),
      })),
    });

    const state = await engine.wait(id);
    expect(ctx.journal.getTransfer(id)!.transfer.error).toBeNull();
    expect(state).toBe('completed');
    const back = await ctx.readBack('edges');
    // The engine sends names in NFC, as the platform stores them.
    const expected = Object.entries(cases).map(
      ([name, bytes]) => [name.normalize('NFC'), bytes] as const,
    );
    expect(Object.keys(back).sort()).toEqual(expected.map(([name]) => name).sort());
    for (const [name, bytes] of expected) expect(back[name]!.equals(bytes), name).toBe(true);
  });
});
