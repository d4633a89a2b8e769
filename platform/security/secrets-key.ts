// Sources of the instance's secrets key, in order of precedence:
//
//   1. --secrets-key-file <path>: a file with the base64 of 32 random bytes
//   2. BYOB_SECRETS_KEY: the base64 of 32 random bytes
//   3. <database>.key beside the database, created with mode 0600 on first start
//
// The key never appears in a message; errors name only its source.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { SECRETS_KEY_BYTES, SecretBox, SecretsError } from './secrets';

export const SECRETS_KEY_ENV = 'BYOB_SECRETS_KEY';

export interface SecretsKeyOptions {
  /** Path given with --secrets-key-file. */
  keyFile?: string;
  /** Value of BYOB_SECRETS_KEY, when set. */
  base64Key?: string;
  /** Database file; `:memory:` gets a random key that lives as long as the process. */
  dbPath: string;
}

export interface LoadedSecretsKey {
  box: SecretBox;
  /** Path of the key file created by this call, so the caller can log it; null otherwise. */
  createdFile: string | null;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const GENERATE_HINT = 'generate one with "openssl rand -base64 32"';

/** Returns the path of the key file that belongs to a database file. */
export function defaultKeyFileOf(dbPath: string): string {
  return `${dbPath}.key`;
}

/** Loads the secrets key from the first source that is set, creating the database key file if needed. */
export function loadSecretsKey(options: SecretsKeyOptions): LoadedSecretsKey {
  if (options.keyFile !== undefined) {
    const source = `--secrets-key-file ${options.keyFile}`;
    return { box: new SecretBox(readKeyFile(options.keyFile, source), source), createdFile: null };
  }

  if (options.base64Key !== undefined && options.base64Key.trim() !== '') {
    const key = decodeKey(options.base64Key, SECRETS_KEY_ENV);
    return { box: new SecretBox(key, SECRETS_KEY_ENV), createdFile: null };
  }

  if (options.dbPath === ':memory:') {
    const source = 'a random key kept in memory (the database is in memory too)';
    return { box: new SecretBox(randomBytes(SECRETS_KEY_BYTES), source), createdFile: null };
  }

  const path = defaultKeyFileOf(options.dbPath);
  const source = `key file ${path}`;
  const createdFile = createKeyFileIfMissing(path) ? path : null;
  return { box: new SecretBox(readKeyFile(path, source), source), createdFile };
}

/** Writes a new random key; returns false when the file already exists. */
function createKeyFileIfMissing(path: string): boolean {
  try {
    // The database folder may not exist yet, because the key is loaded before the database opens.
    mkdirSync(dirname(path), { recursive: true });
    // `wx` fails on an existing file, so two processes starting at once keep one key.
    writeFileSync(path, `${randomBytes(SECRETS_KEY_BYTES).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SecretsError(
      `Failed to create the secrets key file ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}): make its folder writable, or set ${SECRETS_KEY_ENV} or --secrets-key-file.`,
    );
  }
}

function readKeyFile(path: string, source: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SecretsError(
      `Failed to read the secrets key from ${source} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}): check the path and its permissions.`,
    );
  }
  return decodeKey(text, source);
}

function decodeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed) || trimmed.length % 4 !== 0) {
    throw new SecretsError(`The secrets key from ${source} is not base64 text: ${GENERATE_HINT}.`);
  }

  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== SECRETS_KEY_BYTES) {
    throw new SecretsError(
      `The secrets key from ${source} decodes to ${key.length} bytes, but AES-256 needs ${SECRETS_KEY_BYTES}: ${GENERATE_HINT}.`,
    );
  }
  return key;
}
