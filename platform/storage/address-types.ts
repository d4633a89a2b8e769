// The parsed forms of the storage addresses that W&B's secure storage connector (BYOB)
// accepts. Every field is decoded, so keys are the bytes to sign with and names are plain text.
//
// NOTE: These objects contain secrets. Log describeStorageAddress(address), never the object.

/** A bucket on AWS S3, on an S3-compatible server (MinIO, Ceph RADOS Gateway) or on CoreWeave. */
export interface S3StorageAddress {
  provider: 's3';
  /**
   * `aws` for AWS's own endpoints, `coreweave` for cw:// addresses and CoreWeave hosts
   * (cwobject.com, cwlota.com), `s3-compatible` for any other endpoint.
   */
  flavor: 'aws' | 's3-compatible' | 'coreweave';
  fromDeployment: false;
  accessKeyId: string;
  secretAccessKey: string;
  /** S3 API base URL, such as `https://s3.us-east-1.amazonaws.com` or `http://127.0.0.1:8000`. */
  endpoint: string;
  /** Signing region, from `?region=` or from an AWS host name. */
  region: string;
  /** False for plain HTTP: `?tls=false`, or the CoreWeave LOTA endpoint without `?tls=`. */
  tls: boolean;
  /**
   * True when requests must name the bucket in the URL path (S3-compatible servers, which
   * often sit on an IP address). False for AWS and CoreWeave, because CoreWeave AI Object
   * Storage accepts only virtual-hosted style (bucket in the host name).
   */
  forcePathStyle: boolean;
  bucket: string;
  /** Folder inside the bucket for every object, without outer slashes, or '' for the root. */
  path: string;
}

/**
 * A bare `cw://`: W&B's way to select a self-managed deployment's CoreWeave instance bucket.
 * The address names no bucket, endpoint or credentials. The caller must take them from the
 * deployment's own CoreWeave settings before it can sign anything, and must reject the
 * address when it has none.
 */
export interface CoreWeaveDeploymentAddress {
  provider: 's3';
  flavor: 'coreweave';
  fromDeployment: true;
}

/** A Google Cloud Storage bucket reached with a service account key. */
export interface GcsStorageAddress {
  provider: 'gcs';
  /** The service account's `client_email`. */
  clientEmail: string;
  /** The service account's `private_key`: a PEM block with real line breaks. */
  privateKey: string;
  bucket: string;
  path: string;
  /** XML API base URL: `https://storage.googleapis.com` unless `?endpoint=` names a stand-in. */
  endpoint: string;
}

/** An Azure Blob Storage container reached with a storage account key. */
export interface AzureStorageAddress {
  provider: 'azure';
  accountName: string;
  /** The base64 account key (key1 or key2), decoded from the address's URL encoding. */
  accountKey: string;
  container: string;
  path: string;
  /**
   * Blob service URL: `https://<account>.blob.core.windows.net`, or `?endpoint=` for a stand-in.
   * An endpoint on an IP address or localhost is path-style and always ends in `/<account>`,
   * as Azurite expects (`http://127.0.0.1:10000/devstoreaccount1`).
   */
  endpoint: string;
}

export type StorageAddress =
  S3StorageAddress | CoreWeaveDeploymentAddress | GcsStorageAddress | AzureStorageAddress;

export const DEFAULT_GCS_ENDPOINT = 'https://storage.googleapis.com';

/** Returns the public blob service URL of an Azure storage account. */
export function defaultAzureEndpoint(accountName: string): string {
  return `https://${accountName}.blob.core.windows.net`;
}
