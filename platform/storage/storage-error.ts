/**
 * A bucket request that failed. Providers build the message as one line that names the
 * operation, bucket, object, HTTP status and error code and states what to check, never a
 * credential, signature or URL query, so the API may pass it to clients as STORAGE_ERROR.
 */
export class StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageError';
  }
}
