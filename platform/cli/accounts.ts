import type { Command } from 'commander';

import {
  addTeamMember,
  describeTeam,
  findTeam,
  listTeams,
  removeTeamMember,
  type MembershipChange,
} from '../accounts/teams';
import { createApiKey, createUser, listApiKeys, listUsers, revokeApiKey } from '../accounts/users';
import { keyPrefix } from '../audit/events';
import { recordCliChange, withAuditLogOption } from './audit-option';
import { withDatabase, withDbOption } from './database-option';
import { printTeam, registerTeamCreateCommand } from './teams';

const print = (text: string) => process.stdout.write(`${text}\n`);

function describeMembershipChange(team: string, user: string, result: MembershipChange): string {
  switch (result.change) {
    case 'added':
      return `Added ${user} to ${team} as ${result.role}.`;
    case 'unchanged':
      return `${user} is already a${result.role === 'admin' ? 'n' : ''} ${result.role} of ${team}.`;
    case 'role_changed':
      return `Changed ${user}'s role in ${team} from ${result.previousRole} to ${result.role}.`;
  }
}

export function registerAccountCommands(program: Command): void {
  const user = program.command('user').description('Manage users');
  withAuditLogOption(
    withDbOption(
      user
        .command('create <name>')
        .description('Create a user and the personal entity of the same name'),
    ),
  )
    .option('--admin', 'give the user the organisation admin role')
    .option('--email <email>', 'e-mail address')
    .action(
      (
        name: string,
        options: { admin?: boolean; email?: string; db?: string; auditLog?: string },
      ) =>
        withDatabase(options, (db) =>
          recordCliChange(options, { action: 'user.create', team: name }, async () => {
            const created = await createUser(db, {
              username: name,
              email: options.email ?? null,
              admin: options.admin,
            });
            print(`Created user ${created.username} (${created.role}).`);
            return { user: created.username, role: created.role };
          }),
        ),
    );
  withDbOption(user.command('list').description('List users')).action((options: { db?: string }) =>
    withDatabase(options, async (db) => {
      for (const u of await listUsers(db)) print(`${u.username}\t${u.role}\t${u.email ?? ''}`);
    }),
  );

  const key = program.command('key').description('Manage API keys');
  withAuditLogOption(
    withDbOption(
      key
        .command('create <user>')
        .description('Create an API key; it is printed once and stored only as a hash'),
    ),
  )
    .option('--description <text>', 'what the key is for')
    .action((username: string, options: { description?: string; db?: string; auditLog?: string }) =>
      withDatabase(options, (db) =>
        recordCliChange(options, { action: 'key.create', detail: { user: username } }, async () => {
          const created = await createApiKey(db, username, options.description ?? null);
          process.stderr.write(
            `API key ${created.prefix}… for ${username}. Copy it now: it cannot be shown again.\n`,
          );
          print(created.key);
          return { keyId: created.id, keyPrefix: keyPrefix(created.key) };
        }),
      ),
    );
  withDbOption(key.command('list <user>').description("List a user's keys by prefix")).action(
    (username: string, options: { db?: string }) =>
      withDatabase(options, async (db) => {
        for (const k of await listApiKeys(db, username)) {
          const state = k.revoked_at ? `revoked ${k.revoked_at}` : 'active';
          print(
            `${k.id}\t${k.prefix}…\t${state}\tcreated ${k.created_at}\tlast used ${k.last_used_at ?? 'never'}\t${k.description ?? ''}`,
          );
        }
      }),
  );
  withAuditLogOption(
    withDbOption(
      key.command('revoke <user> <key>').description('Revoke a key by its id or prefix'),
    ),
  ).action((username: string, keyRef: string, options: { db?: string; auditLog?: string }) =>
    withDatabase(options, (db) =>
      recordCliChange(
        options,
        // The reference is cut to a prefix even when it is all digits, because a key's hex
        // prefix can be all digits too. The revoked key's id goes in keyId.
        { action: 'key.revoke', detail: { user: username, key: keyPrefix(keyRef) } },
        async () => {
          const { keyId } = await revokeApiKey(db, username, keyRef);
          print(`Revoked key ${keyId} of ${username}.`);
          return { keyId };
        },
      ),
    ),
  );

  const team = program.command('team').description('Manage teams');
  registerTeamCreateCommand(team);
  withDbOption(team.command('list').description('List teams'))
    .option('--json', 'print JSON')
    .action((options: { json?: boolean; db?: string }) =>
      withDatabase(options, async (db) => {
        const teams = await listTeams(db);
        if (options.json) print(JSON.stringify(teams, null, 2));
        else teams.forEach(printTeam);
      }),
    );
  withDbOption(
    team.command('show <name>').description('Show one team with its members and storage'),
  )
    .option('--json', 'print JSON')
    .action((name: string, options: { json?: boolean; db?: string }) =>
      withDatabase(options, async (db) => {
        const summary = await describeTeam(db, await findTeam(db, name));
        if (options.json) print(JSON.stringify(summary, null, 2));
        else printTeam(summary);
      }),
    );
  withAuditLogOption(
    withDbOption(team.command('add-member <team> <user>').description('Add a user to a team')),
  )
    .option('--admin', 'make the user a team admin')
    .action(
      (
        teamName: string,
        username: string,
        options: { admin?: boolean; db?: string; auditLog?: string },
      ) => {
        const role = options.admin ? 'admin' : 'member';
        return withDatabase(options, (db) =>
          recordCliChange(
            options,
            { action: 'team.add_member', team: teamName, detail: { user: username, role } },
            async () => {
              const result = await addTeamMember(db, teamName, username, role);
              print(describeMembershipChange(teamName, username, result));
              return { change: result.change, previousRole: result.previousRole };
            },
          ),
        );
      },
    );
  withAuditLogOption(
    withDbOption(
      team.command('remove-member <team> <user>').description('Remove a user from a team'),
    ),
  ).action((teamName: string, username: string, options: { db?: string; auditLog?: string }) =>
    withDatabase(options, (db) =>
      recordCliChange(
        options,
        { action: 'team.remove_member', team: teamName, detail: { user: username } },
        async () => {
          const { previousRole } = await removeTeamMember(db, teamName, username);
          print(`Removed ${username} from ${teamName}.`);
          return { previousRole };
        },
      ),
    ),
  );
}
