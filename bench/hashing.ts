// Compares the hashing pool with a single-threaded node:crypto loop over the same files and
// with `openssl speed -evp md5` (one core, no file reads) when openssl is on the PATH.
// Run by hand:
//
//   npx tsx bench/hashing.ts --files 8 --size-mib 256
//
// The files are written just before they are hashed, so they sit in the page cache and this
// measures reading from memory and hashing, not the disk. Results depend on the machine;
// record the CPU, the core count and the command line with any number you keep.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { HashPool } from '../electron/engine/hashing/index.ts';

const MiB = 1024 * 1024;

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '8' },
    'size-mib': { type: 'string', default: '128' },
    workers: { type: 'string', default: String(availableParallelism()) },
    'read-kib': { type: 'string', default: '1024' },
    'part-mib': { type: 'string', default: '8' },
  },
});

const fileCount = positiveInteger('files', args.files);
const fileSize = positiveInteger('size-mib', args['size-mib']) * MiB;
const workers = positiveInteger('workers', args.workers);
const readSize = positiveInteger('read-kib', args['read-kib']) * 1024;
// 0 hashes whole files only. With parts every byte goes through two MD5s (the whole file's
// and its part's), so expect roughly half the rate of whole files only.
const partSize = integerArgument('part-mib', args['part-mib'], 0) * MiB;

function positiveInteger(name: string, text: string): number {
  return integerArgument(name, text, 1);
}

function integerArgument(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    console.error(`--${name} is ${JSON.stringify(text)}: pass a whole number of ${min} or more.`);
    process.exit(2);
  }
  return value;
}

/** Writes `count` files of random bytes and returns their paths. */
async function writeFiles(dir: string, count: number, size: number): Promise<string[]> {
  const paths: string[] = [];
  const piece = randomBytes(Math.min(size, 8 * MiB));

  for (let i = 0; i < count; i += 1) {
    const filePath = path.join(dir, `bench-${i}.bin`);
    const handle = await open(filePath, 'w');
    // A different first byte per piece keeps files distinct without generating
    // `count * size` random bytes.
    for (let written = 0; written < size; written += piece.length) {
      piece[0] = (i + written) & 0xff;
      await handle.write(piece, 0, Math.min(piece.length, size - written));
    }
    await handle.close();
    paths.push(filePath);
  }
  return paths;
}

/** Hashes every file with the pool, all jobs queued at once, and returns seconds taken. */
async function timePool(paths: string[], warmUpPath: string): Promise<number> {
  const pool = new HashPool({ size: workers, readSize });
  try {
    // Start every worker before timing, because loading the TypeScript sources through tsx
    // takes far longer than hashing a small file.
    await Promise.all(Array.from({ length: workers }, () => pool.hash(warmUpPath)));

    const started = performance.now();
    const layout = partSize > 0 ? { partSize } : {};
    await Promise.all(paths.map((filePath) => pool.hash(filePath, layout)));
    return (performance.now() - started) / 1000;
  } finally {
    await pool.close();
  }
}

/** Hashes every file on this thread with the same read size and part size. */
function timeSingleThread(paths: string[]): number {
  const buffer = Buffer.allocUnsafe(readSize);
  const started = performance.now();

  for (const filePath of paths) {
    const fd = openSync(filePath, 'r');
    const whole = createHash('md5');
    let part = createHash('md5');
    let partBytes = 0;
    for (let bytesRead = readSync(fd, buffer); bytesRead > 0; bytesRead = readSync(fd, buffer)) {
      const slice = buffer.subarray(0, bytesRead);
      whole.update(slice);
      if (partSize === 0) continue;

      // Parts end on read boundaries here, which matches the pool when the read size
      // divides the part size, as the defaults do.
      part.update(slice);
      partBytes += bytesRead;
      if (partBytes >= partSize) {
        part.digest();
        part = createHash('md5');
        partBytes = 0;
      }
    }
    whole.digest();
    closeSync(fd);
  }
  return (performance.now() - started) / 1000;
}

/** Returns openssl's MD5 rate on 16 KiB blocks in bytes per second, or null without openssl. */
function opensslRate(): Promise<number | null> {
  return new Promise((resolve) => {
    const argv = ['speed', '-mr', '-evp', 'md5', '-seconds', '2', '-bytes', '16384'];
    execFile('openssl', argv, { timeout: 60_000 }, (error, stdout) => {
      if (error) {
        const firstLine = error.message.split('\n')[0];
        console.log(`openssl speed failed (${firstLine}), so its comparison is skipped.`);
        resolve(null);
        return;
      }
      // Machine-readable output (-mr): "+F:<id>:md5:<bytes per second for each block size>".
      const line = stdout.split('\n').find((text) => text.startsWith('+F:'));
      const rate = Number(line?.split(':')[3]);
      resolve(Number.isFinite(rate) && rate > 0 ? rate : null);
    });
  });
}

function megabytesPerSecond(bytes: number, seconds: number): number {
  return bytes / 1e6 / seconds;
}

const dir = await mkdtemp(path.join(tmpdir(), 'byob-hash-bench-'));
try {
  const totalBytes = fileCount * fileSize;
  console.log(
    `${fileCount} files of ${fileSize / MiB} MiB, ${workers} workers, reads of ${readSize / 1024} KiB, ` +
      (partSize > 0 ? `parts of ${partSize / MiB} MiB` : 'no parts'),
  );
  console.log(`CPU: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores available`);

  const paths = await writeFiles(dir, fileCount, fileSize);
  const warmUpPath = path.join(dir, 'warm-up.bin');
  await writeFile(warmUpPath, 'x');

  const singleSeconds = timeSingleThread(paths);
  const poolSeconds = await timePool(paths, warmUpPath);
  const single = megabytesPerSecond(totalBytes, singleSeconds);
  const pooled = megabytesPerSecond(totalBytes, poolSeconds);

  console.log(`single thread node:crypto: ${single.toFixed(0)} MB/s`);
  console.log(`pool:                      ${pooled.toFixed(0)} MB/s`);
  console.log(`pool / single thread:      ${(pooled / single).toFixed(2)}`);

  const rate = await opensslRate();
  if (rate !== null) {
    const openssl = rate / 1e6;
    console.log(`openssl speed, one core:   ${openssl.toFixed(0)} MB/s`);
    console.log(`single thread / openssl:   ${(single / openssl).toFixed(2)}`);
    console.log(`pool / (openssl x workers): ${(pooled / (openssl * workers)).toFixed(2)}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
