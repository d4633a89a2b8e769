import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTeam } from '../../../platform/accounts/teams';
import { createUser } from '../../../platform/accounts/users';
import { startTestPlatform, type TestPlatform } from '../../support/platform';

// A user's objects live in a folder named after the user, so a user name must not fall on
// a folder a team chose as its custom path in the instance-level bucket.

describe('user folders in the instance bucket', () => {
  let env: TestPlatform;

  beforeAll(async () => {
    env = await startTestPlatform();
  });
  afterAll(() => env?.stop());

  it('rejects a user named like a team path', async () => {
    await createTeam(env.platform.db, { name: 'ml', storagePath: 'alice' });

    const attempt = createUser(env.platform.db, { username: 'alice' });
    await expect(attempt).rejects.toThrow(
      'The path "alice" in the instance-level bucket overlaps the path "alice" of team "ml": choose another user name.',
    );

    const users = await env.platform.db.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).not.toContain('alice');
  });

  it('accepts an unrelated user name', async () => {
    const user = await createUser(env.platform.db, { username: 'bob' });
    expect(user.username).toBe('bob');
  });
});
