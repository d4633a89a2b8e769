// API keys per profile, behind CredentialStore. The file store keeps only ciphertext from a
// SecretCipher: Electron's safeStorage in the app (safe-storage-cipher.ts), an in-memory AES
// key in tests. Without a usable cipher a key is kept in memory until the app quits, never
// written in plain text.
import { join } from 'node:path';

import { z } from 'zod';

import { readJsonFile, setAside, writeJsonFile } from './json-file';

/** Encrypts secrets so that only this user on this computer can decrypt them. */
export interface SecretCipher {
  /** False when the OS offers no encryption that protects the key from other users. */
  isAvailable(): boolean;
  encrypt(plainText: string): Buffer;
  /** Throws when the ciphertext was made by another user, computer or key. */
  decrypt(cipherText: Buffer): string;
}

export type KeyStorage = 'encrypted' | 'session-only' | 'none';

export interface CredentialStore {
  /** Stores the key; `remember: false` or an unavailable cipher keeps it in memory only. */
  save(profileId: string, apiKey: string, remember: boolean): KeyStorage;
  /** Returns the key, or null when none is stored or it can no longer be decrypted. */
  load(profileId: string): string | null;
  remove(profileId: string): void;
  storageOf(profileId: string): KeyStorage;
  /** Whether keys can be remembered across restarts. */
  encryptionAvailable(): boolean;
}

const fileSchema = z.strictObject({
  version: z.literal(1),
  /** Profile id → base64 ciphertext. */
  keys: z.record(z.string(), z.string()),
});

export const CREDENTIALS_FILE = 'credentials.json';

export class EncryptedFileCredentialStore implements CredentialStore {
  private readonly path: string;
  private readonly sessionKeys = new Map<string, string>();

  constructor(
    folder: string,
    private readonly cipher: SecretCipher,
    private readonly onInvalidFile: (message: string) => void = () => {},
  ) {
    this.path = join(folder, CREDENTIALS_FILE);
  }

  encryptionAvailable(): boolean {
    return this.cipher.isAvailable();
  }

  save(profileId: string, apiKey: string, remember: boolean): KeyStorage {
    const keys = this.readKeys();
    delete keys[profileId];
    this.sessionKeys.delete(profileId);

    if (remember && this.cipher.isAvailable()) {
      keys[profileId] = this.cipher.encrypt(apiKey).toString('base64');
      this.writeKeys(keys);
      return 'encrypted';
    }
    this.writeKeys(keys);
    this.sessionKeys.set(profileId, apiKey);
    return 'session-only';
  }

  load(profileId: string): string | null {
    const session = this.sessionKeys.get(profileId);
    if (session !== undefined) return session;

    const stored = this.readKeys()[profileId];
    if (stored === undefined || !this.cipher.isAvailable()) return null;
    try {
      return this.cipher.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      // Made on another computer or by another OS user: the user has to sign in again.
      return null;
    }
  }

  remove(profileId: string): void {
    this.sessionKeys.delete(profileId);
    const keys = this.readKeys();
    if (profileId in keys) {
      delete keys[profileId];
      this.writeKeys(keys);
    }
  }

  storageOf(profileId: string): KeyStorage {
    if (this.sessionKeys.has(profileId)) return 'session-only';
    return profileId in this.readKeys() ? 'encrypted' : 'none';
  }

  private readKeys(): Record<string, string> {
    const read = readJsonFile(this.path, fileSchema);
    if (read.status === 'ok') return { ...read.value.keys };
    if (read.status === 'invalid') {
      setAside(this.path);
      this.onInvalidFile(read.message);
    }
    return {};
  }

  private writeKeys(keys: Record<string, string>): void {
    writeJsonFile(this.path, { version: 1, keys });
  }
}
