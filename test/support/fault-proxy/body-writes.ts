// Writing body bytes one piece at a time, optionally paced to a byte rate, so that counters
// report bytes that reached the connection and a reset can follow an exact byte count.
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { Writable } from 'node:stream';

/** Interval between the writes of a paced stream, in ms. Each write sends one interval's bytes. */
const PACE_INTERVAL_MS = 100;

/** Spaces writes so that no more than `bytesPerSecond` × elapsed seconds have been written. */
export class Pacer {
  private readonly startedAt = performance.now();
  private written = 0;

  constructor(private readonly bytesPerSecond: number) {}

  /** Pieces of at most one interval's worth of bytes, at least one byte each. */
  split(bytes: Buffer): Buffer[] {
    const pieceBytes = Math.max(1, Math.floor((this.bytesPerSecond * PACE_INTERVAL_MS) / 1000));
    const pieces: Buffer[] = [];
    for (let start = 0; start < bytes.length; start += pieceBytes) {
      pieces.push(bytes.subarray(start, start + pieceBytes));
    }
    return pieces;
  }

  /** Waits until `bytes` more bytes fit within the rate, then counts them as written. */
  async reserve(bytes: number, signal: AbortSignal): Promise<void> {
    this.written += bytes;
    const dueAt = this.startedAt + (this.written / this.bytesPerSecond) * 1000;
    const waitMs = dueAt - performance.now();
    if (waitMs > 0) await delay(Math.ceil(waitMs), undefined, { signal });
  }
}

/**
 * Writes `bytes` to `stream` and resolves once the stream has passed them to its socket.
 * `onWritten` gets the number of bytes of each piece after it was passed on.
 */
export async function writeBody(
  stream: Writable,
  bytes: Buffer,
  pacer: Pacer | null,
  onWritten: (byteCount: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const pieces = pacer === null ? [bytes] : pacer.split(bytes);
  for (const piece of pieces) {
    if (pacer !== null) await pacer.reserve(piece.length, signal);
    await writeAndWait(stream, piece, signal);
    onWritten(piece.length);
  }
}

/** Writes one piece and waits for its write callback, the stream's close, or the abort. */
export function writeAndWait(stream: Writable, piece: Buffer, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => finish(signal.reason);
    const onClose = () => finish(new Error('The connection closed before the write completed.'));
    const finish = (error?: unknown) => {
      signal.removeEventListener('abort', onAbort);
      stream.off('close', onClose);
      if (error === undefined || error === null) resolve();
      else reject(error);
    };

    signal.addEventListener('abort', onAbort, { once: true });
    stream.once('close', onClose);
    stream.write(piece, (error) => finish(error));
  });
}

/**
 * Resets a TCP connection: the kernel sends an RST, and the peer's next read or write fails
 * with ECONNRESET (or EPIPE while it writes). Use it where the peer has nothing left to read.
 * NOTE: with Node 20 on Linux 6.18, a peer that got the RST before it read its queued bytes lost
 * those bytes in one run and read a plain end of stream in another.
 */
export function resetConnection(socket: Socket | null): void {
  if (socket === null || socket.destroyed) return;
  socket.resetAndDestroy();
}

/**
 * Closes a TCP connection in the middle of a response. The kernel delivers every byte already
 * written and then a FIN, so the peer gets exactly those bytes and then an early end of stream.
 * HTTP clients report that as a failed response: undici 7 as UND_ERR_SOCKET "other side closed",
 * node:http 20 as ECONNRESET "aborted".
 */
export function closeConnection(socket: Socket | null): void {
  if (socket === null || socket.destroyed) return;
  socket.destroy();
}
