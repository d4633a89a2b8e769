// The download engine against a Ceph RADOS Gateway: SigV4 download URLs, ranged GETs and
// If-Match on S3.

import { useCephCluster } from '../../../support/ceph/vitest';
import { startEngineEnvOnCeph } from '../upload/ceph-env';
import { downloadSuite } from './basic-suite';
import { downloadRecoverySuite, URL_SECONDS } from './recovery-suite';

const cluster = useCephCluster();

downloadSuite('DownloadEngine on Ceph', () => startEngineEnvOnCeph(cluster(), 'byob-download'));

downloadRecoverySuite('DownloadEngine recovery on Ceph', async () => {
  const ctx = await startEngineEnvOnCeph(cluster(), 'byob-download-recovery', {
    downloadSeconds: URL_SECONDS,
  });
  return { ctx, storageOrigin: cluster().endpoint };
});
