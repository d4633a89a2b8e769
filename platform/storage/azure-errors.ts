// Turns @azure/storage-blob failures into one-line errors that name the blob and the fix.
import { RestError } from '@azure/storage-blob';
import { StorageError } from './storage-error';

/** Returns the Azure error code. Responses to HEAD have no body, so it comes from x-ms-error-code. */
export function azureErrorCode(error: RestError): string | undefined {
  return error.code ?? error.response?.headers.get('x-ms-error-code') ?? undefined;
}

/** Returns true for a 404 about the blob itself, not about its container. */
export function isBlobNotFound(error: unknown): boolean {
  return (
    error instanceof RestError &&
    error.statusCode === 404 &&
    azureErrorCode(error) !== 'ContainerNotFound'
  );
}

/**
 * Describes a failed `operation` on `subject` (e.g. `blob "a" in container "c"`). The result has
 * no `cause`: RestError carries the request, whose SharedKey Authorization header a logger
 * could print.
 */
export function describeAzureFailure(operation: string, subject: string, error: unknown): Error {
  if (!(error instanceof RestError)) {
    return error instanceof Error ? error : new StorageError(String(error));
  }

  // No status means the request never got a response (refused connection, DNS, timeout).
  if (error.statusCode === undefined) {
    return new StorageError(
      `Azure ${operation} of ${subject} failed: ${error.message}: check the endpoint and that the service is running.`,
    );
  }

  const code = azureErrorCode(error) ?? 'no error code';
  let fix = 'check the endpoint, account and container settings';
  if (error.statusCode === 403) fix = 'check the account name and key';
  if (code === 'ContainerNotFound') fix = 'create the container or fix its name';
  if (code === 'BlobNotFound') fix = 'no blob has that name, so check the path';
  const requestId = error.response?.headers.get('x-ms-request-id');

  // Status and code only: RestError.message can be a multi-line XML body.
  return new StorageError(
    `Azure ${operation} of ${subject} failed with HTTP ${error.statusCode} (${code}${requestId ? `, request ${requestId}` : ''}): ${fix}.`,
  );
}
