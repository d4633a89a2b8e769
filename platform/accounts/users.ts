import type { PlatformDb } from '../db/open';
import type { User } from '../db/tables';
import { PlatformError, badInput, notFound } from '../core/errors';
import { checkName } from '../core/names';
import { nowIso } from '../core/time';
import { generateApiKey, hashApiKey } from './api-keys';
import { assertInstancePathFree } from './storage-paths';

/** Creates a user and the personal entity of the same name. */
export async function createUser(
  db: PlatformDb,
  input: { username: string; email?: string | null; admin?: boolean },
): Promise<User> {
  const username = checkName('user', input.username);
  const now = nowIso();

  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('entities')
      .select('id')
      .where('name', '=', username)
      .executeTakeFirst();
    if (taken) {
      throw new PlatformError(
        'CONFLICT',
        `The name "${username}" is already used by a user or team; choose another name.`,
      );
    }
    await assertInstancePathFree(trx, username, 'choose another user name');

    const entity = await trx
      .insertInto('entities')
      .values({
        name: username,
        kind: 'user',
        storage_bucket_id: null,
        storage_path: username,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    return trx
      .insertInto('users')
      .values({
        username,
        email: input.email ?? null,
        role: input.admin ? 'admin' : 'member',
        entity_id: entity.id,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function findUser(db: PlatformDb, username: string): Promise<User> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user)
    throw notFound(`User "${username}" not found; list users with "byob-platform user list".`, {
      reason: 'USER_NOT_FOUND',
      params: { username },
    });
  return user;
}

export async function listUsers(db: PlatformDb): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('username').execute();
}

/** Creates an API key for a user and returns it; only its hash is stored, so this is the one time it is shown. */
export async function createApiKey(
  db: PlatformDb,
  username: string,
  description: string | null = null,
): Promise<{ key: string; id: number; prefix: string }> {
  const user = await findUser(db, username);
  const generated = generateApiKey();

  const row = await db
    .insertInto('api_keys')
    .values({
      user_id: user.id,
      prefix: generated.prefix,
      key_hash: generated.hash,
      description,
      created_at: nowIso(),
      revoked_at: null,
      last_used_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return { key: generated.key, id: row.id, prefix: generated.prefix };
}

export async function listApiKeys(db: PlatformDb, username: string) {
  const user = await findUser(db, username);
  return db
    .selectFrom('api_keys')
    .select(['id', 'prefix', 'description', 'created_at', 'revoked_at', 'last_used_at'])
    .where('user_id', '=', user.id)
    .orderBy('id')
    .execute();
}

/** Shortest key prefix accepted for revoking; `key list` shows 8 characters. */
const MIN_PREFIX_LENGTH = 4;

/** Shortens a key reference to the stored prefix length, so a pasted whole key never reaches a message or log. */
function shortenKeyRef(keyRef: string): string {
  return keyRef.length > 8 ? `${keyRef.slice(0, 8)}…` : keyRef;
}

/**
 * Revokes a key given by its numeric id, by a prefix as `key list` shows it (4 to 8
 * characters, a trailing "…" allowed), or by the whole key, and returns the revoked key's id.
 */
export async function revokeApiKey(
  db: PlatformDb,
  username: string,
  keyRef: string,
): Promise<{ keyId: number }> {
  const user = await findUser(db, username);
  const ref = keyRef.trim().replace(/…$/, '');
  const displayedRef = shortenKeyRef(ref);
  // Digits may be an id or the start of a hex prefix; both are tried.
  const byId = /^\d+$/.test(ref) ? Number(ref) : null;
  if (byId === null && ref.length < MIN_PREFIX_LENGTH) {
    throw badInput(
      `Key reference "${displayedRef}" is too short: give the key's id, at least ${MIN_PREFIX_LENGTH} characters of its prefix, or the whole key.`,
    );
  }

  const matches = await db
    .selectFrom('api_keys')
    .select('id')
    .where('user_id', '=', user.id)
    .where('revoked_at', 'is', null)
    .where((eb) => {
      if (ref.length > 8) return eb('key_hash', '=', hashApiKey(ref));
      const byPrefix = eb('prefix', 'like', `${ref.replace(/[%_\\]/g, '')}%`);
      if (byId === null) return byPrefix;
      return ref.length < MIN_PREFIX_LENGTH
        ? eb('id', '=', byId)
        : eb.or([eb('id', '=', byId), byPrefix]);
    })
    .execute();

  if (matches.length === 0) {
    throw notFound(
      `No active key "${displayedRef}" for user "${username}"; see "byob-platform key list ${username}" for ids and prefixes.`,
    );
  }
  if (matches.length > 1) {
    throw badInput(
      `Key prefix "${displayedRef}" matches ${matches.length} keys of "${username}"; give a longer prefix or the key's id.`,
    );
  }

  await db
    .updateTable('api_keys')
    .set({ revoked_at: nowIso() })
    .where('id', '=', matches[0]!.id)
    .execute();
  return { keyId: matches[0]!.id };
}

/** Returns the user owning an active key, or null for an unknown or revoked key. */
export async function authenticateApiKey(db: PlatformDb, key: string): Promise<User | null> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .selectAll('users')
    .select(['api_keys.id as key_id', 'api_keys.revoked_at'])
    .where('api_keys.key_hash', '=', hashApiKey(key))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;

  await db
    .updateTable('api_keys')
    .set({ last_used_at: nowIso() })
    .where('id', '=', row.key_id)
    .execute();

  const { key_id: _keyId, revoked_at: _revokedAt, ...user } = row;
  return user;
}
