// Storage paths of entities: the folder inside a bucket under which all of an entity's objects
// live. Teams may share a bucket, but no two entities may use the same folder, and no folder
// may contain another one, because deleting one team's folder would then delete the other's.

import { PlatformError, badInput } from '../core/errors';
import type { PlatformDb } from '../db/open';

const SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_PATH_LENGTH = 512;

/** Checks a --path value and returns it without outer slashes: `a/b`, not `/a/b/`. */
export function normaliseStoragePath(value: string): string {
  const path = value.trim().replace(/^\/+|\/+$/g, '');
  const segments = path.split('/');

  if (path === '' || path.length > MAX_PATH_LENGTH) {
    throw badInput(
      `Invalid storage path "${value}": it must have 1 to ${MAX_PATH_LENGTH} characters.`,
      {
        reason: 'INVALID_STORAGE_PATH_LENGTH',
        params: { path: value, max: String(MAX_PATH_LENGTH) },
      },
    );
  }
  if (segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')) {
    throw badInput(
      `Invalid storage path "${value}": use segments of letters, digits, ".", "_" and "-" separated by "/", without empty, "." or ".." segments.`,
      { reason: 'INVALID_STORAGE_PATH_SEGMENTS', params: { path: value } },
    );
  }
  return path;
}

/** Joins an address's own sub-path and an entity's storage path into the full object prefix. */
export function joinStoragePrefix(addressPath: string, storagePath: string): string {
  return [addressPath, storagePath].filter((part) => part !== '').join('/');
}

/** True when one prefix equals the other or contains it as a folder. */
export function prefixesOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

type Queryable = Pick<PlatformDb, 'selectFrom'>;

/**
 * Throws CONFLICT when an instance-level entity already uses a folder that overlaps
 * `storagePath`. Users run it too, because a user's folder is named after the user and a
 * team may have chosen that name as its custom path.
 */
export async function assertInstancePathFree(
  db: Queryable,
  storagePath: string,
  fix = 'choose another --path',
): Promise<void> {
  const entities = await db
    .selectFrom('entities')
    .select(['name', 'kind', 'storage_path'])
    .where('storage_bucket_id', 'is', null)
    .execute();

  const clash = entities.find((e) => prefixesOverlap(e.storage_path, storagePath));
  if (clash) {
    throw new PlatformError(
      'CONFLICT',
      `The path "${storagePath}" in the instance-level bucket overlaps the path "${clash.storage_path}" of ${clash.kind} "${clash.name}": ${fix}.`,
      {
        reason: 'INSTANCE_PATH_OVERLAPS',
        params: { path: storagePath, existingPath: clash.storage_path, owner: clash.name },
      },
    );
  }
}

/**
 * Throws CONFLICT when a team-level bucket at the same location already has a team whose
 * full prefix overlaps `prefix` (the address's sub-path joined with the storage path).
 */
export async function assertTeamBucketPathFree(
  db: Queryable,
  location: string,
  prefix: string,
  bucketLabel: string,
): Promise<void> {
  const teams = await db
    .selectFrom('storage_buckets')
    .innerJoin('entities', 'entities.storage_bucket_id', 'storage_buckets.id')
    .select(['entities.name', 'entities.storage_path', 'storage_buckets.address_path'])
    .where('storage_buckets.location', '=', location)
    .execute();

  for (const team of teams) {
    const existing = joinStoragePrefix(team.address_path ?? '', team.storage_path);
    if (prefixesOverlap(existing, prefix)) {
      const same = existing === prefix ? 'is already used by' : 'overlaps the path of';
      throw new PlatformError(
        'CONFLICT',
        `The path "${prefix}" in bucket ${bucketLabel} ${same} team "${team.name}" ("${existing}"): give this team its own path (--path, or the path field of createTeam).`,
        {
          reason: existing === prefix ? 'STORAGE_PATH_IN_USE' : 'STORAGE_PATH_OVERLAPS',
          params: { path: prefix, bucket: bucketLabel, team: team.name, existingPath: existing },
        },
      );
    }
  }
}
