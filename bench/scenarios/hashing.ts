// Scenario 5: the engine's MD5 worker pool against `openssl speed -evp md5` on one core, in
// the same run. The files are written just before they are hashed, so they sit in the page
// cache and this measures reading from memory and hashing, not the disk. openssl runs with
// -elapsed, so its rate is per wall-clock second like the pool's. Without it openssl divides
// by its CPU user time (openssl-speed(1)), which hides time lost to other processes.

import { execFile } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { HashPool } from '../../electron/engine/hashing/index';
import { warmUpHashPool } from '../children/engine-setup';
import { writeLargeFile } from '../files';
import { alternate, megabytesPerSecond, ratioOf, summarize, type Summary } from '../measure';
import { mebibytes, range, ratioText, type ScenarioResult } from '../results';
import { LoadSampler } from '../machine';
import type { ScenarioContext } from '../scenario';

const run = promisify(execFile);
/** The pool's default read size, used by the single-thread loop too. */
const READ_BYTES = 1024 * 1024;
const OPENSSL_SECONDS = 3;

interface Rate {
  seconds: number;
  megabytesPerSecond: number;
  /** Cores that other processes kept busy meanwhile, or null without /proc. */
  otherCores: number | null;
}

export async function runHashing(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { config } = ctx;
  const folder = ctx.files.folder('hashing');
  const paths: string[] = [];
  for (let index = 0; index < config.hashFileCount; index++) {
    paths.push(join(folder, `hash-${index}.bin`));
    await writeLargeFile(paths[index]!, config.hashFileBytes);
  }
  const totalBytes = config.hashFileCount * config.hashFileBytes;
  const workers = availableParallelism();

  const pool = new HashPool({ size: workers });
  try {
    await warmUpHashPool(pool, join(folder, 'warm-up.bin'));

    const timed = async (work: () => Promise<unknown> | unknown): Promise<Rate> => {
      const load = new LoadSampler();
      const started = performance.now();
      await work();
      const seconds = (performance.now() - started) / 1000;
      const { otherCores } = load.stop();
      return { seconds, megabytesPerSecond: megabytesPerSecond(totalBytes, seconds), otherCores };
    };
    const results = await alternate<Rate>(config.repetitions, [
      {
        name: 'pool, whole-file MD5',
        run: () => timed(() => Promise.all(paths.map((path) => pool.hash(path)))),
      },
      {
        name: 'pool, whole-file and part MD5s',
        run: () =>
          timed(() =>
            Promise.all(paths.map((path) => pool.hash(path, { partSize: config.partSize }))),
          ),
      },
      { name: 'node:crypto, one thread', run: () => timed(() => hashOnThisThread(paths)) },
      { name: 'read only, one thread', run: () => timed(() => readOnThisThread(paths)) },
      {
        name: 'openssl speed, one core',
        run: async () => {
          const load = new LoadSampler();
          const rate = await opensslMegabytesPerSecond();
          const { otherCores } = load.stop();
          return { seconds: OPENSSL_SECONDS, megabytesPerSecond: rate, otherCores };
        },
      },
    ]);

    const summaries = new Map<string, Summary>(
      [...results].map(([name, rates]) => [
        name,
        summarize(rates.map((rate) => rate.megabytesPerSecond)),
      ]),
    );
    const poolRate = summaries.get('pool, whole-file MD5');
    const openssl = summaries.get('openssl speed, one core');
    const ratio = ratioOf(poolRate, openssl);
    const others = (name: string) => {
      const cores = results
        .get(name)!
        .flatMap((rate) => (rate.otherCores === null ? [] : [rate.otherCores]));
      return cores.length === 0 ? null : summarize(cores).median;
    };
    const rows = [...summaries].map(([name, summary]) => [
      name,
      range(summary),
      ratioText(ratioOf(summary, openssl)),
      others(name)?.toFixed(2) ?? 'n/a',
    ]);
    const single = summaries.get('node:crypto, one thread');

    return {
      id: 'hashing',
      title: `Hashing (${config.hashFileCount} files × ${mebibytes(config.hashFileBytes)}, ${workers} workers)`,
      ratio,
      ratioMeaning: `pool MB/s ÷ openssl single-core MB/s (medians), ${workers} cores`,
      target: '≥ 1.7 on 2 cores',
      met: ratio === null ? null : ratio >= 1.7,
      measurements: [...summaries].map(([name, summary]) => ({
        name,
        megabytesPerSecond: summary,
      })),
      table: {
        columns: [
          'hasher',
          'MB/s of file (min / median / max)',
          '÷ openssl',
          'cores busy with other processes meanwhile (median)',
        ],
        rows,
      },
      notes: [
        `openssl speed -elapsed -evp md5 on ${OPENSSL_SECONDS} s of 16 KiB blocks. The pool and the one-thread loop read the files in ${mebibytes(READ_BYTES)} slices.`,
        `With part MD5s (parts of ${mebibytes(config.partSize)}, as the engine hashes a multipart file) every byte goes through two MD5s, so that row moves each byte of the file at about half the rate.`,
        ...boundNotes(workers, openssl, summaries.get('read only, one thread')),
        ...(ratio !== null && ratio < 1.7
          ? [
              `Cause of the miss, measured here: other processes kept ${others('pool, whole-file MD5')?.toFixed(2) ?? 'n/a'} cores busy during the pool's runs, and the pool's threads share the ${workers} cores with this process and the idle stand-ins. The pool's speed-up over the one-thread node:crypto loop on the same files was ${ratioText(ratioOf(poolRate, single))}×.`,
            ]
          : []),
      ],
    };
  } finally {
    await pool.close();
  }
}

