import type { StorageAddress } from './address';
import { describeStorageAddress } from './address';
import { createAzureProvider } from './azure';
import type { StorageProvider, UrlLifetimes } from './provider';

/** Opens the provider for a parsed storage address. */
export function openProvider(address: StorageAddress, lifetimes: UrlLifetimes): StorageProvider {
  switch (address.provider) {
    case 'azure':
      return createAzureProvider({
        account: address.accountName,
        accountKey: address.accountKey,
        container: address.container,
        endpoint: address.endpoint,
        prefix: address.path || undefined,
        lifetimes,
      });
    default:
      // TODO: open S3 (and CoreWeave) and GCS buckets here once their providers exist.
      throw new Error(
        `Storage address ${describeStorageAddress(address)} uses provider "${address.provider}", which this server does not support yet; use an az:// address.`,
      );
  }
}
