// Work that starts while the folder is still being walked. Each test lists one intake batch,
// then pauses the walk until it has seen that batch's work: a file hashing (artifacts) or a
// file stored in Azurite (run files). A test that hangs here means the work waited for the
// whole listing.

import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  ProgressEvent,
  UploadEngine,
  UploadFileInput,
} from '../../../../electron/engine/upload/index';
import { INTAKE_BATCH } from '../../../../electron/engine/upload/intake';
import { PROJECT, startEngineEnv, TEAM, type EngineEnv } from './fixture';

interface HeldWalk {
  files: AsyncGenerator<UploadFileInput>;
  contents: Record<string, Buffer>;
  firstHalf: string[];
  firstHalfBytes: number;
  /** Lets the walk yield its second half. */
  release(): void;
  /** Whether the walk has yielded its last file. */
  finished(): boolean;
}

/** Writes two intake batches of small files and a walk that stops after the first one. */
function heldWalk(ctx: EngineEnv, folder: string): HeldWalk {
  const contents: Record<string, Buffer> = {};
  const inputs: UploadFileInput[] = [];
  for (let i = 0; i < 2 * INTAKE_BATCH; i++) {
    const logicalPath = `part-${Math.floor(i / INTAKE_BATCH)}/file-${i}.bin`;
    contents[logicalPath] = randomBytes(16 + (i % 64));
    inputs.push({
      logicalPath,
      localPath: ctx.writeLocal(`${folder}/${logicalPath}`, contents[logicalPath]),
    });
  }
  const firstHalf = inputs.slice(0, INTAKE_BATCH).map((input) => input.logicalPath);

  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let done = false;
  async function* files(): AsyncGenerator<UploadFileInput> {
    yield* inputs.slice(0, INTAKE_BATCH);
    await gate;
    yield* inputs.slice(INTAKE_BATCH);
    done = true;
  }

  return {
    files: files(),
    contents,
    firstHalf,
    firstHalfBytes: firstHalf.reduce((sum, name) => sum + contents[name]!.length, 0),
    release,
    finished: () => done,
  };
}

/** Resolves with the first file of `names` that reaches `state`. */
function firstFileIn(
  engine: UploadEngine,
  names: readonly string[],
  state: 'hashing' | 'done',
): Promise<string> {
  const expected = new Set(names);
  return new Promise((resolve) =>
    engine.events.on('state', (event) => {
      if (event.state === state && event.logicalPath && expected.has(event.logicalPath)) {
        resolve(event.logicalPath);
      }
    }),
  );
}

// An upload of two intake batches (1000 files) took 20 to 30 seconds on a shared 2-core
// machine, so those tests get a timeout above the project's 60 seconds.
const TWO_BATCHES_TIMEOUT_MS = 180_000;

describe('UploadEngine work during the walk', () => {
  let ctx: EngineEnv;

  beforeAll(async () => {
    ctx = await startEngineEnv();
  });

  afterAll(() => ctx?.stop());

  it(
    'hashes artifact files while walking',
    async () => {
      const engine = ctx.engine();
      const walk = heldWalk(ctx, 'artifact');
      const progress: ProgressEvent[] = [];
      engine.events.on('progress', (event) => progress.push(event));
      const hashing = firstFileIn(engine, walk.firstHalf, 'hashing');

      const id = engine.uploadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'walked',
        type: 'dataset',
        files: walk.files,
      });
      const hashed = await hashing;

      expect(walk.finished()).toBe(false);
      expect(ctx.journal.getTransfer(id)!.transfer.listingComplete).toBe(false);
      expect(ctx.journal.getTransfer(id)!.transfer.artifactId).toBeNull();
      expect(progress.at(-1)!.transfer.bytesTotal).toBe(walk.firstHalfBytes);
      walk.release();

      expect(await engine.wait(id)).toBe('completed');
      const totalBytes = Object.values(walk.contents).reduce((sum, bytes) => sum + bytes.length, 0);
      expect(progress.at(-1)!.transfer.bytesTotal).toBe(totalBytes);
      const back = await ctx.readBack('walked');
      expect(Object.keys(back).length).toBe(2 * INTAKE_BATCH);
      expect(back[hashed]!.equals(walk.contents[hashed]!)).toBe(true);
      for (const [name, bytes] of Object.entries(walk.contents)) {
        expect(back[name]!.equals(bytes), name).toBe(true);
      }
    },
    TWO_BATCHES_TIMEOUT_MS,
  );

  it(
    'stores run files while walking',
    async () => {
      const engine = ctx.engine();
      const walk = heldWalk(ctx, 'run');
      const stored = firstFileIn(engine, walk.firstHalf, 'done');

      const id = engine.uploadRunFiles({
        entity: TEAM,
        project: PROJECT,
        run: 'walked-run',
        files: walk.files,
      });
      const name = await stored;

      expect(walk.finished()).toBe(false);
      expect(ctx.journal.getTransfer(id)!.transfer.listingComplete).toBe(false);
      const early = await storedRunFiles(ctx, 'walked-run');
      expect(early[name]).toEqual(walk.contents[name]);
      walk.release();

      expect(await engine.wait(id)).toBe('completed');
      const back = await storedRunFiles(ctx, 'walked-run');
      expect(Object.keys(back).length).toBe(2 * INTAKE_BATCH);
      for (const [logicalPath, bytes] of Object.entries(walk.contents)) {
        expect(back[logicalPath]!.equals(bytes), logicalPath).toBe(true);
      }
    },
    TWO_BATCHES_TIMEOUT_MS,
  );

  it('fails a walk after hashing started', async () => {
    const engine = ctx.engine();
    const firstBatch: UploadFileInput[] = [];
    for (let i = 0; i < INTAKE_BATCH; i++) {
      const logicalPath = `file-${i}.bin`;
      firstBatch.push({
        logicalPath,
        localPath: ctx.writeLocal(`broken/${logicalPath}`, randomBytes(32)),
      });
    }
    const hashing = firstFileIn(
      engine,
      firstBatch.map((input) => input.logicalPath),
      'hashing',
    );
    async function* files(): AsyncGenerator<UploadFileInput> {
      yield* firstBatch;
      // The walk goes on only once the first batch is hashing, then finds a missing file.
      await hashing;
      yield { logicalPath: 'missing.bin', localPath: `${ctx.dir}/broken/missing.bin` };
    }

    const id = engine.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'walk-failed',
      type: 'dataset',
      files: files(),
    });

    expect(await engine.wait(id)).toBe('failed');
    const { transfer, files: records } = ctx.journal.getTransfer(id)!;
    expect(transfer.error?.code).toBe('LISTING_FAILED');
    expect(transfer.error?.message).toContain('missing.bin');
    expect(transfer.listingComplete).toBe(false);
    // The failure waits for the hashes already started, so none is left running.
    expect(new Set(records.map((record) => record.state))).toEqual(new Set(['hashed']));
    expect(() => engine.resume(id)).toThrow(/listing its files failed.*Start a new transfer/);
  });
});

/**
 * Downloads every stored file of run `run`. A file registered by createRunFiles whose PUT has
 * not finished is listed but not yet stored, so it is left out.
 */
async function storedRunFiles(ctx: EngineEnv, run: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for await (const file of ctx.client.iterateRunFiles(TEAM, PROJECT, run)) {
    const response = await fetch(file.directUrl);
    if (!response.ok) continue;
    files[file.name] = Buffer.from(await response.arrayBuffer());
  }
  return files;
}
