import type { StorageAddress } from './address';
import { describeStorageAddress } from './address';
import { createAzureProvider } from './azure';
import { createGcsProvider } from './gcs';
import type { StorageProvider, UrlLifetimes } from './provider';

/** Team settings that change how a bucket is used, beyond its address. */
export interface ProviderOptions {
  /** Folder inside the bucket for every object, joined after the address's own path. */
  prefix?: string;
  /** AWS KMS key for SSE-KMS on S3 uploads. */
  kmsKeyId?: string;
}

function joinPrefix(...parts: (string | undefined)[]): string | undefined {
  const joined = parts.filter((p): p is string => Boolean(p)).join('/');
  return joined === '' ? undefined : joined;
}

/** Opens the provider for a parsed storage address. */
export function openProvider(
  address: StorageAddress,
  lifetimes: UrlLifetimes,
  options: ProviderOptions = {},
): StorageProvider {
  switch (address.provider) {
    case 'azure':
      return createAzureProvider({
        account: address.accountName,
        accountKey: address.accountKey,
        container: address.container,
        endpoint: address.endpoint,
        prefix: joinPrefix(address.path, options.prefix),
        lifetimes,
      });
    case 'gcs':
      return createGcsProvider({
        endpoint: address.endpoint,
        clientEmail: address.clientEmail,
        privateKey: address.privateKey,
        bucket: address.bucket,
        prefix: joinPrefix(address.path, options.prefix),
        lifetimes,
      });
    default:
      // TODO: open S3 (and CoreWeave) buckets here once their provider exists.
      throw new Error(
        `Storage address ${describeStorageAddress(address)} uses provider "${address.provider}", which this server does not support yet; use a gs:// or az:// address.`,
      );
  }
}
