// HashPool.hashInOrder against node:crypto: ranges appended in file order give the MD5 of the
// whole file, and every way the ranges or the file can be wrong rejects, so a caller never
// trusts a digest that skipped or repeated bytes.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

import { afterAll, describe, expect, it } from 'vitest';

import { HashError, HashPool } from '../../../../electron/engine/hashing/index.ts';
import { MiB, useTempFolder } from './hashing-fixture.ts';

const folder = useTempFolder('ordered-hash');

// Small reads make several reads per range.
const pool = new HashPool({ size: 2, readSize: 256 * 1024 });
afterAll(() => pool.close());

/** Appends the file in ranges of `rangeSize` bytes, in order. */
function appendAll(
  hash: { append(offset: number, length: number): void },
  size: number,
  rangeSize: number,
) {
  for (let offset = 0; offset < size; offset += rangeSize) {
    hash.append(offset, Math.min(rangeSize, size - offset));
  }
}

describe('HashPool.hashInOrder', () => {
  it('matches node:crypto over ranges', async () => {
    const file = await folder.randomFile('whole.bin', 3 * MiB + 17);
    const hash = pool.hashInOrder(file.path)!;

    appendAll(hash, file.bytes.length, MiB);
    const result = await hash.finish();

    const expected = createHash('md5').update(file.bytes).digest();
    expect(result.size).toBe(file.bytes.length);
    expect(result.md5Base64).toBe(expected.toString('base64'));
    expect(result.md5Hex).toBe(expected.toString('hex'));
  });

  it('reads bytes written after it started', async () => {
    const file = await folder.randomFile('growing.bin', 2 * MiB);
    const handle = await open(file.path, 'r+');
    await handle.write(Buffer.alloc(2 * MiB), 0, 2 * MiB, 0);
    const hash = pool.hashInOrder(file.path)!;

    // The first range is rewritten with its final bytes before it is appended.
    await handle.write(file.bytes, 0, MiB, 0);
    hash.append(0, MiB);
    await handle.write(file.bytes, MiB, MiB, MiB);
    await handle.close();
    hash.append(MiB, MiB);

    const result = await hash.finish();
    expect(result.md5Base64).toBe(createHash('md5').update(file.bytes).digest('base64'));
  });

  it('rejects a range out of order', async () => {
    const file = await folder.randomFile('gap.bin', 2 * MiB);
    const hash = pool.hashInOrder(file.path)!;

    hash.append(MiB, MiB);
    hash.append(0, MiB);

    const error = await hash.finish().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HashError);
    expect((error as HashError).code).toBe('INVALID_PARTS');
  });

  it('rejects a file longer than its ranges', async () => {
    const file = await folder.randomFile('longer.bin', 2 * MiB);
    const hash = pool.hashInOrder(file.path)!;

    hash.append(0, MiB);

    const error = await hash.finish().catch((caught: unknown) => caught);
    expect((error as HashError).code).toBe('FILE_CHANGED');
  });

  it('rejects a file shorter than its ranges', async () => {
    const file = await folder.randomFile('shorter.bin', MiB);
    const hash = pool.hashInOrder(file.path)!;

    appendAll(hash, 2 * MiB, MiB);

    const error = await hash.finish().catch((caught: unknown) => caught);
    expect((error as HashError).code).toBe('FILE_CHANGED');
  });

  it('rejects with the abort reason', async () => {
    const file = await folder.randomFile('aborted.bin', MiB);
    const controller = new AbortController();
    const hash = pool.hashInOrder(file.path, controller.signal)!;
    const reason = new Error('paused');

    controller.abort(reason);

    await expect(hash.finish()).rejects.toBe(reason);
  });

  it('frees its worker after a cancel', async () => {
    const file = await folder.randomFile('cancelled.bin', MiB);
    const first = pool.hashInOrder(file.path)!;
    expect(pool.hashInOrder(file.path)).toBeNull();

    first.cancel();
    const second = pool.hashInOrder(file.path);

    expect(second).not.toBeNull();
    appendAll(second!, MiB, MiB);
    expect((await second!.finish()).size).toBe(MiB);
  });

  it('leaves a worker for other jobs', async () => {
    const file = await folder.randomFile('spare.bin', MiB);
    const ordered = pool.hashInOrder(file.path)!;

    // The ordered job keeps one worker, and a whole-file hash still runs on the other.
    const whole = await pool.hash(file.path);
    appendAll(ordered, MiB, MiB);
    const result = await ordered.finish();

    expect(result.md5Base64).toBe(whole.md5Base64);
  });

  it('returns null on a pool of one worker', async () => {
    const single = new HashPool({ size: 1 });
    const file = await folder.randomFile('single.bin', 1);

    expect(single.hashInOrder(file.path)).toBeNull();
    await single.close();
  });
});
