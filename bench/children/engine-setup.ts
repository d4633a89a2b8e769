// Set-up that both engine children run before the clock starts: a hashing pool with every worker
// running, the shared HTTP agent, a fresh journal and a signed-in platform client. A fresh
// worker first loads the TypeScript sources through tsx, a cost that a desktop app, which
// keeps its pool running, pays once and not per transfer.

import { writeFileSync } from 'node:fs';

import type { Dispatcher } from 'undici';

import { createHttpAgent } from '../../electron/engine/http/index';
import { HashPool } from '../../electron/engine/hashing/index';
import { Journal } from '../../electron/engine/journal/index';
import { PlatformClient } from '../../electron/platform-client/index';

export interface EngineSetup {
  hashPool: HashPool;
  dispatcher: Dispatcher;
  journal: Journal;
  client: PlatformClient;
  /** Closes the pool, the journal and the agent; close the engine first. */
  close(): Promise<void>;
}

export async function setUpEngine(request: {
  platformUrl: string;
  apiKey: string;
  journalPath: string;
}): Promise<EngineSetup> {
  const hashPool = new HashPool();
  await warmUpHashPool(hashPool, `${request.journalPath}.warm-up`);
  const dispatcher = createHttpAgent();
  const journal = Journal.open(request.journalPath);
  const client = new PlatformClient({
    host: request.platformUrl,
    apiKey: request.apiKey,
    dispatcher,
  });
  return {
    hashPool,
    dispatcher,
    journal,
    client,
    async close() {
      await hashPool.close();
      journal.close();
      await dispatcher.close();
    },
  };
}

/** Starts every worker of `pool` by hashing a one-byte file, written at `path`, on each at once. */
export async function warmUpHashPool(pool: HashPool, path: string): Promise<void> {
  writeFileSync(path, 'x');
  await Promise.all(Array.from({ length: pool.size }, () => pool.hash(path)));
}
