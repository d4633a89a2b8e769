// Errors that the GCS double returns as XML API error documents.
//
// Status codes and error names follow Google's "HTTP status and error codes for XML" reference
// (https://cloud.google.com/storage/docs/xml-api/reference-status). The messages are our own.

/** An XML API error: an HTTP status plus the `<Code>` and `<Message>` of the error body. */
export class GcsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra elements for the error body, such as the canonical request of a failed signature. */
    readonly details: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GcsError';
  }
}

export function invalidArgument(message: string): GcsError {
  return new GcsError(400, 'InvalidArgument', message);
}

export function signatureMismatch(message: string, details: Record<string, string> = {}): GcsError {
  return new GcsError(403, 'SignatureDoesNotMatch', message, details);
}

export function noSuchBucket(bucket: string): GcsError {
  return new GcsError(404, 'NoSuchBucket', `Bucket ${bucket} does not exist.`);
}

export function noSuchKey(bucket: string, object: string): GcsError {
  return new GcsError(404, 'NoSuchKey', `Object ${object} does not exist in bucket ${bucket}.`);
}

export function noSuchUpload(uploadId: string): GcsError {
  return new GcsError(
    404,
    'NoSuchUpload',
    `Multipart upload ${uploadId} does not exist; it was completed, aborted or never initiated.`,
  );
}

export function notImplemented(feature: string): GcsError {
  return new GcsError(501, 'NotImplemented', `The GCS test double does not implement ${feature}.`);
}
