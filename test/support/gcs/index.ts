// GCS double: a TEST DOUBLE of the Google Cloud Storage XML API, written for this project's tests
// from Google's public documentation of the XML API and of V4 signing. It is not a Google
// product, shares no code with Cloud Storage, and only imitates the behaviour that the tests
// exercise:
//   - V4 signed URLs (GOOG4-RSA-SHA256) signed offline by service accounts the double creates,
//     and `Authorization: Bearer` tokens that a test registers (see credentials.ts);
//   - single-request PUT, GET with one Range, HEAD and DELETE of objects;
//   - XML API multipart uploads: initiate, upload part, list parts, complete, abort.
// Object data lives in files under a temporary folder that stop() removes, so large parts
// stream to disk. The server listens on 127.0.0.1 only.
//
// Usage with @google-cloud/storage 7 for signing:
//   const gcs = await startGcsDouble();
//   gcs.createBucket('research-data');
//   const storage = new Storage({
//     apiEndpoint: gcs.endpoint,
//     projectId: gcs.projectId,
//     credentials: gcs.serviceAccount,
//   });
//   const [url] = await storage.bucket('research-data').file('a.bin')
//     .getSignedUrl({ version: 'v4', action: 'write', expires: Date.now() + 60_000 });

import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';

import { CredentialRegistry, type ServiceAccountKey } from './credentials';
import { createGcsServer } from './http-server';
import { MultipartStore } from './multipart-store';
import { ObjectStore } from './object-store';

export type { ServiceAccountKey } from './credentials';

export interface GcsDoubleOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free port. */
  port?: number;
  /** Project id placed in service-account emails; defaults to "byob-gcs-double". */
  projectId?: string;
  /** Logger for starts, stops and failures; defaults to pino at level "warn" on stderr. */
  logger?: Logger;
}

export interface GcsDouble {
  /** Base URL to pass as `apiEndpoint`, e.g. http://127.0.0.1:41234 (no trailing slash). */
  endpoint: string;
  projectId: string;
  /** A registered service account whose key signs V4 URLs that the double accepts. */
  serviceAccount: ServiceAccountKey;
  /** Creates an empty bucket; creating an existing bucket does nothing. */
  createBucket(name: string): void;
  /** Creates and registers one more service account, e.g. to stand in for the platform. */
  createServiceAccount(): ServiceAccountKey;
  /** Accepts `Authorization: Bearer <token>` with this exact token from now on. */
  registerBearerToken(token: string): void;
  /** Closes the server and connections and removes every stored byte. */
  stop(): Promise<void>;
}

export async function startGcsDouble(options: GcsDoubleOptions = {}): Promise<GcsDouble> {
  const projectId = options.projectId ?? 'byob-gcs-double';
  const logger = options.logger ?? pino({ name: 'gcs-double', level: 'warn' }, pino.destination(2));

  const objects = await ObjectStore.create();
  const multipart = new MultipartStore(objects);
  const credentials = new CredentialRegistry(projectId);
  const serviceAccount = credentials.createServiceAccount();
  const server = createGcsServer({ objects, multipart, credentials, logger });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await objects.destroy();
    throw new Error(
      `GCS double failed to listen on 127.0.0.1:${options.port ?? 0} (${(error as Error).message}); ` +
        'pass another port or omit it to pick a free one.',
      { cause: error },
    );
  }

  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  logger.info({ endpoint, storageFolder: objects.root }, 'GCS double started');

  let stopped = false;
  return {
    endpoint,
    projectId,
    serviceAccount,
    createBucket: (name) => objects.createBucket(name),
    createServiceAccount: () => credentials.createServiceAccount(),
    registerBearerToken: (token) => credentials.registerBearerToken(token),
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await objects.destroy();
      logger.info({ endpoint }, 'GCS double stopped');
    },
  };
}
