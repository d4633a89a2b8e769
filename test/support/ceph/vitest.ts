// One cluster per test file: started in beforeAll, stopped in afterAll.
import { afterAll, beforeAll } from 'vitest';
import { startCeph, type CephCluster, type CephOptions } from './index.ts';

/**
 * Registers beforeAll/afterAll hooks for a cluster shared by the tests of the calling file and
 * returns a getter for it, usable inside tests and later hooks. A cold start takes about 15 s;
 * the system project's hookTimeout (300 s) covers it.
 */
export function useCephCluster(options?: CephOptions): () => CephCluster {
  let cluster: CephCluster | undefined;

  beforeAll(async () => {
    cluster = await startCeph(options);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  return () => {
    if (cluster === undefined) {
      throw new Error('The Ceph cluster is not running: use it inside tests or hooks, not at load');
    }
    return cluster;
  };
}
