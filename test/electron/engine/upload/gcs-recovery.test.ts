import { recoverySuite, URL_SECONDS } from './recovery-suite';
import { startEngineEnv } from './fixture';

recoverySuite('UploadEngine recovery on the GCS double', async () => {
  const ctx = await startEngineEnv({ provider: 'gcs', lifetimes: { uploadSeconds: URL_SECONDS } });
  return { ctx, storageOrigin: ctx.gcs!.endpoint };
});
