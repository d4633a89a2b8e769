// Benchmark child: the SDK baselines of the upload scenarios. A large file goes through
// `@aws-sdk/lib-storage` Upload or `@azure/storage-blob` uploadFile; a folder of small files
// goes through a p-queue loop of the SDK's single PUT (PutObject, or Put Blob through
// uploadFile). Part size and concurrency come from the request, the same as the engine's.

import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import PQueue from 'p-queue';

import { containerClientFor, s3ClientFor, type StorageTarget } from './sdk-clients';
import { finishChild, maxRssBytes, readChildRequest, type ChildTiming } from './spawn';

export type SdkUploadRequest =
  | {
      kind: 'large-file';
      target: StorageTarget;
      path: string;
      /** Object key or blob name. */
      key: string;
      partSize: number;
      concurrency: number;
    }
  | {
      kind: 'small-files';
      target: StorageTarget;
      /** Every regular file directly inside this folder is uploaded as `prefix` + its name. */
      folder: string;
      prefix: string;
      concurrency: number;
    };

const request = readChildRequest<SdkUploadRequest>();

try {
  finishChild(await run(request));
} catch (error) {
  finishChild(error as Error);
}

async function run(request: SdkUploadRequest): Promise<ChildTiming> {
  const started = performance.now();
  if (request.kind === 'large-file') await uploadLarge(request);
  else await uploadSmall(request);
  return { seconds: (performance.now() - started) / 1000, maxRssBytes: maxRssBytes() };
}

async function uploadLarge(request: Extract<SdkUploadRequest, { kind: 'large-file' }>) {
  const { target } = request;
  if (target.provider === 's3') {
    const client = s3ClientFor(target);
    const upload = new Upload({
      client,
      params: { Bucket: target.bucket, Key: request.key, Body: createReadStream(request.path) },
      partSize: request.partSize,
      queueSize: request.concurrency,
    });
    await upload.done();
    client.destroy();
    return;
  }

  const blob = containerClientFor(target).getBlockBlobClient(request.key);
  await blob.uploadFile(request.path, {
    blockSize: request.partSize,
    concurrency: request.concurrency,
    // Staged blocks from the first byte on, as the engine sends every file above its part size.
    maxSingleShotSize: request.partSize,
  });
}

async function uploadSmall(request: Extract<SdkUploadRequest, { kind: 'small-files' }>) {
  const names = (await readdir(request.folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
  const queue = new PQueue({ concurrency: request.concurrency });
  const { target } = request;

  if (target.provider === 's3') {
    const client = s3ClientFor(target);
    await Promise.all(
      names.map((name) =>
        queue.add(async () => {
          const body = await readFile(join(request.folder, name));
          await client.send(
            new PutObjectCommand({
              Bucket: target.bucket,
              Key: `${request.prefix}${name}`,
              Body: body,
            }),
          );
        }),
      ),
    );
    client.destroy();
    return;
  }

  const container = containerClientFor(target);
  await Promise.all(
    names.map((name) =>
      queue.add(() =>
        container
          .getBlockBlobClient(`${request.prefix}${name}`)
          .uploadFile(join(request.folder, name)),
      ),
    ),
  );
}
