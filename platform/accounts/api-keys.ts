import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// W&B API keys are 40 characters; ours are 40 hex characters too (160 random bits), so
// the SDK's key-length checks accept them. Keys are stored only as SHA-256: a fast hash is
// enough because the input is random, not a human password.

const KEY_BYTES = 20;
const PREFIX_LENGTH = 8;

export interface NewApiKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): NewApiKey {
  const key = randomBytes(KEY_BYTES).toString('hex');
  return { key, prefix: key.slice(0, PREFIX_LENGTH), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
