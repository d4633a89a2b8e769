// The upload engine against a Ceph RADOS Gateway: S3 multipart with SigV4 part URLs.

import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { useCephCluster } from '../../../support/ceph/vitest';
import { edgeCaseFiles } from './cases';
import { startEngineEnvOnCeph } from './ceph-env';
import { MiB, PROJECT, SMALL_PARTS, TEAM, type EngineEnv } from './fixture';
import { recoverySuite, URL_SECONDS } from './recovery-suite';

const cluster = useCephCluster();

/** Creates a bucket on the cluster and starts a platform whose instance bucket it is. */
function startOnCeph(bucket: string, uploadSeconds?: number): Promise<EngineEnv> {
  return startEngineEnvOnCeph(
    cluster(),
    bucket,
    uploadSeconds === undefined ? {} : { uploadSeconds },
  );
}

describe('UploadEngine on Ceph', () => {
  it('stores edge sizes and names, then deduplicates them', async () => {
    const ctx = await startOnCeph('byob-engine-content');
    try {
      const cases = edgeCaseFiles(300);
      const files = Object.entries(cases).map(([logicalPath, bytes]) => ({
        logicalPath,
        localPath: ctx.writeLocal(`edges/${logicalPath}`, bytes),
      }));
      const first = ctx.engine({ ...SMALL_PARTS, maxRequestsInFlight: 16 });
      const id = first.uploadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'edges',
        type: 'dataset',
        files,
      });

      const state = await first.wait(id);
      // On failure, name the transfer's and the files' errors, so a flaky run reports why.
      const record = ctx.journal.getTransfer(id)!;
      const errors = [record.transfer.error, ...record.files.map((f) => f.error)].filter(Boolean);
      expect(state, JSON.stringify(errors)).toBe('completed');
      const forty = ctx.journal.getTransfer(id)!.files.find((f) => f.logicalPath === 'forty.bin')!;
      expect(forty.uploadMode).toBe('multipart');
      expect(ctx.journal.confirmedParts(forty.id)).toHaveLength(8);
      const back = await ctx.readBack('edges');
      const expected = Object.entries(cases).map(
        ([name, bytes]) => [name.normalize('NFC'), bytes] as const,
      );
      expect(Object.keys(back).sort()).toEqual(expected.map(([name]) => name).sort());
      for (const [name, bytes] of expected) expect(back[name]!.equals(bytes), name).toBe(true);

      // Identical content: createArtifact returns the committed version.
      const again = ctx.engine(SMALL_PARTS);
      const sameId = again.uploadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'edges',
        type: 'dataset',
        files,
      });
      expect(await again.wait(sameId)).toBe('completed');
      expect(new Set(ctx.journal.getTransfer(sameId)!.files.map((f) => f.state))).toEqual(
        new Set(['deduplicated']),
      );

      // A new version with one more file sends only that file's bytes.
      const extra = randomBytes(3 * MiB);
      const more = ctx.engine(SMALL_PARTS);
      const moreId = more.uploadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'edges',
        type: 'dataset',
        files: [
          ...files,
          { logicalPath: 'extra.bin', localPath: ctx.writeLocal('extra.bin', extra) },
        ],
      });
      expect(await more.wait(moreId)).toBe('completed');
      const states = ctx.journal
        .getTransfer(moreId)!
        .files.filter((f) => f.state !== 'deduplicated');
      expect(states.map((f) => f.logicalPath)).toEqual(['extra.bin']);
      expect((await ctx.readBack('edges'))['extra.bin']!.equals(extra)).toBe(true);
    } finally {
      await ctx.stop();
    }
  });
});

recoverySuite('UploadEngine recovery on Ceph', async () => {
  const ctx = await startOnCeph('byob-engine-recovery', URL_SECONDS);
  return { ctx, storageOrigin: cluster().endpoint };
});
