// Benchmark child: the SDK baselines of the download scenario, each with the SDK's own call
// for writing an object to a file. On S3 that is GetObject with its body streamed to the file,
// because the JavaScript SDK's transfer helper (@aws-sdk/lib-storage) only uploads. On Azure
// it is BlobClient.downloadToFile. Many objects go through a p-queue loop of those calls at
// the engine's concurrency.

import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { GetObjectCommand } from '@aws-sdk/client-s3';
import PQueue from 'p-queue';

import { containerClientFor, s3ClientFor, type StorageTarget } from './sdk-clients';
import { finishChild, maxRssBytes, readChildRequest, type ChildTiming } from './spawn';

export interface SdkDownloadRequest {
  target: StorageTarget;
  /** JSON file with the array of object keys to download; passed as a file, as it can be long. */
  keysPath: string;
  /** Empty folder; each object is written under the last segment of its key. */
  root: string;
  concurrency: number;
}

const request = readChildRequest<SdkDownloadRequest>();

try {
  finishChild(await run(request));
} catch (error) {
  finishChild(error as Error);
}

async function run(request: SdkDownloadRequest): Promise<ChildTiming> {
  const keys = JSON.parse(await readFile(request.keysPath, 'utf8')) as string[];
  const { download, close } = downloaderFor(request.target);
  const queue = new PQueue({ concurrency: request.concurrency });

  const started = performance.now();
  await Promise.all(
    keys.map((key) =>
      queue.add(() => download(key, join(request.root, key.slice(key.lastIndexOf('/') + 1)))),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  close();
  return { seconds, maxRssBytes: maxRssBytes() };
}

/** Returns a function that writes one object to a file with the target's SDK. */
function downloaderFor(target: StorageTarget): {
  download: (key: string, path: string) => Promise<void>;
  close: () => void;
} {
  if (target.provider === 's3') {
    const client = s3ClientFor(target);
    return {
      async download(key, path) {
        const response = await client.send(
          new GetObjectCommand({ Bucket: target.bucket, Key: key }),
        );
        await pipeline(response.Body as Readable, createWriteStream(path));
      },
      close: () => client.destroy(),
    };
  }

  const container = containerClientFor(target);
  return {
    async download(name, path) {
      await container.getBlobClient(name).downloadToFile(path);
    },
    close: () => {},
  };
}
