// Reads small objects (manifests, validation probes) into memory with a hard size limit, for
// every provider. The limit is checked against the declared length first and again while
// reading, because an object can be replaced after its headers arrived.

/** Throws when `maxBytes` is not a usable byte limit. */
export function requireByteLimit(maxBytes: number): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new Error(`Invalid maxBytes ${maxBytes}: expected a non-negative integer.`);
  }
}

export interface LimitedBody {
  /** Response body; Node streams and web streams are both async iterables of bytes. */
  body: AsyncIterable<Uint8Array> | null | undefined;
  /** Content length from the response headers; 0 when absent. */
  declaredSize: number;
  /** Releases a body that is never read, so its connection is freed. */
  discard(): void | Promise<void>;
}

/**
 * Reads `response.body` into one buffer, or throws an error naming `subject` once the object
 * turns out larger than `maxBytes`. Leaving the loop early closes the body stream.
 */
export async function readWithinLimit(
  response: LimitedBody,
  maxBytes: number,
  subject: string,
): Promise<Buffer> {
  const tooLarge = (size: string) =>
    new Error(
      `${subject} is ${size} bytes, over the ${maxBytes}-byte limit for small objects: raise maxBytes or read it through a download URL.`,
    );

  if (response.declaredSize > maxBytes) {
    await response.discard();
    throw tooLarge(String(response.declaredSize));
  }
  if (response.body === null || response.body === undefined) return Buffer.alloc(0);

  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(`at least ${total}`);
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(chunks, total);
}
