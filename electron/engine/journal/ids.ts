import { randomBytes } from 'node:crypto';

// Crockford's base32 alphabet: no I, L, O or U, so ids read back without confusion. Its
// characters are in ASCII order, which makes string order match numeric order.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10; // 50 bits of milliseconds, which last past the year 30000
const RANDOM_CHARS = 16; // 80 bits
const RANDOM_LIMIT = 1n << 80n;

let lastTimeMs = -1;
let lastRandom = 0n;

/**
 * Creates a transfer id: 10 characters of creation time in milliseconds, then 16 random
 * characters. Ids sort by creation time. Within one process, ids created in the same
 * millisecond (or after the clock stepped back) increase by one in their random part.
 */
export function newTransferId(nowMs: number = Date.now()): string {
  let timeMs = Math.floor(nowMs);
  let random: bigint;

  if (timeMs <= lastTimeMs) {
    timeMs = lastTimeMs;
    random = lastRandom + 1n;

    if (random >= RANDOM_LIMIT) {
      timeMs += 1;
      random = randomBits();
    }
  } else {
    random = randomBits();
  }

  lastTimeMs = timeMs;
  lastRandom = random;
  return encode(BigInt(timeMs), TIME_CHARS) + encode(random, RANDOM_CHARS);
}

function randomBits(): bigint {
  return BigInt('0x' + randomBytes(10).toString('hex'));
}

function encode(value: bigint, length: number): string {
  let text = '';
  let rest = value;

  for (let i = 0; i < length; i += 1) {
    text = ALPHABET[Number(rest & 31n)] + text;
    rest >>= 5n;
  }
  return text;
}
