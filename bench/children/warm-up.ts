// Start-up of the hashing workers before a measured transfer. A fresh worker first loads the
// TypeScript sources through tsx, a cost that a desktop app, which keeps its pool running,
// pays once and not per transfer.

import { writeFileSync } from 'node:fs';

import type { HashPool } from '../../electron/engine/hashing/index';

/** Starts every worker of `pool` by hashing a one-byte file, written at `path`, on each at once. */
export async function warmUpHashPool(pool: HashPool, path: string): Promise<void> {
  writeFileSync(path, 'x');
  await Promise.all(Array.from({ length: pool.size }, () => pool.hash(path)));
}