/** Hashes every file on this thread, whole-file MD5 only, with the pool's read size. */
function hashOnThisThread(paths: string[]): void {
  readOnThisThread(paths, () => createHash('md5'));
}

/**
 * Reads every file on this thread in the pool's read size, feeding each slice to a new hash
 * per file when `createHasher` is given. Without it the row measures the copies from the page
 * cache alone, which the pool pays on top of its MD5s.
 */
function readOnThisThread(paths: string[], createHasher?: () => Hash): void {
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  for (const path of paths) {
    const fd = openSync(path, 'r');
    const hash = createHasher?.();
    for (let bytes = readSync(fd, buffer); bytes > 0; bytes = readSync(fd, buffer)) {
      hash?.update(buffer.subarray(0, bytes));
    }
    hash?.digest();
    closeSync(fd);
  }
}

/**
 * States the best ratio the pool could reach here: besides its MD5, each byte is copied out of
 * the page cache, and openssl's figure includes no such copy.
 */
function boundNotes(workers: number, openssl?: Summary, read?: Summary): string[] {
  if (!openssl || !read) return [];
  const bound = workers / (1 + openssl.median / read.median);
  return [
    `Upper bound from this run: one thread copies files out of the page cache at ${Math.round(read.median)} MB/s, so ${workers} cores that read and hash each byte reach at most ${bound.toFixed(2)}× openssl's one-core rate (an estimate that leaves out thread scheduling and messages).`,
  ];
}

/** Returns openssl's MD5 rate on one core in MB/s; throws when openssl is missing. */
async function opensslMegabytesPerSecond(): Promise<number> {
  const args = [
    'speed',
    '-elapsed',
    '-mr',
    '-evp',
    'md5',
    '-seconds',
    String(OPENSSL_SECONDS),
    '-bytes',
    '16384',
  ];
  let stdout: string;
  try {
    ({ stdout } = await run('openssl', args, { timeout: 60_000 }));
  } catch (error) {
    throw new Error(
      `openssl speed failed (${(error as Error).message.split('\n')[0]}): install the Debian package openssl.`,
      {
        cause: error,
      },
    );
  }
  // Machine-readable output (-mr): "+F:<id>:md5:<bytes per second for each block size>".
  const line = stdout.split('\n').find((text) => text.startsWith('+F:'));
  const bytesPerSecond = Number(line?.split(':')[3]);
  if (!(bytesPerSecond > 0))
    throw new Error(`openssl speed printed no rate: ${JSON.stringify(stdout.slice(0, 200))}`);
  return bytesPerSecond / 1e6;
}
