import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { SecretBox, SecretsError } from '../../../platform/security/secrets';
import { defaultKeyFileOf, loadSecretsKey } from '../../../platform/security/secrets-key';

const PURPOSE = 'storage_buckets.address';
const ADDRESS = 'az://:c2VjcmV0LWFjY291bnQta2V5@account/container';

const folder = mkdtempSync(join(tmpdir(), 'byob-secrets-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function newBox(source = 'a test key'): SecretBox {
  return new SecretBox(randomBytes(32), source);
}

/** Replaces one base64url character of a `:`-separated part with another. */
function flipCharacter(stored: string, partIndex: number): string {
  const parts = stored.split(':');
  const part = parts[partIndex]!;
  const last = part.at(-2)!;
  parts[partIndex] = part.slice(0, -2) + (last === 'A' ? 'B' : 'A') + part.slice(-1);
  return parts.join(':');
}

describe('SecretBox', () => {
  it('round-trips a value', () => {
    const box = newBox();
    const stored = box.encrypt(ADDRESS, PURPOSE);

    expect(box.decrypt(stored, PURPOSE)).toBe(ADDRESS);
  });

  it('writes the versioned text format without the plaintext', () => {
    const stored = newBox().encrypt(ADDRESS, PURPOSE);
    const [version, keyId, iv, tag, ciphertext] = stored.split(':');

    expect(version).toBe('v1');
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext!, 'base64url')).toHaveLength(Buffer.byteLength(ADDRESS));
    expect(stored).not.toContain('c2VjcmV0');
  });

  it('uses a new IV for every value', () => {
    const box = newBox();
    const first = box.encrypt(ADDRESS, PURPOSE).split(':')[2];
    const second = box.encrypt(ADDRESS, PURPOSE).split(':')[2];

    expect(first).not.toBe(second);
  });

  it('rejects a wrong key and names its source', () => {
    const stored = newBox().encrypt(ADDRESS, PURPOSE);
    const other = newBox('BYOB_SECRETS_KEY');

    expect(() => other.decrypt(stored, PURPOSE)).toThrow(SecretsError);
    expect(() => other.decrypt(stored, PURPOSE)).toThrow(/key from BYOB_SECRETS_KEY/);
    expect(() => other.decrypt(stored, PURPOSE)).not.toThrow(/c2VjcmV0|account/);
  });

  it('rejects a tampered ciphertext', () => {
    const box = newBox();
    const tampered = flipCharacter(box.encrypt(ADDRESS, PURPOSE), 4);

    expect(() => box.decrypt(tampered, PURPOSE)).toThrow(/failed authentication/);
  });

  it('rejects a tampered tag and IV', () => {
    const box = newBox();
    const stored = box.encrypt(ADDRESS, PURPOSE);

    expect(() => box.decrypt(flipCharacter(stored, 3), PURPOSE)).toThrow(/failed authentication/);
    expect(() => box.decrypt(flipCharacter(stored, 2), PURPOSE)).toThrow(/failed authentication/);
  });

  it('rejects a value decrypted for another purpose', () => {
    const box = newBox();
    const stored = box.encrypt(ADDRESS, PURPOSE);

    expect(() => box.decrypt(stored, 'users.email')).toThrow(/failed authentication/);
  });

  it('rejects an unknown format version', () => {
    const box = newBox();
    const stored = box.encrypt(ADDRESS, PURPOSE).replace(/^v1:/, 'v9:');

    expect(() => box.decrypt(stored, PURPOSE)).toThrow(/format version "v9"/);
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16), 'a short key')).toThrow(/has 16 bytes/);
  });
});

describe('loadSecretsKey', () => {
  it('creates the key file beside the database with mode 0600', () => {
    const dbPath = join(folder, 'created.sqlite');
    const first = loadSecretsKey({ dbPath });
    const keyFile = defaultKeyFileOf(dbPath);

    expect(first.createdFile).toBe(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(first.box.source).toBe(`key file ${keyFile}`);
  });

  it('reuses the key file on the next start', () => {
    const dbPath = join(folder, 'reused.sqlite');
    const stored = loadSecretsKey({ dbPath }).box.encrypt(ADDRESS, PURPOSE);
    const second = loadSecretsKey({ dbPath });

    expect(second.createdFile).toBeNull();
    expect(second.box.decrypt(stored, PURPOSE)).toBe(ADDRESS);
  });

  it('takes BYOB_SECRETS_KEY over the database key file', () => {
    const key = randomBytes(32);
    const loaded = loadSecretsKey({
      dbPath: join(folder, 'env.sqlite'),
      base64Key: key.toString('base64'),
    });

    expect(loaded.box.source).toBe('BYOB_SECRETS_KEY');
    expect(loaded.box.keyId).toBe(new SecretBox(key, 'same key').keyId);
    expect(loaded.createdFile).toBeNull();
  });

  it('takes --secrets-key-file over BYOB_SECRETS_KEY', () => {
    const keyFile = join(folder, 'given.key');
    const key = randomBytes(32);
    writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600 });
    const loaded = loadSecretsKey({
      dbPath: join(folder, 'file.sqlite'),
      keyFile,
      base64Key: randomBytes(32).toString('base64'),
    });

    expect(loaded.box.source).toBe(`--secrets-key-file ${keyFile}`);
    expect(loaded.box.keyId).toBe(new SecretBox(key, 'same key').keyId);
  });

  it('rejects a key of the wrong length and names the source', () => {
    const load = () =>
      loadSecretsKey({ dbPath: ':memory:', base64Key: randomBytes(16).toString('base64') });

    expect(load).toThrow(/BYOB_SECRETS_KEY decodes to 16 bytes/);
  });

  it('rejects a key that is not base64', () => {
    const load = () => loadSecretsKey({ dbPath: ':memory:', base64Key: 'not base64!' });

    expect(load).toThrow(/BYOB_SECRETS_KEY is not base64/);
  });

  it('rejects a missing key file and names it', () => {
    const keyFile = join(folder, 'missing.key');
    const load = () => loadSecretsKey({ dbPath: ':memory:', keyFile });

    expect(load).toThrow(`--secrets-key-file ${keyFile} (ENOENT)`);
  });
});
