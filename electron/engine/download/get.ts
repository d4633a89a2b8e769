// One GET of a byte range of a remote object, streamed into the `.part` file at the range's
// offset. The body goes to disk one read-buffer slice at a time (undici hands out slices of
// at most 64 KiB), so no request keeps a range in memory. The outcome says whether to go on,
// retry, or restart the file because the object changed.

import type { FileHandle } from 'node:fs/promises';

import { request, type Dispatcher } from 'undici';

import type { BandwidthLimiter } from '../http/index';
import {
  networkErrorKindOf,
  parseRetryAfter,
  type RequestFailure,
} from '../../../shared/transfer/retry-policy';
import { requestIdOf, TransferError } from '../transfer/errors';
import { errorCode } from '../transfer/request-failures';
import { diskError } from './disk-errors';

/** Maximum length of an error body kept for its provider error code, in characters. */
const MAX_ERROR_BODY_CHARS = 4096;

export interface GetOptions {
  dispatcher: Dispatcher;
  url: string;
  signal: AbortSignal;
  limiter: BandwidthLimiter | undefined;
  handle: FileHandle;
  /** Path of the `.part` file, for error messages. */
  partPath: string;
  /** Size of the whole object as the platform listed it. */
  size: number;
  /** First byte to fetch. */
  start: number;
  /** Byte after the last one to fetch. */
  end: number;
  /** Send `bytes=start-` instead of `bytes=start-(end-1)`; a plain GET when start is 0. */
  openEnded: boolean;
  /** ETag recorded for the object, sent as If-Match. */
  etag: string | null;
  /**
   * Checks the ETag of a 2xx response against the recorded one, recording it when none is,
   * and returns why it differs, or null.
   */
  acceptEtag: (etag: string | undefined) => string | null;
  /** Called with every slice once it is written. The next slice waits for the returned promise. */
  onBytes: (slice: Buffer) => void | Promise<void>;
}

export type GetOutcome =
  | { kind: 'ok'; etag: string | undefined; written: number }
  | { kind: 'failed'; failure: RequestFailure; detail: string; written: number; status?: number }
  /** The object is not the one recorded: 412, another ETag, or another size. */
  | { kind: 'changed'; reason: string; written: number };

/** Runs one GET and writes its body; throws TransferError only for disk and protocol errors. */
export async function getIntoFile(options: GetOptions): Promise<GetOutcome> {
  const headers: Record<string, string> = {};
  const plain = options.start === 0 && options.openEnded;
  if (!plain) {
    headers.range = options.openEnded
      ? `bytes=${options.start}-`
      : `bytes=${options.start}-${options.end - 1}`;
  }
  if (options.etag !== null) headers['if-match'] = options.etag;

  let written = 0;
  try {
    const response = await request(options.url, {
      method: 'GET',
      dispatcher: options.dispatcher,
      headers,
      signal: options.signal,
    });

    const status = response.statusCode;
    if (status < 200 || status >= 300) {
      const body = await readLimited(response.body);
      return httpFailure(status, response.headers, body, options);
    }

    const etag = single(response.headers.etag);
    const mismatch =
      checkResponse(status, response.headers, plain, options) ?? options.acceptEtag(etag);
    if (mismatch !== null) {
      await response.body.dump();
      return { kind: 'changed', reason: mismatch, written };
    }

    const expected = options.end - options.start;
    for await (const slice of response.body as AsyncIterable<Buffer>) {
      if (written + slice.length > expected) {
        throw new TransferError(
          'STORAGE_REJECTED',
          `Storage sent more than the ${expected} bytes requested from byte ${options.start} of an object of ${options.size} bytes; the download stopped before writing past the range.`,
          { status },
        );
      }
      if (options.limiter) await options.limiter.take(slice.length, options.signal);
      await writeAt(options, slice, options.start + written);
      written += slice.length;
      await options.onBytes(slice);
    }

    if (written < expected) {
      return {
        kind: 'failed',
        failure: { class: 'network', kind: 'closed' },
        detail: `The body ended after ${written} of ${expected} bytes.`,
        written,
      };
    }
    return { kind: 'ok', etag, written };
  } catch (error) {
    options.signal.throwIfAborted();
    if (error instanceof TransferError) throw error;
    const kind = networkErrorKindOf(errorCode(error)) ?? 'closed';
    return { kind: 'failed', failure: { class: 'network', kind }, detail: '', written };
  }
}

/** Returns why a 2xx response is not the expected part of the recorded object, or null. */
function checkResponse(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  plain: boolean,
  options: GetOptions,
): string | null {
  if (plain) {
    const length = Number(single(headers['content-length']));
    if (status !== 200 || (Number.isFinite(length) && length !== options.size)) {
      return `it is now ${length} bytes, not ${options.size}`;
    }
    return null;
  }

  // RFC 9110 section 14.4: `Content-Range: bytes first-last/complete-length`.
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(single(headers['content-range']) ?? '');
  if (status !== 206 || match === null || Number(match[1]) !== options.start) {
    throw new TransferError(
      'STORAGE_REJECTED',
      `Storage answered the range request from byte ${options.start} with HTTP ${status} and no matching Content-Range, so it does not support ranged downloads; fetching the object in parallel ranges needs a store that does.`,
      { status },
    );
  }
  if (match[3] !== '*' && Number(match[3]) !== options.size) {
    return `it is now ${match[3]} bytes, not ${options.size}`;
  }
  return null;
}

function httpFailure(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  options: GetOptions,
): GetOutcome {
  if (status === 412) {
    return { kind: 'changed', reason: `it no longer has the ETag ${options.etag}`, written: 0 };
  }

  const providerCode = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  const retryAfter = single(headers['retry-after']);
  const retryAfterMs = retryAfter === undefined ? null : parseRetryAfter(retryAfter, Date.now());
  const requestId = requestIdOf(headers);
  const details = [
    providerCode === undefined ? '' : `Storage error code: ${providerCode}.`,
    requestId === undefined ? '' : `Request id: ${requestId}.`,
  ];
  return {
    kind: 'failed',
    failure: {
      class: 'http',
      status,
      ...(providerCode === undefined ? {} : { providerCode }),
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    },
    detail: details.filter(Boolean).join(' '),
    written: 0,
    status,
  };
}

async function writeAt(options: GetOptions, slice: Buffer, position: number): Promise<void> {
  try {
    // A positional write may store fewer bytes than asked, so it loops until the slice is on disk.
    for (let offset = 0; offset < slice.length;) {
      const { bytesWritten } = await options.handle.write(
        slice,
        offset,
        slice.length - offset,
        position + offset,
      );
      offset += bytesWritten;
    }
  } catch (error) {
    throw diskError(error, 'write', options.partPath, {});
  }
}

async function readLimited(body: AsyncIterable<unknown>): Promise<string> {
  let text = '';
  for await (const slice of body) {
    if (text.length < MAX_ERROR_BODY_CHARS) text += (slice as Buffer).toString('utf8');
  }
  return text.slice(0, MAX_ERROR_BODY_CHARS);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
