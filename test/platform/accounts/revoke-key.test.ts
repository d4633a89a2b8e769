import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  authenticateApiKey,
  createApiKey,
  createUser,
  revokeApiKey,
} from '../../../platform/accounts/users';
import { openDatabase, type PlatformDb } from '../../../platform/db/open';

describe('revokeApiKey', () => {
  let dir: string;
  let db: PlatformDb;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'byob-keys-'));
    db = await openDatabase(join(dir, 'platform.sqlite'));
    await createUser(db, { username: 'alice' });
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('revokes by the whole key', async () => {
    const { key } = await createApiKey(db, 'alice');
    await revokeApiKey(db, 'alice', key);
    expect(await authenticateApiKey(db, key)).toBeNull();
  });

  it('revokes by a listed prefix with its ellipsis', async () => {
    const { key, prefix } = await createApiKey(db, 'alice');
    await revokeApiKey(db, 'alice', `${prefix}…`);
    expect(await authenticateApiKey(db, key)).toBeNull();
  });

  it('revokes by a short prefix and by id', async () => {
    const first = await createApiKey(db, 'alice');
    const second = await createApiKey(db, 'alice');
    await revokeApiKey(db, 'alice', String(second.id));
    expect(await authenticateApiKey(db, second.key)).toBeNull();

    await revokeApiKey(db, 'alice', first.key.slice(0, 5));
    expect(await authenticateApiKey(db, first.key)).toBeNull();
  });

  it('never echoes more than a prefix', async () => {
    const { key } = await createApiKey(db, 'alice');
    const unknown = `${key.slice(0, 30)}0000000000`;

    const error = await revokeApiKey(db, 'alice', unknown).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`"${unknown.slice(0, 8)}…"`);
    expect((error as Error).message).not.toContain(unknown.slice(0, 9));
    expect(await authenticateApiKey(db, key)).not.toBeNull();
  });

  it('rejects a reference under four characters', async () => {
    await createApiKey(db, 'alice');
    await expect(revokeApiKey(db, 'alice', 'ab')).rejects.toThrow(
      'Key reference "ab" is too short: give the key\'s id, at least 4 characters of its prefix, or the whole key.',
    );
  });
});
