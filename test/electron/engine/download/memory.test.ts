// Peak memory of a 512 MiB download in a child process. The file is fetched in 8 MiB ranges,
// 8 at a time, so holding the file or whole ranges in memory would exceed the limit below.

import { closeSync, ftruncateSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { childConnection } from '../../../support/engine-child';
import { MiB, PROJECT, startEngineEnv, TEAM, type EngineEnv } from '../upload/fixture';
import { startDownloadChild } from './child';
import type { DownloadChildRequest } from './download-child';
import { newRoot } from './fixture';

const FILE_SIZE = 512 * MiB;
const RANGE_SIZE = 8 * MiB;
const REQUESTS_IN_FLIGHT = 8;
// The same allowance for Node, tsx, undici, SQLite and the hashing workers as the upload
// memory test, with the byte budget of ranges in flight on top. The whole child peaked at
// 170 MiB in one run on Node 20.20 (2-vCPU Linux VM).
const FIXED_OVERHEAD = 300 * MiB;

describe('DownloadEngine memory', () => {
  let ctx: EngineEnv;

  beforeAll(async () => {
    ctx = await startEngineEnv();
  });

  afterAll(() => ctx?.stop());

  it('downloads 512 MiB within the byte budget', { timeout: 300_000 }, async () => {
    // A zero-filled sparse file costs no disk to create; the download writes real blocks.
    const localPath = join(ctx.dir, 'sparse.bin');
    const fd = openSync(localPath, 'w');
    ftruncateSync(fd, FILE_SIZE);
    closeSync(fd);
    const uploader = ctx.engine({ multipartThreshold: 6 * MiB, partSize: RANGE_SIZE });
    const uploadId = uploader.uploadArtifact({
      entity: TEAM,
      project: PROJECT,
      name: 'large',
      type: 'model',
      files: [{ localPath, logicalPath: 'large.bin' }],
    });
    expect(await uploader.wait(uploadId)).toBe('completed');

    const root = newRoot(ctx, 'memory');
    const request: DownloadChildRequest = {
      ...childConnection(ctx),
      entity: TEAM,
      project: PROJECT,
      name: 'large',
      root,
      rangeSize: RANGE_SIZE,
      parallelThreshold: RANGE_SIZE,
      maxRequestsInFlight: REQUESTS_IN_FLIGHT,
    };
    const result = await startDownloadChild(request).result;

    expect(result.error).toBeNull();
    expect(result.state).toBe('completed');
    expect(statSync(join(root, 'large.bin')).size).toBe(FILE_SIZE);
    const byteBudget = REQUESTS_IN_FLIGHT * RANGE_SIZE;
    expect(result.maxRssBytes).toBeLessThan(byteBudget + FIXED_OVERHEAD);
  });
});
