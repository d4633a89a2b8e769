import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { redactUrl } from '../../../../electron/engine/journal';
import type { Journal } from '../../../../electron/engine/journal';
import { UPLOAD_TARGET, newFiles, openJournal, planFor, presignedUrl, tempFolder } from './fixture';

const folder = tempFolder('secrets');
const SIGNATURE = 'SECRETSIGNATURE0123';
const JOURNAL_SOURCE = join(import.meta.dirname, '../../../../electron/engine/journal');

/** Runs `action` and returns the message of what it throws. */
function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}

function journalWithUrls(): { journal: Journal; transferId: string; fileId: number } {
  const { journal } = openJournal(folder);
  const transfer = journal.createTransfer({
    kind: 'upload-artifact',
    target: UPLOAD_TARGET,
    files: newFiles(1, 10),
  });
  const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;
  journal.recordPlan(fileId, planFor(10, 5));
  journal.recordPartUrls(fileId, [
    { index: 0, url: presignedUrl('k', 1), expiresAtMs: 1 },
    { index: 1, url: presignedUrl('k', 2), expiresAtMs: 1 },
  ]);
  journal.recordFileUrl(fileId, { url: presignedUrl('whole'), expiresAtMs: 1 });
  return { journal, transferId: transfer.id, fileId };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('journal secrets', () => {
  it('redactUrl strips query and credentials', () => {
    expect(redactUrl(presignedUrl('artifacts/content/abc', 3))).toBe(
      'https://bucket.s3.us-east-1.amazonaws.com/artifacts/content/abc',
    );
    expect(redactUrl('https://acct.blob.core.windows.net/c/blob?sv=2024&sig=abc%3D#frag')).toBe(
      'https://acct.blob.core.windows.net/c/blob',
    );
    expect(redactUrl('https://user:pass@storage.googleapis.com/b/o?X-Goog-Signature=ff')).toBe(
      'https://storage.googleapis.com/b/o',
    );
    expect(redactUrl('http://127.0.0.1:10000/devstoreaccount1/data/x?sig=1')).toBe(
      'http://127.0.0.1:10000/devstoreaccount1/data/x',
    );
    expect(redactUrl('not a url?sig=SECRET')).toBe('not a url');
  });

  it('keeps URLs out of every error message', () => {
    const { journal, transferId, fileId } = journalWithUrls();
    const url = presignedUrl('k', 1);
    const messages = [
      messageOf(() => journal.recordPartUrls(fileId, [{ index: 9, url, expiresAtMs: 5 }])),
      messageOf(() => journal.recordPartUrls(fileId, [{ index: 0, url, expiresAtMs: Number.NaN }])),
      messageOf(() => journal.recordPartUrls(fileId, [{ index: -1, url, expiresAtMs: 5 }])),
      messageOf(() => journal.recordPartUrls(999, [{ index: 0, url, expiresAtMs: 5 }])),
      messageOf(() =>
        journal.recordFileUrl(fileId, {
          url: `ftp://h/k?X-Amz-Signature=${SIGNATURE}`,
          expiresAtMs: 5,
        }),
      ),
      messageOf(() =>
        journal.recordFileUrl(fileId, {
          url: `no scheme ?X-Amz-Signature=${SIGNATURE}`,
          expiresAtMs: 5,
        }),
      ),
      messageOf(() =>
        journal.recordFileUrl(fileId, { url: 42 as unknown as string, expiresAtMs: 5 }),
      ),
      messageOf(() => journal.partUrl(fileId, 7)),
      messageOf(() => journal.setFileState(fileId, 'done')),
      messageOf(() => journal.setTransferState(transferId, 'completed')),
      messageOf(() => journal.recordPlan(fileId, planFor(10, 2))),
    ];

    for (const message of messages) {
      expect(message).not.toContain(SIGNATURE);
      expect(message).not.toContain('X-Amz');
      expect(message).not.toContain('amazonaws.com');
    }
    journal.close();
  });

  it('keeps URLs out of records', () => {
    const { journal, transferId, fileId } = journalWithUrls();

    const records = JSON.stringify([
      journal.getTransfer(transferId),
      journal.listTransfers(),
      journal.resumable(),
      journal.getFile(fileId),
      journal.pendingParts(fileId),
      journal.partsNeedingUrls(fileId, 0, 0),
      journal.allParts(fileId),
      [...journal.iterateFiles(transferId)],
    ]);

    expect(records).not.toContain(SIGNATURE);
    expect(records).not.toContain('amazonaws.com');
    expect(journal.partUrl(fileId, 0)!.url).toContain(SIGNATURE);
    expect(journal.fileUrl(fileId)!.url).toContain(SIGNATURE);
    journal.close();
  });

  it('redacts URLs inside stored error messages', () => {
    const { journal, fileId } = journalWithUrls();

    journal.setFileState(fileId, 'failed', {
      code: 'http-403',
      message: `PUT ${presignedUrl('k', 1)} returned 403 SignatureDoesNotMatch`,
    });

    expect(journal.getFile(fileId).error).toEqual({
      code: 'http-403',
      message: 'PUT https://bucket.s3.us-east-1.amazonaws.com/k returned 403 SignatureDoesNotMatch',
    });
    journal.close();
  });

  it('rejects a platform host carrying credentials', () => {
    const { journal } = openJournal(folder);
    const hosts = [
      'https://api:local-0123456789abcdef@wandb.example.test',
      'https://wandb.example.test/?api_key=local-0123456789abcdef',
      'https://wandb.example.test/#local-0123456789abcdef',
    ];

    for (const platformHost of hosts) {
      const message = messageOf(() =>
        journal.createTransfer({
          kind: 'upload-artifact',
          target: { ...UPLOAD_TARGET, platformHost },
        }),
      );
      expect(message).toMatch(/must not contain a user name, password, query or fragment/);
      expect(message).not.toContain('0123456789abcdef');
    }
    expect(
      messageOf(() =>
        journal.createTransfer({
          kind: 'upload-artifact',
          target: { ...UPLOAD_TARGET, platformHost: 'wandb.example.test' },
        }),
      ),
    ).toBe('platform host is not a URL; use a base URL such as https://api.wandb.ai');

    const kept = journal.createTransfer({
      kind: 'upload-artifact',
      target: { ...UPLOAD_TARGET, platformHost: 'https://wandb.example.test/base/' },
    });
    expect(kept.target.platformHost).toBe('https://wandb.example.test/base');
    expect(journal.listTransfers()).toHaveLength(1);
    journal.close();
  });

  it('writes nothing to the console', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );

    const { journal, fileId } = journalWithUrls();
    journal.confirmPart(fileId, 0, '"e0"');
    messageOf(() => journal.confirmPart(fileId, 0, '"e1"'));
    journal.partsNeedingUrls(fileId, 0, 0);
    journal.close();

    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('contains no logging calls in its sources', () => {
    const sources = readdirSync(JOURNAL_SOURCE).filter((name) => name.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(5);

    for (const name of sources) {
      const text = readFileSync(join(JOURNAL_SOURCE, name), 'utf8');
      expect(text, name).not.toMatch(/\bconsole\.|from 'pino'|process\.std(out|err)/);
    }
  });
});
