import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { viewerQuery, type ViewerData } from '../../../shared/graphql/operations/index';
import { AddressAllowList } from '../../../platform/server/address-allowlist';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { readAuditEvents, waitForAuditEvent } from '../audit/audit-lines';
import { ALLOWED_SOURCE, OTHER_SOURCE, SourceBoundClient, sendFrom } from './source-client';

describe('AddressAllowList', () => {
  const list = AddressAllowList.parse('127.0.0.1/32, 10.0.0.0/8,2001:db8::/32', '--allow-ip');

  it.each([
    ['127.0.0.1', true],
    ['127.0.0.2', false],
    ['10.200.3.4', true],
    ['11.0.0.1', false],
    ['::ffff:127.0.0.1', true],
    ['::ffff:127.0.0.2', false],
    ['2001:db8::42', true],
    ['2001:db9::1', false],
    ['::1', false],
    ['not-an-address', false],
  ])('checks %s', (address, admitted) => {
    expect(list.allows(address)).toBe(admitted);
  });

  it('admits bare and mapped entries', () => {
    const bare = AddressAllowList.parse(['::1', '192.0.2.7'], '--allow-ip');
    expect(bare.allows('::1')).toBe(true);
    expect(bare.allows('192.0.2.7')).toBe(true);
    expect(bare.allows('192.0.2.8')).toBe(false);

    const mapped = AddressAllowList.parse('::ffff:192.0.2.0/120', '--allow-ip');
    expect(mapped.allows('192.0.2.99')).toBe(true);
    expect(mapped.allows('192.0.3.1')).toBe(false);
  });

  it.each(['127.1/32', '10.0.0.0/33', '::1/129', '10.0.0.0/8/1', 'example.com', '10.0.0.0/x'])(
    'rejects entry %s',
    (entry) => {
      expect(() => AddressAllowList.parse(entry, '--allow-ip')).toThrow(
        `Invalid --allow-ip entry "${entry}"`,
      );
    },
  );

  it.each([
    ['10.0.0.0/33', 33],
    ['::1/129', 129],
  ])('names the prefix length of %s', (entry, prefix) => {
    expect(() => AddressAllowList.parse(entry, '--allow-ip')).toThrow(
      `prefix length ${prefix} is out of range: IPv4 allows 0–32, IPv6 0–128`,
    );
  });

  it('rejects an empty list', () => {
    expect(() => AddressAllowList.parse(' , ', '--admin-allow-ip')).toThrow(
      'Empty --admin-allow-ip list',
    );
  });
});

describe('--allow-ip on the platform', () => {
  let env: TestPlatform;
  let auditPath: string;
  let key: string;

  beforeAll(async () => {
    env = await startTestPlatform({ allowIp: [`${ALLOWED_SOURCE}/32`] });
    auditPath = env.auditLogPath;
    key = (await env.clientFor('alice')).apiKey!;
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('admits the listed address', async () => {
    const client = new SourceBoundClient(env.url, key, ALLOWED_SOURCE);
    const data = await client.ok<ViewerData>(viewerQuery);
    expect(data.viewer?.username).toBe('alice');
  });

  it('rejects another address with 403', async () => {
    const client = new SourceBoundClient(env.url, key, OTHER_SOURCE);
    const result = await client.request<ViewerData>(viewerQuery);

    expect(result.status).toBe(403);
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors[0]!.message).toContain(`Requests from ${OTHER_SOURCE} are not allowed`);

    const event = await waitForAuditEvent(
      auditPath,
      (e) => e.action === 'http.request' && e.source === OTHER_SOURCE,
      'the rejected request',
    );
    expect(event.result).toBe('denied');
    expect(event.actor).toBeNull();
    expect(event.detail).toEqual({ method: 'POST', path: '/graphql', rule: 'allow-ip' });
  });

  it('rejects before authentication', async () => {
    const before = readAuditEvents(auditPath).filter((e) => e.action === 'login').length;
    const response = await sendFrom(OTHER_SOURCE, `${env.url}/graphql?probe=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic bm90OmF2YWxpZGtleQ==' },
      body: JSON.stringify({ query: viewerQuery }),
    });
    expect(response.status).toBe(403);

    // The rejection is recorded without the query string, and no login was attempted.
    const event = await waitForAuditEvent(
      auditPath,
      (e) =>
        e.action === 'http.request' && e.detail.path === '/graphql' && e.detail.method === 'POST',
      'the rejected request with a query string',
    );
    expect(JSON.stringify(event)).not.toContain('probe');
    expect(readAuditEvents(auditPath).filter((e) => e.action === 'login')).toHaveLength(before);
  });

  it('guards the health check too', async () => {
    const rejected = await sendFrom(OTHER_SOURCE, `${env.url}/healthz`);
    expect(rejected.status).toBe(403);
    expect(JSON.parse(rejected.body).errors[0].extensions.code).toBe('FORBIDDEN');

    const admitted = await sendFrom(ALLOWED_SOURCE, `${env.url}/healthz`);
    expect(admitted.status).toBe(200);
  });
});
