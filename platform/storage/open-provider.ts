import type { StorageAddress } from './address';
import { describeStorageAddress } from './address';
import { createAzureProvider } from './azure';
import { createGcsProvider } from './gcs';
import type { StorageProvider, UrlLifetimes } from './provider';
import { createS3Provider } from './s3';

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
    case 's3':
      if (address.fromDeployment) {
        throw new Error(
          `Storage address ${describeStorageAddress(address)} names no bucket, endpoint or keys, so opening it needs the deployment's CoreWeave settings, which this server does not have: give cw://<accessKey>:<secretKey>@cwobject.com/<bucket>?region=<region> instead.`,
        );
      }
      return createS3Provider({
        endpoint: address.endpoint,
        region: address.region,
        accessKeyId: address.accessKeyId,
        secretAccessKey: address.secretAccessKey,
        bucket: address.bucket,
        forcePathStyle: address.forcePathStyle,
        prefix: joinPrefix(address.path, options.prefix),
        kmsKeyId: options.kmsKeyId,
        lifetimes,
      });
  }
}
