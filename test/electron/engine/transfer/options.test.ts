// Both engines keep twice as many files in flight as storage requests unless set otherwise, so
// a request slot never waits while a small file does its journal writes and local reads.
import { describe, expect, it } from 'vitest';

import {
  resolveDownloadOptions,
  type DownloadEngineOptions,
} from '../../../../electron/engine/download/options.ts';
import {
  resolveUploadOptions,
  type UploadEngineOptions,
} from '../../../../electron/engine/upload/options.ts';
import { engineLimits } from '../../../../cli/transfers/options.ts';

// The resolvers read only the numeric limits, so the client, journal and dispatcher stay out.
type Limits = Pick<UploadEngineOptions, 'maxRequestsInFlight' | 'maxFilesInFlight'>;
const resolvers = [
  {
    name: 'upload',
    resolve: (limits: Limits) => resolveUploadOptions(limits as UploadEngineOptions),
  },
  {
    name: 'download',
    resolve: (limits: Limits) =>
      resolveDownloadOptions({ retry: {}, ...limits } as unknown as DownloadEngineOptions),
  },
];

describe('files in flight', () => {
  for (const { name, resolve } of resolvers) {
    it(`${name}: defaults to 16 files for 8 requests`, () => {
      const resolved = resolve({});

      expect(resolved.maxRequestsInFlight).toBe(8);
      expect(resolved.maxFilesInFlight).toBe(16);
    });

    it(`${name}: follows the request limit`, () => {
      expect(resolve({ maxRequestsInFlight: 3 }).maxFilesInFlight).toBe(6);
    });

    it(`${name}: keeps an explicit file limit`, () => {
      expect(resolve({ maxRequestsInFlight: 3, maxFilesInFlight: 1 }).maxFilesInFlight).toBe(1);
    });
  }

  it('--concurrency sets the requests and leaves files to the default', () => {
    const limits = engineLimits({ concurrency: '4' } as Parameters<typeof engineLimits>[0]);

    expect(limits.maxRequestsInFlight).toBe(4);
    expect(limits.maxFilesInFlight).toBeUndefined();
    expect(resolvers[0]!.resolve(limits).maxFilesInFlight).toBe(8);
  });
});
