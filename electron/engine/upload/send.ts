// One storage request with the engine's retry rules: network errors, 408, 429 and 5xx are
// retried with backoff, an expired URL (403, or GCS's 400 ExpiredToken) is re-minted, every
// other status fails at once. Each attempt opens a fresh read stream of its byte range and
// runs inside the shared request queue, so the queue bounds requests in flight.

import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { fingerprintOf, mtimeMsOf } from '../hashing/fingerprint';
import { putBytes, putFileRange, redactUrl, type HttpResponse } from '../http/index';
import type { FileTransferRecord } from '../journal/index';
import type { RetryTracker } from '../../../shared/transfer/retry-policy';
import {
  networkErrorKindOf,
  parseRetryAfter,
  type RequestFailure,
} from '../../../shared/transfer/retry-policy';
import type { TransferContext } from './context';
import { requestIdOf, TransferError, type TransferErrorContext } from '../transfer/errors';
import { errorCode, isRejection, providerOf } from '../transfer/request-failures';

export interface SendRequest {
  file: FileTransferRecord;
  /** Operation name for errors, such as `put-part`. */
  operation: string;
  partNumber?: number;
  /** A byte range of the local file, or a small in-memory body. */
  body: { offset: number; length: number } | Buffer;
  headers: Record<string, string>;
  /** Returns a URL valid for at least the expiry margin, minting one when needed. */
  url: () => Promise<string>;
  /** Mints a new URL after storage rejected the current one as expired. */
  remint: () => Promise<void>;
  tracker: RetryTracker;
}

/** Sends one request until it succeeds and returns the 2xx response, or throws TransferError. */
export async function sendWithRetry(
  ctx: TransferContext,
  request: SendRequest,
): Promise<HttpResponse> {
  for (;;) {
    const outcome = await ctx.requests.add(() => attempt(ctx, request), { signal: ctx.signal });
    if (outcome.kind === 'ok') {
      request.tracker.progress();
      return outcome.response;
    }

    const decision = request.tracker.recordFailure(outcome.failure);
    const failure =
      outcome.failure.class === 'network' ? outcome.failure.kind : `HTTP ${outcome.failure.status}`;
    if (decision.action === 'fail') {
      const code = isRejection(outcome.failure) ? 'STORAGE_REJECTED' : 'RETRIES_EXHAUSTED';
      throw new TransferError(
        code,
        `${request.operation} of "${request.file.logicalPath}"${partLabel(request)} failed: ${decision.reason} ${outcome.detail}`.trim(),
        outcome.context,
      );
    }

    ctx.events.emit('retry', {
      transferId: ctx.transferId,
      logicalPath: request.file.logicalPath,
      ...(request.partNumber === undefined ? {} : { partNumber: request.partNumber }),
      action: decision.action,
      ...(decision.action === 'retry' ? { delayMs: decision.delayMs } : {}),
      ...(outcome.failure.class === 'http' ? { status: outcome.failure.status } : {}),
      failure,
    });
    if (decision.action === 'retry') {
      await sleep(decision.delayMs, undefined, { signal: ctx.signal });
    } else {
      ctx.fileState(request.file, 're-minting');
      await request.remint();
      ctx.fileState(request.file, 'uploading');
    }
  }
}

type Outcome =
  | { kind: 'ok'; response: HttpResponse }
  | { kind: 'failed'; failure: RequestFailure; detail: string; context: TransferErrorContext };

async function attempt(ctx: TransferContext, request: SendRequest): Promise<Outcome> {
  ctx.signal.throwIfAborted();
  const isFileRange = !Buffer.isBuffer(request.body);
  if (isFileRange) await checkUnchanged(request.file);

  const url = await request.url();
  const context: TransferErrorContext = {
    transferId: ctx.transferId,
    logicalPath: request.file.logicalPath,
    provider: providerOf(url),
    operation: request.operation,
    url: redactUrl(url),
    ...(request.partNumber === undefined ? {} : { partNumber: request.partNumber }),
  };

  let sent = 0;
  const putOptions = {
    dispatcher: ctx.dispatcher,
    url,
    headers: request.headers,
    signal: ctx.signal,
    limiter: ctx.limiter,
    onBytes: (bytes: number) => {
      sent += bytes;
      if (isFileRange) ctx.progress.add(request.file.logicalPath, bytes);
    },
  };

  let response: HttpResponse;
  try {
    response = Buffer.isBuffer(request.body)
      ? await putBytes(putOptions, request.body)
      : await putFileRange(putOptions, { path: request.file.localPath, ...request.body });
  } catch (error) {
    if (isFileRange) ctx.progress.rollback(request.file.logicalPath, sent);
    ctx.signal.throwIfAborted();
    const kind = networkErrorKindOf(errorCode(error));
    if (kind === null) {
      throw new TransferError(
        'FILE_UNREADABLE',
        `${request.operation} of "${request.file.logicalPath}"${partLabel(request)} failed: ${(error as Error).message}.`,
        context,
        { cause: error },
      );
    }
    return { kind: 'failed', failure: { class: 'network', kind }, detail: '', context };
  }

  if (response.status >= 200 && response.status < 300) return { kind: 'ok', response };

  if (isFileRange) ctx.progress.rollback(request.file.logicalPath, sent);
  const providerCode = /<Code>([^<]+)<\/Code>/.exec(response.body)?.[1];
  const retryAfter = response.headers['retry-after'];
  const retryAfterMs =
    typeof retryAfter === 'string' ? parseRetryAfter(retryAfter, Date.now()) : null;
  const requestId = requestIdOf(response.headers);
  return {
    kind: 'failed',
    failure: {
      class: 'http',
      status: response.status,
      ...(providerCode === undefined ? {} : { providerCode }),
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    },
    detail: providerCode === undefined ? '' : `Storage error code: ${providerCode}.`,
    context: { ...context, status: response.status, ...(requestId ? { requestId } : {}) },
  };
}

/** Throws FILE_CHANGED when the local file's size or mtime differs from its fingerprint. */
export async function checkUnchanged(file: FileTransferRecord): Promise<void> {
  const fingerprint = fingerprintOf(await stat(file.localPath, { bigint: true }));
  const mtimeMs = mtimeMsOf(fingerprint);
  const size = fingerprint.size;
  const expected = file.fingerprint;
  if (size !== expected.size || (expected.mtimeMs !== null && mtimeMs !== expected.mtimeMs)) {
    throw new TransferError(
      'FILE_CHANGED',
      `File "${file.localPath}" changed during the upload (size ${expected.size} → ${size} bytes, mtime ${expected.mtimeMs} → ${mtimeMs} ms). Upload it again once it no longer changes.`,
      { logicalPath: file.logicalPath },
    );
  }
}

function partLabel(request: SendRequest): string {
  return request.partNumber === undefined ? '' : ` (part ${request.partNumber})`;
}
