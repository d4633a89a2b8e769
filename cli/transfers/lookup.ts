// The error for a transfer id that the journal does not contain.

import { failure, usageError } from '../errors';

/** Returns a usage error for a malformed id, else an error saying the journal lacks it. */
export function notFound(id: string): Error {
  if (!/^[0-9A-Z]{20,32}$/i.test(id)) {
    return usageError(
      `Invalid transfer id ${JSON.stringify(id)}: ids look like 01M91PXTN0NZV1M9KH8YCFYXCE. List them with byob transfers list --all.`,
    );
  }
  return failure(
    `Transfer ${id} is not in the journal. List the transfers with byob transfers list --all, or pass the journal it is in with --journal.`,
  );
}
