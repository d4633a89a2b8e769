import PQueue from 'p-queue';

import { badInput } from '../core/errors';
import type { PlatformDb } from '../db/open';
import type { ArtifactFile } from '../db/tables';
import type { StorageProvider } from '../storage/provider';
import type { Manifest } from './manifest';
import type { ArtifactScope } from './scope';

// Bucket metadata requests in flight while checking a commit.
const STAT_CONCURRENCY = 16;
// How many offending names an error message lists before "and N more".
const NAMES_IN_MESSAGE = 5;

/** One manifest entry, checked and ready to record. */
export interface FileCheck {
  name: string;
  md5: string;
  size: number;
  storagePath: string;
  birthArtifactId: number;
  /** True when this artifact's upload stored the content; false when it was already in the bucket. */
  uploaded: boolean;
}

function listNames(names: string[]): string {
  const shown = names
    .slice(0, NAMES_IN_MESSAGE)
    .map((n) => `"${n}"`)
    .join(', ');
  const more = names.length - NAMES_IN_MESSAGE;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/**
 * Matches every manifest entry to a registered file or to content the team already
 * stores, then checks in the bucket that each newly uploaded object exists with the size
 * the manifest states (and the MD5, where the store keeps one). Reference entries point
 * outside the bucket and are not checked.
 */
export async function verifyFiles(
  db: PlatformDb,
  provider: StorageProvider,
  scope: ArtifactScope,
  manifest: Manifest,
  files: ArtifactFile[],
): Promise<FileCheck[]> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const checks: FileCheck[] = [];
  const unregistered: string[] = [];
  const wrongDigest: string[] = [];

  for (const [name, entry] of Object.entries(manifest.contents)) {
    // NOTE: reference entries (s3://, gs://, https://) are accepted but not listed as files.
    if (entry.ref) continue;
    const size = entry.size ?? 0;
    const file = byName.get(name);

    if (file && file.md5 !== entry.digest) {
      wrongDigest.push(name);
    } else if (file) {
      checks.push({
        name,
        md5: file.md5,
        size,
        storagePath: file.storage_path,
        birthArtifactId: file.birth_artifact_id,
        uploaded: file.upload_state !== 'deduplicated',
      });
    } else {
      const stored = await db
        .selectFrom('content_objects')
        .selectAll()
        .where('entity_id', '=', scope.entity.id)
        .where('md5', '=', entry.digest)
        .executeTakeFirst();
      if (stored) {
        checks.push({
          name,
          md5: stored.md5,
          size,
          storagePath: stored.storage_path,
          birthArtifactId: stored.birth_artifact_id,
          uploaded: false,
        });
      } else {
        unregistered.push(name);
      }
    }
  }

  if (unregistered.length > 0) {
    throw badInput(
      `${unregistered.length} manifest entries were never registered with createArtifactFiles: ${listNames(unregistered)}; register and upload them, then commit again.`,
    );
  }
  if (wrongDigest.length > 0) {
    throw badInput(
      `${wrongDigest.length} manifest entries have a digest other than the one registered: ${listNames(wrongDigest)}; register them again with the right MD5.`,
    );
  }

  await checkObjects(
    provider,
    checks.filter((c) => c.uploaded),
  );
  return checks;
}

async function checkObjects(provider: StorageProvider, checks: FileCheck[]): Promise<void> {
  const missing: string[] = [];
  const mismatched: string[] = [];
  const queue = new PQueue({ concurrency: STAT_CONCURRENCY });

  // Several entries may share one content object; look each object up once.
  const byPath = new Map<string, FileCheck[]>();
  for (const check of checks)
    byPath.set(check.storagePath, [...(byPath.get(check.storagePath) ?? []), check]);

  await queue.addAll(
    [...byPath.entries()].map(([path, group]) => async () => {
      const info = await provider.stat(path);
      const expected = group[0]!;
      if (!info) {
        missing.push(...group.map((c) => c.name));
      } else if (
        info.size !== expected.size ||
        (info.md5Base64 !== null && info.md5Base64 !== expected.md5)
      ) {
        mismatched.push(...group.map((c) => c.name));
      }
    }),
  );

  if (missing.length > 0) {
    throw badInput(
      `${missing.length} files are not in the bucket yet: ${listNames(missing.sort())}; upload them, then commit again.`,
    );
  }
  if (mismatched.length > 0) {
    throw badInput(
      `${mismatched.length} files in the bucket differ from the manifest in size or MD5: ${listNames(mismatched.sort())}; upload them again, then commit.`,
    );
  }
}
