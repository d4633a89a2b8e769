import { startEngineEnv } from '../upload/fixture';
import { downloadRecoverySuite, URL_SECONDS } from './recovery-suite';

downloadRecoverySuite('DownloadEngine recovery on Azurite', async () => {
  const ctx = await startEngineEnv({ lifetimes: { downloadSeconds: URL_SECONDS } });
  return { ctx, storageOrigin: new URL(ctx.env.azurite.endpoint).origin };
});
