import { PlatformError } from '../core/errors';
import { describeStorageAddress, redactStorageAddress, type StorageAddress } from './address';
import { openProvider } from './open-provider';
import { DEFAULT_URL_LIFETIMES } from './provider';

// Long enough for the SDKs' own retries of a refused connection, short enough that a wrong
// endpoint does not leave the operator waiting minutes for the error.
const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Checks at start that the instance-level bucket exists and accepts its credentials, so a
 * wrong key or a missing container stops the server instead of failing every client upload.
 * Throws one line with the masked address, the provider's error and the fix.
 */
export async function checkInstanceBucket(
  address: StorageAddress,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<void> {
  const label = describeStorageAddress(address);
  const fail = (reason: string) =>
    new PlatformError(
      'STORAGE_ERROR',
      `The instance-level bucket ${label} failed its access check: ${reason} Fix --instance-bucket or BUCKET, then start again.`,
    );

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          fail(
            `no answer within ${timeoutMs / 1000} s (the SDKs retry refused connections), so check that the endpoint is reachable from this host.`,
          ),
        ),
      timeoutMs,
    );
  });

  try {
    const provider = openProvider(address, DEFAULT_URL_LIFETIMES);
    await Promise.race([provider.checkAccess(), timeout]);
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    const text = redactStorageAddress(error instanceof Error ? error.message : String(error));
    throw fail(/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
  } finally {
    clearTimeout(timer);
  }
}
