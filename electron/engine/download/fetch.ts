// A byte range fetched with the engine's retry rules: network errors, 408, 429 and 5xx are
// retried with backoff, an expired URL (403, or GCS's 400 ExpiredToken) is fetched again from
// the platform, and every other status fails at once. Each attempt is a fresh request inside
// the shared request queue. An object that changed since its ETag was recorded ends the fetch
// with REMOTE_CHANGED, which the file runner handles by restarting the file.

import type { FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { redactUrl } from '../http/index';
import type { FileTransferRecord } from '../journal/index';
import { RetryTracker } from '../../../shared/transfer/retry-policy';
import { TransferError, type TransferErrorContext } from '../transfer/errors';
import type { DownloadContext } from './context';
import { getIntoFile } from './get';
import { isRejection, providerOf } from '../transfer/request-failures';

export interface RangeFetch {
  file: FileTransferRecord;
  /** `get-object` for a whole file, `get-range` for one range of a file fetched in parallel. */
  operation: 'get-object' | 'get-range';
  /** 1-based number of the range, for events and errors. */
  partNumber?: number;
  handle: FileHandle;
  partPath: string;
  start: number;
  end: number;
  /**
   * Whether a failed attempt's bytes are kept and the next attempt continues after them. A
   * whole-file GET keeps them; a range is fetched whole again.
   */
  keepPartialBytes: boolean;
  /** Aborted when the transfer pauses or another range of the file finds a changed object. */
  signal: AbortSignal;
  /**
   * Called after each slice is written, with the slice and the position after it. Only for
   * fetches that keep partial bytes, which write in order from the start.
   */
  onWritten?: (position: number, slice: Buffer) => Promise<void>;
}

/** Fetches `start..end` into the file and returns the object's ETag, or throws TransferError. */
export async function fetchRange(
  ctx: DownloadContext,
  fetch: RangeFetch,
): Promise<string | undefined> {
  const tracker = new RetryTracker(ctx.options.retry);
  const logicalPath = fetch.file.logicalPath;
  let position = fetch.start;

  for (;;) {
    const from = position;
    let attemptBytes = 0;
    // The URL is read once the request leaves the queue, so a request that waited there for
    // other ranges still gets a URL that is valid for at least the margin.
    // No signal goes to the queue: with one, p-queue rejects at once on abort while the GET
    // still writes, and the caller would close the file under it.
    const { outcome, url, context } = await ctx.requests.add(async () => {
      fetch.signal.throwIfAborted();
      const url = await currentUrl(ctx, fetch.file);
      const context: TransferErrorContext = {
        transferId: ctx.transferId,
        logicalPath,
        provider: providerOf(url),
        operation: fetch.operation,
        url: redactUrl(url),
        ...(fetch.partNumber === undefined ? {} : { partNumber: fetch.partNumber }),
      };
      try {
        const outcome = await getIntoFile({
          dispatcher: ctx.dispatcher,
          url,
          signal: fetch.signal,
          limiter: ctx.limiter,
          handle: fetch.handle,
          partPath: fetch.partPath,
          size: fetch.file.fingerprint.size,
          start: from,
          end: fetch.end,
          openEnded: fetch.operation === 'get-object',
          etag: ctx.journal.getFile(fetch.file.id).remoteEtag,
          acceptEtag: (received) => acceptEtag(ctx, fetch.file, received),
          onBytes: async (slice) => {
            ctx.progress.add(logicalPath, slice.length);
            attemptBytes += slice.length;
            if (fetch.keepPartialBytes) await fetch.onWritten?.(from + attemptBytes, slice);
          },
        });
        return { outcome, url, context };
      } catch (error) {
        if (!(error instanceof TransferError)) throw error;
        throw new TransferError(error.code, error.message, { ...context, ...error.context });
      }
    });

    if (outcome.kind === 'changed') {
      ctx.progress.rollback(logicalPath, position - fetch.start + outcome.written);
      throw new TransferError(
        'REMOTE_CHANGED',
        `The remote object of "${logicalPath}" changed while it was downloaded: ${outcome.reason}.`,
        context,
      );
    }

    if (outcome.kind === 'ok') {
      return outcome.etag;
    }

    // Bytes that arrived before the failure count as progress, as a confirmed part does for uploads.
    if (outcome.written > 0) tracker.progress();
    if (fetch.keepPartialBytes) {
      position += outcome.written;
    } else {
      ctx.progress.rollback(logicalPath, outcome.written);
    }

    const decision = tracker.recordFailure(outcome.failure);
    const failure =
      outcome.failure.class === 'network' ? outcome.failure.kind : `HTTP ${outcome.failure.status}`;
    const failedContext =
      outcome.status === undefined ? context : { ...context, status: outcome.status };
    if (decision.action === 'fail') {
      throw new TransferError(
        isRejection(outcome.failure) ? 'STORAGE_REJECTED' : 'RETRIES_EXHAUSTED',
        `${fetch.operation} of "${logicalPath}"${partLabel(fetch)} failed: ${decision.reason} ${outcome.detail}`.trim(),
        failedContext,
      );
    }

    ctx.events.emit('retry', {
      transferId: ctx.transferId,
      logicalPath,
      ...(fetch.partNumber === undefined ? {} : { partNumber: fetch.partNumber }),
      action: decision.action,
      ...(decision.action === 'retry' ? { delayMs: decision.delayMs } : {}),
      ...(outcome.failure.class === 'http' ? { status: outcome.failure.status } : {}),
      failure,
    });
    if (decision.action === 'retry') {
      await sleep(decision.delayMs, undefined, { signal: fetch.signal });
    } else {
      await refreshUrl(ctx, fetch.file, url);
    }
  }
}

/**
 * Records the first ETag seen for a file and returns why a later one differs, or null. Ranges
 * started before the first response arrived carry no If-Match, so this check covers them.
 */
function acceptEtag(
  ctx: DownloadContext,
  file: FileTransferRecord,
  received: string | undefined,
): string | null {
  if (received === undefined) return null;
  const recorded = ctx.journal.getFile(file.id).remoteEtag;
  if (recorded === null) {
    ctx.journal.recordRemoteEtag(file.id, received);
    return null;
  }
  return recorded === received ? null : `its ETag changed from ${recorded} to ${received}`;
}

/** Returns the file's journaled URL, fetching a new one first when it expires within the margin. */
async function currentUrl(ctx: DownloadContext, file: FileTransferRecord): Promise<string> {
  if (ctx.journal.fileNeedsUrl(file.id, Date.now(), ctx.options.urlExpiryMarginMs)) {
    await refreshUrl(ctx, file);
  }
  return ctx.journal.fileUrl(file.id)!.url;
}

async function refreshUrl(
  ctx: DownloadContext,
  file: FileTransferRecord,
  rejectedUrl?: string,
): Promise<void> {
  ctx.fileState(file, 're-minting');
  await ctx.urls.refresh(file, rejectedUrl);
  ctx.fileState(file, 'downloading');
}

function partLabel(fetch: RangeFetch): string {
  return fetch.partNumber === undefined ? '' : ` (range ${fetch.partNumber})`;
}
