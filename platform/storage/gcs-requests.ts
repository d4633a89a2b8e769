// The platform's own requests to a GCS bucket. Each one goes through a V4 URL signed for that
// request alone and is sent with fetch, so no OAuth token is ever requested. The SDK's JSON API
// calls would first exchange the key for a token at Google's OAuth endpoint.
import { errorCodeOf } from './gcs-xml.ts';
import type { GcsMethod, GcsUrlSigner } from './gcs-signing.ts';
import { StorageError } from './storage-error';

/**
 * Lifetime of the URLs the platform signs for itself, in seconds. Each is used at once and never
 * leaves the process, but a few minutes leave room for a server clock that runs behind ours.
 */
const OPERATION_URL_SECONDS = 300;

/** Time limit of one request, in milliseconds, including reading the response body. */
const REQUEST_TIMEOUT_MS = 60_000;

export interface GcsRequest {
  /** Operation name for error messages, such as `stat`, `upload` or `multipart completion`. */
  operation: string;
  objectName: string;
  method: GcsMethod;
  queryParams?: Record<string, string>;
  /** Headers to send, named in lowercase. Every one is signed, so GCS rejects other values. */
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

/** A failed GCS request. The message names bucket, object, status and code, never the URL. */
export class GcsRequestError extends StorageError {
  constructor(
    message: string,
    /** HTTP status, or undefined when no response arrived. */
    readonly status: number | undefined,
    /** The XML error `<Code>`, when the response had one (HEAD responses have no body). */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'GcsRequestError';
  }
}

/** Returns true for a 404 about the object itself, not about its bucket or an upload id. */
export function isObjectNotFound(error: unknown): boolean {
  return (
    error instanceof GcsRequestError &&
    error.status === 404 &&
    error.code !== 'NoSuchBucket' &&
    error.code !== 'NoSuchUpload'
  );
}

/** Sends signed XML API requests for the objects of one bucket. */
export class GcsXmlApiClient {
  constructor(
    private readonly signer: GcsUrlSigner,
    readonly bucket: string,
    private readonly endpointOrigin: string,
  ) {}

  /** Sends one request and returns its 2xx response, or raises GcsRequestError. */
  async send(request: GcsRequest): Promise<Response> {
    const { url } = await this.signer.sign({
      objectName: request.objectName,
      method: request.method,
      lifetimeSeconds: OPERATION_URL_SECONDS,
      queryParams: request.queryParams,
      extensionHeaders: request.headers,
    });

    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw this.unreachable(request, error);
    }

    if (response.ok) return response;
    throw await this.rejected(request, response);
  }

  /** Describes a request that got no response. The URL is left out because its query is a credential. */
  unreachable(request: GcsRequest, error: unknown): GcsRequestError {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `timed out after ${REQUEST_TIMEOUT_MS / 1000} s`
        : `could not reach ${this.endpointOrigin} (${networkErrorCode(error)})`;
    return new GcsRequestError(
      `GCS ${request.operation} of ${this.subject(request.objectName)} failed: ${reason}: check the endpoint and that the service is running.`,
      undefined,
      undefined,
    );
  }

  private async rejected(request: GcsRequest, response: Response): Promise<GcsRequestError> {
    const body = request.method === 'HEAD' ? '' : await readErrorBody(response);
    const code = errorCodeOf(body);

    // Status and code only: the Message of a SignatureDoesNotMatch error quotes the canonical
    // request, which contains the signed query.
    return new GcsRequestError(
      `GCS ${request.operation} of ${this.subject(request.objectName)} failed with HTTP ${response.status} (${code ?? 'no error code'}): ${fixFor(response.status, code)}.`,
      response.status,
      code,
    );
  }

  private subject(objectName: string): string {
    return `object "${objectName}" in bucket "${this.bucket}"`;
  }
}

function fixFor(status: number, code: string | undefined): string {
  switch (code) {
    case 'NoSuchBucket':
      return 'create the bucket or fix its name';
    case 'NoSuchKey':
      return 'no object has that name, so check the path';
    case 'NoSuchUpload':
      return 'the multipart upload was completed, aborted or never started, so start a new one';
    case 'InvalidPart':
    case 'InvalidPartOrder':
    case 'EntityTooSmall':
      return 'list the part numbers and ETags that the part uploads returned, in ascending order, with every part but the last at least 5 MiB';
    case 'BadDigest':
    case 'InvalidDigest':
      return 'the body does not match its Content-MD5, so send the object again';
    case 'SignatureDoesNotMatch':
      return "check that client_email and private_key come from the same service account's JSON key";
    case 'ExpiredToken':
      return "check the platform's clock, because the URL expired before it was used";
  }
  if (status === 401 || status === 403) {
    return 'grant the service account object read and write access on the bucket (for example roles/storage.objectAdmin)';
  }
  if (status === 404) return 'check the bucket name and the path';
  return 'check the endpoint, the bucket name and the service account key';
}

async function readErrorBody(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    // A body cut off mid-way still leaves the status to report.
    return '';
  }
}

/** Returns the Node.js error code behind a failed fetch (ECONNREFUSED, ENOTFOUND, …). */
function networkErrorCode(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}

/** Returns the base64 MD5 from an `x-goog-hash` header (`crc32c=…,md5=…`), or null without one. */
export function md5FromGoogHash(header: string | null): string | null {
  for (const entry of (header ?? '').split(',')) {
    const equals = entry.indexOf('=');
    if (equals > 0 && entry.slice(0, equals).trim() === 'md5') {
      return entry.slice(equals + 1).trim();
    }
  }
  return null;
}
