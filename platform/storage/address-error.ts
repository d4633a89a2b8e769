// The error raised for a storage address that cannot be used. Messages and the `address`
// field show the address with its secrets masked, and the error never carries a `cause`,
// because a cause (a URIError, a TypeError from `new URL`) can quote the raw input.

/** Stable reasons a storage address is rejected, for callers that branch or map to HTTP codes. */
export type StorageAddressErrorCode =
  | 'EMPTY_ADDRESS'
  | 'UNKNOWN_SCHEME'
  | 'MISSING_CREDENTIALS'
  | 'INVALID_CREDENTIALS'
  | 'KEY_NOT_URL_ENCODED'
  | 'INVALID_PRIVATE_KEY'
  | 'MISSING_ACCOUNT'
  | 'INVALID_ACCOUNT'
  | 'MISSING_BUCKET'
  | 'INVALID_BUCKET'
  | 'INVALID_PATH'
  | 'MISSING_REGION'
  | 'REGION_MISMATCH'
  | 'INVALID_ENDPOINT'
  | 'INVALID_OPTION';

export class StorageAddressError extends Error {
  override readonly name = 'StorageAddressError';

  /**
   * @param code stable reason for the rejection
   * @param message one line that names the problem and the fix, with secrets already masked
   * @param address the address with secrets masked, safe to log
   */
  constructor(
    readonly code: StorageAddressErrorCode,
    message: string,
    readonly address: string,
  ) {
    super(message);
  }
}

/** Builds the standard message: "Storage address <masked> <problem>: <fix>". */
export function storageAddressError(
  code: StorageAddressErrorCode,
  maskedAddress: string,
  problem: string,
  fix: string,
): StorageAddressError {
  return new StorageAddressError(
    code,
    `Storage address ${maskedAddress} ${problem}: ${fix}`,
    maskedAddress,
  );
}
