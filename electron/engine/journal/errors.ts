// Errors the journal throws. Messages fit on one line, name the value and the rule it broke,
// and never contain a pre-signed URL.

export type JournalErrorCode =
  | 'open-failed'
  | 'schema-too-new'
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'illegal-transition'
  | 'receipt-conflict';

export class JournalError extends Error {
  override readonly name: string = 'JournalError';

  constructor(
    readonly code: JournalErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A state change that the transition table does not allow. */
export class IllegalTransitionError extends JournalError {
  override readonly name = 'IllegalTransitionError';

  constructor(
    readonly subject: 'transfer' | 'file',
    readonly id: string | number,
    readonly from: string,
    readonly to: string,
    allowed: readonly string[],
  ) {
    const next =
      allowed.length === 0
        ? `'${from}' is a final state`
        : `from '${from}' it may move to ${allowed.join(', ')}`;
    super('illegal-transition', `${subject} ${id} cannot move from '${from}' to '${to}': ${next}`);
  }
}

/** A second confirmation of a part with a receipt different from the stored one. */
export class ReceiptConflictError extends JournalError {
  override readonly name = 'ReceiptConflictError';

  constructor(
    readonly fileId: number,
    readonly index: number,
    readonly storedReceipt: string,
    readonly newReceipt: string,
  ) {
    super(
      'receipt-conflict',
      `part ${index} of file ${fileId} is already confirmed with receipt ${storedReceipt}, ` +
        `not ${newReceipt}; restart the file to send its parts again`,
    );
  }
}
