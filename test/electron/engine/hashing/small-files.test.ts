// Files of up to 256 KiB are hashed with blocking calls. The digests must equal those of
// node:crypto on both sides of that size, and parts and missing files must behave as on the
// streaming path.
import { afterAll, describe, expect, it } from 'vitest';

import { allocateReadBuffers, hashFile } from '../../../../electron/engine/hashing/hash-file.ts';
import { SMALL_FILE_BYTES } from '../../../../electron/engine/hashing/hash-small.ts';
import { HashPool } from '../../../../electron/engine/hashing/index.ts';
import { expectedDigests, rangesOf, useTempFolder } from './hashing-fixture.ts';

const folder = useTempFolder('hash-small');
const pool = new HashPool({ size: 2, readSize: 64 * 1024 });
afterAll(() => pool.close());

describe('hashing small files', () => {
  const sizes = [0, 1, 16 * 1024, SMALL_FILE_BYTES, SMALL_FILE_BYTES + 1];

  for (const size of sizes) {
    it(`matches node:crypto at ${size} bytes`, async () => {
      const file = await folder.randomFile(`small-${size}.bin`, size);

      const result = await pool.hash(file.path);

      expect(result.size).toBe(size);
      expect(result.md5Base64).toBe(expectedDigests(file.bytes, []).md5Base64);
    });
  }

  it('hashes parts across read slices', async () => {
    const file = await folder.randomFile('small-parts.bin', 200 * 1024 + 3);
    const partSize = 50 * 1024;

    const result = await pool.hash(file.path, { partSize });

    expect(result.parts).toEqual(
      expectedDigests(file.bytes, rangesOf(file.bytes.length, partSize)).parts,
    );
  });

  it('reports progress once at the end', async () => {
    const file = await folder.randomFile('small-progress.bin', 10_000);
    const seen: number[] = [];

    await hashFile(
      file.path,
      {},
      {
        buffers: allocateReadBuffers(4096),
        progressIntervalMs: 0,
        onProgress: (bytesHashed) => seen.push(bytesHashed),
      },
    );

    expect(seen).toEqual([10_000]);
  });

  it('rejects a missing file with FILE_NOT_FOUND', async () => {
    const error = await pool.hash(`${folder.dir}/missing.bin`).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
