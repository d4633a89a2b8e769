import { startEngineEnv } from '../upload/fixture';
import { downloadRecoverySuite, URL_SECONDS } from './recovery-suite';

downloadRecoverySuite('DownloadEngine recovery on the GCS double', async () => {
  const ctx = await startEngineEnv({
    provider: 'gcs',
    lifetimes: { downloadSeconds: URL_SECONDS },
  });
  return { ctx, storageOrigin: ctx.gcs!.endpoint };
});
