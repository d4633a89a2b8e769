import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readAuditEvents } from '../audit/audit-lines';
import { runPlatformCli, runPlatformCliOk } from '../../support/platform-cli';

describe('team add-member and remove-member', () => {
  let dir: string;
  let db: string;

  const team = (...args: string[]) => runPlatformCli(['team', ...args, '--db', db]);
  const auditOf = (action: string) =>
    readAuditEvents(`${db}.audit.jsonl`).filter((event) => event.action === action);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'byob-membership-'));
    db = join(dir, 'platform.sqlite');
    await runPlatformCliOk(['user', 'create', 'olga', '--db', db]);
    await runPlatformCliOk(['team', 'create', 'vision', '--db', db]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a new member', async () => {
    const result = await team('add-member', 'vision', 'olga');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Added olga to vision as member.\n');
  });

  it('reports an unchanged member', async () => {
    const result = await team('add-member', 'vision', 'olga');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('olga is already a member of vision.\n');
  });

  it('reports a role change both ways', async () => {
    const promoted = await team('add-member', 'vision', 'olga', '--admin');
    expect(promoted.stdout).toBe("Changed olga's role in vision from member to admin.\n");

    const demoted = await team('add-member', 'vision', 'olga');
    expect(demoted.stdout).toBe("Changed olga's role in vision from admin to member.\n");
  });

  it('audits what each add changed', () => {
    const changes = auditOf('team.add_member').map((event) => [
      event.result,
      event.detail.change,
      event.detail.previousRole,
      event.detail.role,
    ]);
    expect(changes).toEqual([
      ['allowed', 'added', null, 'member'],
      ['allowed', 'unchanged', 'member', 'member'],
      ['allowed', 'role_changed', 'member', 'admin'],
      ['allowed', 'role_changed', 'admin', 'member'],
    ]);
  });

  it('removes a member', async () => {
    const result = await team('remove-member', 'vision', 'olga');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Removed olga from vision.\n');
  });

  it('rejects removing a non-member', async () => {
    const result = await team('remove-member', 'vision', 'olga');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('byob-platform: olga is not a member of vision.\n');
  });

  it('audits a removal of a non-member as failed', () => {
    const results = auditOf('team.remove_member').map((event) => event.result);
    expect(results).toEqual(['allowed', 'failed']);
  });
});
