// The file stores an operator configures with --file-stores or GORILLA_SUPPORTED_FILE_STORES:
// the only external buckets that an admin may pick for a team through the API, which never
// carries secrets. Stores are named by their bucket, or `account/container` on Azure.

import { badInput } from '../core/errors';
import type { StorageAddress } from './address';
import { describeStorageAddress, parseStorageAddress, parseStorageAddressList } from './address';

export const FILE_STORES_ENV = 'GORILLA_SUPPORTED_FILE_STORES';

/** A storage address that names its own bucket and credentials (anything but a bare cw://). */
export type BucketAddress = Exclude<StorageAddress, { fromDeployment: true }>;

/** Returns the name an admin uses for the store: the bucket, or `account/container` on Azure. */
export function storeName(address: BucketAddress): string {
  return address.provider === 'azure'
    ? `${address.accountName}/${address.container}`
    : address.bucket;
}

/** Returns the bucket or container name, as providers report it. */
export function bucketName(address: BucketAddress): string {
  return address.provider === 'azure' ? address.container : address.bucket;
}

/**
 * Returns where the bucket lives, without credentials or sub-path: two addresses with the same
 * location reach the same objects. Used to keep teams that share a bucket apart.
 */
export function bucketLocation(address: BucketAddress): string {
  return `${address.provider}:${address.endpoint.toLowerCase()}/${bucketName(address)}`;
}

/** Rejects a bare cw://, which names no bucket of its own. */
export function requireBucketAddress(address: StorageAddress, usage: string): BucketAddress {
  if (address.provider === 's3' && address.fromDeployment) {
    throw badInput(
      `A bare cw:// names the deployment's own CoreWeave bucket and cannot be ${usage}: give cw://<accessKey>:<secretKey>@cwobject.com/<bucket>?region=<region>.`,
    );
  }
  return address as BucketAddress;
}

/** Parses the configured list; an empty or missing text gives no stores. */
export function parseFileStores(text: string | undefined): BucketAddress[] {
  if (!text || text.trim() === '') return [];
  return parseStorageAddressList(text).map((address) =>
    requireBucketAddress(address, 'a file store'),
  );
}

/** Lists the stores for an error message, secrets masked. */
export function describeFileStores(stores: readonly BucketAddress[]): string {
  if (stores.length === 0)
    return 'none (start the platform with --file-stores or GORILLA_SUPPORTED_FILE_STORES)';
  return stores.map((store) => describeStorageAddress(store)).join(', ');
}

/**
 * Finds a configured store by its name: the bucket, `account/container` on Azure, or a
 * scheme-qualified name such as `s3://bucket`, `gs://bucket` or `az://account/container`.
 * With `provider`, only stores of that provider match, and an Azure container name alone works.
 */
export function findFileStore(
  stores: readonly BucketAddress[],
  name: string,
  provider?: StorageAddress['provider'],
): BucketAddress {
  const requested = name
    .trim()
    .replace(/^(?:s3|cw|gs|az):\/\//, '')
    .replace(/\/+$/, '');
  const matches = stores.filter((store) => {
    if (provider && store.provider !== provider) return false;
    if (storeName(store) === requested) return true;
    return provider === 'azure' && bucketName(store) === requested;
  });

  const label = provider ? `${provider} store "${name}"` : `store "${name}"`;
  // Params name stores by bucket or account/container only, never by address.
  const params = { store: name, provider: provider ?? '' };
  if (matches.length === 0) {
    throw badInput(
      `Unknown ${label}: choose one of the configured file stores: ${describeFileStores(stores)}.`,
      stores.length === 0
        ? { reason: 'NO_FILE_STORES', params }
        : {
            reason: 'FILE_STORE_NOT_FOUND',
            params: { ...params, stores: stores.map(storeName).join(', ') },
          },
    );
  }
  if (matches.length > 1) {
    throw badInput(
      `The ${label} matches ${matches.length} configured file stores (${describeFileStores(matches)}): name it as account/container, or configure one of them.`,
      {
        reason: 'FILE_STORE_AMBIGUOUS',
        params: { ...params, stores: matches.map(storeName).join(', ') },
      },
    );
  }
  return matches[0]!;
}

/**
 * Resolves the --storage value of `team create`: a full address (anything with `user:key@`)
 * is used as given, any other value names a configured store.
 */
export function resolveStoreArgument(
  stores: readonly BucketAddress[],
  value: string,
): BucketAddress {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*@/.test(value.trim())) {
    return requireBucketAddress(parseStorageAddress(value), 'a team bucket');
  }
  return findFileStore(stores, value);
}
