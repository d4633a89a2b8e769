import { recoverySuite, URL_SECONDS } from './recovery-suite';
import { startEngineEnv } from './fixture';

recoverySuite(
  'UploadEngine recovery on Azurite',
  async () => {
    const ctx = await startEngineEnv({ lifetimes: { uploadSeconds: URL_SECONDS } });
    return { ctx, storageOrigin: new URL(ctx.env.azurite.endpoint).origin };
  },
  { multipart: false },
);
