import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MiB, PROJECT, startEngineEnv, TEAM, type EngineEnv } from './fixture';

describe('UploadEngine run files', () => {
  let ctx: EngineEnv;

  beforeAll(async () => {
    ctx = await startEngineEnv({ provider: 'gcs' });
  });

  afterAll(() => ctx?.stop());

  it('uploads run files and reads them back', async () => {
    const files: Record<string, Buffer> = {
      'output.log': randomBytes(5000),
      'media/images/sample 1.png': randomBytes(2 * MiB),
      'empty.json': Buffer.alloc(0),
    };
    for (let i = 0; i < 120; i++) files[`checkpoints/step-${i}.txt`] = randomBytes(10 + i);

    const engine = ctx.engine();
    const id = engine.uploadRunFiles({
      entity: TEAM,
      project: PROJECT,
      run: 'run-1',
      files: Object.entries(files).map(([logicalPath, bytes]) => ({
        logicalPath,
        localPath: ctx.writeLocal(`run/${logicalPath}`, bytes),
      })),
    });

    expect(await engine.wait(id)).toBe('completed');
    const states = new Set(ctx.journal.getTransfer(id)!.files.map((file) => file.state));
    expect(states).toEqual(new Set(['done']));

    const back: Record<string, Buffer> = {};
    for await (const file of ctx.client.iterateRunFiles(TEAM, PROJECT, 'run-1')) {
      const response = await fetch(file.directUrl);
      expect(response.status, file.name).toBe(200);
      back[file.name] = Buffer.from(await response.arrayBuffer());
    }
    expect(Object.keys(back).sort()).toEqual(Object.keys(files).sort());
    for (const [name, bytes] of Object.entries(files))
      expect(back[name]!.equals(bytes), name).toBe(true);
  });
});
