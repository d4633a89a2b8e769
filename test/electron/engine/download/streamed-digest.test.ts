// The digests computed while a download writes: ranges added out of order, rewritten before
// they complete, missing or added twice, and slices of a whole-file GET. Each case writes a
// real file, hashes ranges in a real HashPool and compares with the MD5 of its bytes.

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  OrderedDigest,
  SequentialDigest,
} from '../../../../electron/engine/download/streamed-digest';
import { HashPool } from '../../../../electron/engine/hashing/index';

const MiB = 1024 * 1024;
/** Three whole ranges of 1 MiB and a last range of 17 bytes. */
const BYTES = randomBytes(3 * MiB + 17);
const RANGES = [0, 1, 2, 3].map((index) => ({
  offset: index * MiB,
  length: Math.min(MiB, BYTES.length - index * MiB),
}));
const EXPECTED_MD5 = createHash('md5').update(BYTES).digest('base64');

const dir = mkdtempSync(join(tmpdir(), 'streamed-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function writeFile(bytes: Buffer): string {
  const path = join(dir, `${fileCount++}.part`);
  writeFileSync(path, bytes);
  return path;
}

// Two workers, so the pool can spare one for an ordered digest.
const pool = new HashPool({ size: 2 });
afterAll(() => pool.close());

function startDigest(path: string): OrderedDigest {
  const digest = OrderedDigest.start(pool, path, BYTES.length, new AbortController().signal);
  expect(digest, `start ${path}`).not.toBeNull();
  return digest!;
}

describe('OrderedDigest', () => {
  it('hashes ranges added out of order', async () => {
    const digest = startDigest(writeFile(BYTES));

    for (const index of [3, 1, 0, 2]) digest.add(RANGES[index]!.offset, RANGES[index]!.length);

    const result = await digest.result();
    expect(result?.size).toBe(BYTES.length);
    expect(result?.md5Base64).toBe(EXPECTED_MD5);
  });

  it('hashes a range rewritten before it completed', async () => {
    // A failed attempt left other bytes in range 1, and the retry wrote the right ones.
    const damaged = Buffer.from(BYTES);
    randomBytes(1000).copy(damaged, MiB);
    const path = writeFile(damaged);
    const digest = startDigest(path);
    digest.add(RANGES[0]!.offset, RANGES[0]!.length);

    const handle = await open(path, 'r+');
    await handle.write(BYTES, MiB, MiB, MiB);
    await handle.close();
    for (const range of RANGES.slice(1)) digest.add(range.offset, range.length);

    expect((await digest.result())?.md5Base64).toBe(EXPECTED_MD5);
  });

  it('returns null when a range is missing', async () => {
    const digest = startDigest(writeFile(BYTES));

    for (const range of [RANGES[0]!, RANGES[2]!, RANGES[3]!])
      digest.add(range.offset, range.length);

    expect(await digest.result()).toBeNull();
  });

  it('returns null when a range comes again', async () => {
    const digest = startDigest(writeFile(BYTES));

    for (const range of RANGES) digest.add(range.offset, range.length);
    digest.add(RANGES[0]!.offset, RANGES[0]!.length);

    expect(await digest.result()).toBeNull();
  });

  it('returns null when a waiting range comes again', async () => {
    const digest = startDigest(writeFile(BYTES));

    digest.add(RANGES[2]!.offset, RANGES[2]!.length);
    for (const range of RANGES) digest.add(range.offset, range.length);

    expect(await digest.result()).toBeNull();
  });

  it('returns null when the file is shorter', async () => {
    const digest = startDigest(writeFile(BYTES.subarray(0, 2 * MiB)));

    for (const range of RANGES) digest.add(range.offset, range.length);

    expect(await digest.result()).toBeNull();
  });

  it('returns null after a stop', async () => {
    const digest = startDigest(writeFile(BYTES));
    for (const range of RANGES) digest.add(range.offset, range.length);

    await digest.stop();

    expect(await digest.result()).toBeNull();
  });

  it('returns null for a missing file', async () => {
    const digest = startDigest(join(dir, 'missing.part'));

    for (const range of RANGES) digest.add(range.offset, range.length);

    expect(await digest.result()).toBeNull();
  });
});

describe('SequentialDigest', () => {
  it('hashes slices in the order written', async () => {
    const digest = new SequentialDigest();

    for (let offset = 0; offset < BYTES.length; offset += 65_536) {
      digest.update(BYTES.subarray(offset, offset + 65_536));
    }

    const result = await digest.result();
    expect(result.size).toBe(BYTES.length);
    expect(result.md5Base64).toBe(EXPECTED_MD5);
  });

  it('hashes an empty file', async () => {
    const result = await new SequentialDigest().result();

    expect(result.size).toBe(0);
    expect(result.md5Base64).toBe(createHash('md5').digest('base64'));
  });
});
