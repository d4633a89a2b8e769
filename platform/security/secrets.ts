// Encryption of secrets at rest (bucket credentials in the database) with AES-256-GCM.
//
// A stored value is one line of text:
//
//   v1:<keyId>:<iv>:<tag>:<ciphertext>
//
// `v1` is the format version, `keyId` the first 8 bytes (hex) of an HMAC-SHA-256 of a fixed
// label under the key, and the other parts are base64url. The key id distinguishes a wrong key
// from a modified value without revealing anything about the key. The purpose string (such as
// "storage_buckets.address") is bound as additional authenticated data, so a value copied into
// another column does not decrypt there.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

import { PlatformError } from '../core/errors';

export const SECRETS_KEY_BYTES = 32;
/** IV length: NIST SP 800-38D recommends 96 bits for GCM. Each value gets a random IV. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 'v1';
const KEY_ID_LABEL = 'byob-transfer secrets key id';

/** A secret that cannot be decrypted or a key that cannot be used, with the key source named. */
export class SecretsError extends PlatformError {
  constructor(message: string) {
    super('INTERNAL', message);
    this.name = 'SecretsError';
  }
}

/** Encrypts and decrypts secrets with one instance key. */
export class SecretBox {
  readonly keyId: string;
  private readonly key: Buffer;

  /**
   * @param key 32 bytes
   * @param source where the key came from, for error messages, such as
   *   `BYOB_SECRETS_KEY` or `key file /var/lib/byob/platform.sqlite.key`
   */
  constructor(
    key: Buffer,
    readonly source: string,
  ) {
    if (key.length !== SECRETS_KEY_BYTES) {
      throw new SecretsError(
        `The secrets key from ${source} has ${key.length} bytes, but AES-256 needs ${SECRETS_KEY_BYTES}: generate one with "openssl rand -base64 32".`,
      );
    }
    this.key = Buffer.from(key);
    this.keyId = createHmac('sha256', this.key).update(KEY_ID_LABEL).digest('hex').slice(0, 16);
  }

  encrypt(plaintext: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(purpose, 'utf8'));

    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT_VERSION, this.keyId, b64(iv), b64(tag), b64(ciphertext)].join(':');
  }

  /** Decrypts a value made by encrypt() with the same purpose; never puts the value in an error. */
  decrypt(stored: string, purpose: string): string {
    const parts = stored.split(':');
    const [version, keyId, ivText, tagText, ciphertextText] = parts;

    if (version !== FORMAT_VERSION) {
      throw new SecretsError(
        `A stored ${purpose} secret has the format version "${String(version).slice(0, 8)}", but this platform reads only ${FORMAT_VERSION}: upgrade the platform or re-create the value.`,
      );
    }
    if (parts.length !== 5 || !ivText || !tagText || ciphertextText === undefined) {
      throw new SecretsError(
        `A stored ${purpose} secret is not in the form v1:<keyId>:<iv>:<tag>:<ciphertext>: the database value is damaged, so re-create it.`,
      );
    }
    if (keyId !== this.keyId) {
      throw new SecretsError(
        `A stored ${purpose} secret was encrypted with the key ${keyId}, but the key from ${this.source} is ${this.keyId}: start the platform with the original key (BYOB_SECRETS_KEY, --secrets-key-file or the key file beside the database).`,
      );
    }

    const iv = fromB64(ivText);
    const tag = fromB64(tagText);
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretsError(
        `A stored ${purpose} secret has a ${iv.length}-byte IV and a ${tag.length}-byte tag instead of ${IV_BYTES} and ${TAG_BYTES}: the database value is damaged, so re-create it.`,
      );
    }

    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      const plaintext = Buffer.concat([decipher.update(fromB64(ciphertextText)), decipher.final()]);
      return plaintext.toString('utf8');
    } catch {
      // The crypto error has only the message "Unsupported state or unable to authenticate data".
      throw new SecretsError(
        `A stored ${purpose} secret failed authentication with the key from ${this.source} (key ${this.keyId}): the database value was modified or belongs to another column, so re-create it.`,
      );
    }
  }
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function fromB64(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}
