import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { viewerQuery } from '../../../shared/graphql/operations/index';
import type { AuditEvent } from '../../../platform/audit/events';
import { GraphqlClient } from '../../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { readAuditEvents, waitForAuditEvents } from './audit-lines';
import { runPlatformCli, runPlatformCliOk } from '../../support/platform-cli';

// Failed logins the server records while CLI commands append to the same file.
const CONCURRENT_LOGINS = 40;

function only(events: AuditEvent[], action: string, result = 'allowed'): AuditEvent {
  const matching = events.filter((e) => e.action === action && e.result === result);
  expect(matching, `${action}/${result} events`).toHaveLength(1);
  return matching[0]!;
}

describe('audit of CLI account changes', () => {
  let env: TestPlatform;
  let db: string;
  let auditPath: string;
  let key: string;

  beforeAll(async () => {
    env = await startTestPlatform();
    db = env.dbPath;
    auditPath = env.auditLogPath;
    expect(auditPath).toBe(`${db}.audit.jsonl`);

    // CLI commands and failed logins at the server append to one file at the same time.
    const cliChanges = async () => {
      await runPlatformCliOk(['user', 'create', 'carol', '--db', db]);
      await runPlatformCliOk(['user', 'create', 'dave', '--db', db]);
      key = (await runPlatformCliOk(['key', 'create', 'carol', '--db', db])).trim();
      await runPlatformCliOk(['key', 'revoke', 'carol', key.slice(0, 8), '--db', db]);
      await runPlatformCliOk(['team', 'create', 'kappa', '--member', 'carol', '--db', db]);
      await runPlatformCliOk(['team', 'add-member', 'kappa', 'dave', '--admin', '--db', db]);
      await runPlatformCliOk(['team', 'remove-member', 'kappa', 'dave', '--db', db]);
    };
    const failedLogins = async () => {
      const client = new GraphqlClient(env.url, 'nosuchkey'.padEnd(40, '0'));
      for (let attempt = 0; attempt < CONCURRENT_LOGINS; attempt++) {
        expect((await client.request(viewerQuery)).status).toBe(401);
      }
    };
    await Promise.all([cliChanges(), failedLogins()]);
    await waitForAuditEvents(auditPath, (e) => e.action === 'login', CONCURRENT_LOGINS, 'logins');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('records key create and revoke', () => {
    const events = readAuditEvents(auditPath);
    const created = only(events, 'key.create');
    expect(created.source).toBe('cli');
    expect(created.actor).toBeNull();
    expect(created.detail.user).toBe('carol');
    expect(created.detail.keyPrefix).toBe(key.slice(0, 4));
    expect(typeof created.detail.keyId).toBe('number');

    const revoked = only(events, 'key.revoke');
    expect(revoked.detail.user).toBe('carol');
    expect(revoked.detail.key).toBe(key.slice(0, 4));
    expect(revoked.detail.keyId).toBe(created.detail.keyId);
  });

  it('records team changes', () => {
    const events = readAuditEvents(auditPath);
    const team = only(events, 'team.create');
    expect(team.team).toBe('kappa');
    expect(team.detail.members).toEqual(['carol']);

    const added = only(events, 'team.add_member');
    expect(added.team).toBe('kappa');
    expect(added.detail).toMatchObject({ user: 'dave', role: 'admin' });

    const removed = only(events, 'team.remove_member');
    expect(removed.detail.user).toBe('dave');
    const users = events.filter((e) => e.action === 'user.create').map((e) => e.detail.user);
    expect(users).toEqual(['carol', 'dave']);
  });

  it('keeps server and CLI lines whole', () => {
    const events = readAuditEvents(auditPath);
    expect(events.filter((e) => e.action === 'login')).toHaveLength(CONCURRENT_LOGINS);
    const text = readFileSync(auditPath, 'utf8');
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(0, 5));
  });

  it('records a failed change', async () => {
    const result = await runPlatformCli(['key', 'revoke', 'carol', 'deadbeef', '--db', db]);
    expect(result.code).toBe(1);

    const failed = only(readAuditEvents(auditPath), 'key.revoke', 'failed');
    expect(failed.detail.key).toBe('dead');
    expect(failed.detail.error).toContain('No active key');
  });

  it('honours --audit-log', async () => {
    const other = join(env.dataDir, 'elsewhere.jsonl');
    await runPlatformCliOk(['team', 'create', 'omega', '--db', db, '--audit-log', other]);
    expect(readAuditEvents(other).map((e) => [e.action, e.team])).toEqual([
      ['team.create', 'omega'],
    ]);
    expect(readAuditEvents(auditPath).some((e) => e.team === 'omega')).toBe(false);
  });

  it('prints JSON lines with --json --since', async () => {
    const stored = readFileSync(auditPath, 'utf8');
    const recent = await runPlatformCliOk(['audit', '--json', '--since', '1h', '--db', db]);
    expect(recent).toBe(stored);

    const sinceCreate = only(readAuditEvents(auditPath), 'team.create').time;
    const later = await runPlatformCliOk(['audit', '--json', '--since', sinceCreate, '--db', db]);
    const actions = later
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as AuditEvent).action);
    expect(actions).toContain('team.create');
    expect(actions).not.toContain('key.create');
    expect(actions).not.toContain('user.create');

    const future = await runPlatformCliOk(['audit', '--json', '--since', '2999-01-01', '--db', db]);
    expect(future).toBe('');
  });

  it('prints a table by default', async () => {
    const table = (await runPlatformCliOk(['audit', '--db', db])).trimEnd().split('\n');
    expect(table[0]).toMatch(/^TIME\s+RESULT\s+ACTION\s+ACTOR\s+TEAM\s+SOURCE\s+OBJECT\s+DETAIL$/);
    expect(table).toHaveLength(readAuditEvents(auditPath).length + 1);
    expect(table.find((row) => row.includes('team.create'))).toMatch(
      /allowed\s+team\.create\s+-\s+kappa\s+cli/,
    );
  });

  it('rejects an invalid --since', async () => {
    const result = await runPlatformCli(['audit', '--since', 'yesterday', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'byob-platform: Invalid --since "yesterday": give an ISO 8601 time (2025-01-31T09:00:00Z) or a duration back from now (90m, 24h, 7d).',
    );
  });
});
