import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AuditLog, defaultAuditLogPath } from '../../../platform/audit/audit-log';
import {
  formatAuditLine,
  stripQueryStrings,
  type AuditEvent,
} from '../../../platform/audit/events';
import { parseSince } from '../../../platform/audit/read-log';
import { compactPartNumbers, signedUrlDetail } from '../../../platform/audit/url-detail';
import { readAuditEvents } from './audit-lines';

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    time: '2025-01-31T09:00:00.000Z',
    actor: 'alice',
    team: 'kappa',
    action: 'url.upload',
    object: 'kappa/artifacts/content/0123',
    source: '127.0.0.1',
    result: 'allowed',
    detail: {},
    ...overrides,
  };
}

describe('audit line format', () => {
  it('keeps the documented field order', () => {
    const line = formatAuditLine(event({ detail: { b: 1 }, result: 'denied', time: 'T' }));
    expect(Object.keys(JSON.parse(line))).toEqual([
      'time',
      'actor',
      'team',
      'action',
      'object',
      'source',
      'result',
      'detail',
    ]);
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
  });

  it('strips query strings from detail', () => {
    const url = 'https://acct.blob.core.windows.net/c/blob?sv=2024&sig=abc%3D&se=x';
    const line = formatAuditLine(
      event({ detail: { error: `PUT ${url} failed`, nested: [{ url }] } }),
    );
    expect(line).not.toContain('sig=');
    expect(line).not.toContain('?');
    expect(JSON.parse(line).detail.error).toBe(
      'PUT https://acct.blob.core.windows.net/c/blob failed',
    );
  });

  it('encodes ? in object paths', () => {
    const line = formatAuditLine(event({ object: 'kappa/runs/p/r/what?.txt' }));
    expect(JSON.parse(line).object).toBe('kappa/runs/p/r/what%3F.txt');
  });

  it('leaves plain question marks in text', () => {
    expect(stripQueryStrings('Is this a bucket? No.')).toBe('Is this a bucket? No.');
  });
});

describe('signed URL detail', () => {
  it('takes st and se from an Azure SAS', () => {
    const detail = signedUrlDetail(
      'azure',
      'http://127.0.0.1:10000/devstoreaccount1/c/a%20b.txt?sv=2024-11-04&st=2025-01-31T08%3A45%3A00Z&se=2025-02-01T09%3A00%3A00Z&sr=b&sp=cw&sig=SECRET',
    );
    expect(detail).toEqual({
      blobPath: '/devstoreaccount1/c/a%20b.txt',
      st: '2025-01-31T08:45:00Z',
      se: '2025-02-01T09:00:00Z',
    });
  });

  it('takes X-User from S3 and GCS URLs', () => {
    const detail = signedUrlDetail(
      'gcs',
      'http://127.0.0.1:4443/bucket/obj?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-User=alice&X-Goog-Signature=SECRET',
    );
    expect(detail).toEqual({ urlPath: '/bucket/obj', xUser: 'alice' });
  });

  it('compacts part numbers', () => {
    expect(compactPartNumbers([1, 2, 3, 7, 9, 10])).toBe('1-3,7,9-10');
    expect(compactPartNumbers([5])).toBe('5');
    expect(compactPartNumbers([])).toBe('');
  });
});

describe('parseSince', () => {
  const now = new Date('2025-01-31T12:00:00.000Z');

  it.each([
    ['24h', '2025-01-30T12:00:00.000Z'],
    ['90m', '2025-01-31T10:30:00.000Z'],
    ['7d', '2025-01-24T12:00:00.000Z'],
    ['2025-01-31T09:00:00Z', '2025-01-31T09:00:00.000Z'],
    ['2025-01-30', '2025-01-30T00:00:00.000Z'],
  ])('parses %s', (text, expected) => {
    expect(parseSince(text, now).toISOString()).toBe(expected);
  });

  it.each(['yesterday', '24', '-1h', '2025-13-45'])('rejects %s', (text) => {
    expect(() => parseSince(text, now)).toThrow(`Invalid --since "${text}"`);
  });
});

describe('AuditLog file', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'byob-audit-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('defaults to a path beside the database', () => {
    expect(defaultAuditLogPath('/srv/byob/platform.sqlite')).toBe(
      '/srv/byob/platform.sqlite.audit.jsonl',
    );
  });

  it('creates the file with mode 0600', async () => {
    const path = join(dir, 'nested', 'audit.jsonl');
    const log = AuditLog.open(path);
    log.record(event());
    await log.close();

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readAuditEvents(path)).toEqual([event()]);
  });

  it('keeps lines whole under concurrent appends', async () => {
    const path = join(dir, 'audit.jsonl');
    const writers = [AuditLog.open(path), AuditLog.open(path), AuditLog.open(path)];
    const linesPerWriter = 2_000;
    // Lines of about 4 KiB, so that a split write would show up as a broken line.
    const padding = 'x'.repeat(4096);

    for (let index = 0; index < linesPerWriter; index++) {
      writers.forEach((writer, number) =>
        writer.record(event({ actor: `writer-${number}`, detail: { index, padding } })),
      );
    }
    await Promise.all(writers.map((writer) => writer.close()));

    const events = readAuditEvents(path);
    expect(events).toHaveLength(writers.length * linesPerWriter);
    for (let number = 0; number < writers.length; number++) {
      const indexes = events
        .filter((e) => e.actor === `writer-${number}`)
        .map((e) => e.detail.index);
      expect(indexes).toEqual([...Array(linesPerWriter).keys()]);
    }
  });

  it('counts events after close as dropped', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = AuditLog.open(path);
    await log.close();
    log.record(event());

    expect(log.dropped).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('rejects an unwritable path at open', () => {
    const path = join(dir, 'missing-parent-is-a-file');
    const log = AuditLog.open(path);
    void log.close();
    expect(() => AuditLog.open(join(path, 'audit.jsonl'))).toThrow(
      /Cannot open the audit log ".*audit\.jsonl" for appending \((ENOTDIR|EEXIST)\)/,
    );
  });
});
