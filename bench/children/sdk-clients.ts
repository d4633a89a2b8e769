// The providers' own SDK clients for the baselines, built the way a user with bucket
// credentials would build them. Only what a local stand-in needs differs from the SDK
// defaults: path-style addressing and an explicit endpoint.

import { S3Client } from '@aws-sdk/client-s3';
import {
  BlobServiceClient,
  StorageSharedKeyCredential,
  type ContainerClient,
} from '@azure/storage-blob';

/** An S3 bucket with the keys that sign requests locally (Ceph RADOS Gateway here). */
export interface S3Target {
  provider: 's3';
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

/** An Azure container with its account key (Azurite here). */
export interface AzureTarget {
  provider: 'azure';
  /** Blob service URL including the account, such as http://127.0.0.1:10000/devstoreaccount1. */
  endpoint: string;
  account: string;
  accountKey: string;
  container: string;
}

export type StorageTarget = S3Target | AzureTarget;

export function s3ClientFor(target: S3Target): S3Client {
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  });
}

export function containerClientFor(target: AzureTarget): ContainerClient {
  const credential = new StorageSharedKeyCredential(target.account, target.accountKey);
  return new BlobServiceClient(target.endpoint, credential).getContainerClient(target.container);
}
