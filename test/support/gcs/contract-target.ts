// The store that the GCS contract suite runs against. By default that is the GCS double on
// 127.0.0.1. With GCS_TEST_BUCKET and GOOGLE_APPLICATION_CREDENTIALS set it is that real Cloud
// Storage bucket, reached at https://storage.googleapis.com with URLs signed by the
// service-account key that GOOGLE_APPLICATION_CREDENTIALS names.

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { Storage } from '@google-cloud/storage';

import { startGcsDouble } from './index';
import { UrlSigner } from './signed-requests';
import { XmlApiRequests } from './xml-api-requests';

export interface ContractTarget {
  /** Human-readable name of the store, for test titles. */
  description: string;
  requests: XmlApiRequests;
  /** Returns a name under a prefix unique to this run and remembers it for cleanup. */
  objectName(suffix: string): string;
  /** Deletes the objects this run wrote and stops the double if one was started. */
  close(): Promise<void>;
}

const DOUBLE_BUCKET = 'byob-contract';

export async function openContractTarget(): Promise<ContractTarget> {
  const bucket = process.env.GCS_TEST_BUCKET;
  const keyFile = process.env.GOOGLE_APPLICATION_CREDENTIALS;

  if (bucket === undefined || bucket === '') {
    return openDouble();
  }
  if (keyFile === undefined || keyFile === '') {
    throw new Error(
      'GCS_TEST_BUCKET is set but GOOGLE_APPLICATION_CREDENTIALS is not: set it to the path of a ' +
        'service-account JSON key, or unset GCS_TEST_BUCKET to run against the GCS double.',
    );
  }
  return openRealBucket(bucket, keyFile);
}

async function openDouble(): Promise<ContractTarget> {
  const gcs = await startGcsDouble();
  gcs.createBucket(DOUBLE_BUCKET);
  const storage = new Storage({
    apiEndpoint: gcs.endpoint,
    projectId: gcs.projectId,
    credentials: gcs.serviceAccount,
  });
  return {
    description: `GCS double at ${gcs.endpoint}`,
    requests: new XmlApiRequests(new UrlSigner(storage, DOUBLE_BUCKET)),
    objectName: (suffix) => suffix,
    close: () => gcs.stop(),
  };
}

// NOTE: this branch runs only where a tester sets GCS_TEST_BUCKET; the project's own test runs
// never contact Google, so it has not been run here.
async function openRealBucket(bucket: string, keyFile: string): Promise<ContractTarget> {
  const key = await readServiceAccountKey(keyFile);
  const storage = new Storage({
    projectId: key.project_id,
    credentials: { client_email: key.client_email, private_key: key.private_key },
  });
  const requests = new XmlApiRequests(new UrlSigner(storage, bucket));

  // Every run writes under its own prefix, so concurrent runs and leftovers never collide.
  const prefix = `byob-gcs-contract/${new Date().toISOString().slice(0, 10)}/${randomUUID()}/`;
  const written = new Set<string>();

  return {
    description: `Cloud Storage bucket ${bucket}`,
    requests,
    objectName(suffix) {
      const name = prefix + suffix;
      written.add(name);
      return name;
    },
    async close() {
      const failures: string[] = [];
      for (const name of written) {
        const response = await requests.delete(name);
        if (response.status !== 204 && response.status !== 404) {
          failures.push(`${name}: ${response.status}`);
        }
      }
      if (failures.length > 0) {
        throw new Error(`Cleanup of gs://${bucket}/${prefix} failed for ${failures.join(', ')}.`);
      }
    },
  };
}

interface ServiceAccountFile {
  type: string;
  project_id: string;
  client_email: string;
  private_key: string;
}

/** Reads a service-account JSON key; V4 signing offline needs its private_key. */
async function readServiceAccountKey(path: string): Promise<ServiceAccountFile> {
  const key = JSON.parse(await readFile(path, 'utf8')) as Partial<ServiceAccountFile>;
  if (key.type !== 'service_account' || !key.client_email || !key.private_key || !key.project_id) {
    throw new Error(
      `GOOGLE_APPLICATION_CREDENTIALS (${path}) is not a service-account JSON key with ` +
        'client_email, private_key and project_id; create one with ' +
        '"gcloud iam service-accounts keys create".',
    );
  }
  return key as ServiceAccountFile;
}
