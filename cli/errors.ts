// Exit codes of `byob` and the error type that carries one. Every failure reaches the user as
// one line on stderr that names the value, the limit and the fix; main.ts prints it.

import { CommanderError } from 'commander';

import { JournalError } from '../electron/engine/journal/index';
import { TransferError } from '../electron/engine/upload/index';
import { WalkError, WalkOptionError } from '../electron/engine/walk/index';
import { PlatformRequestError } from '../electron/platform-client/index';

export const EXIT_OK = 0;
/** The platform is down, a team is unknown, permission is missing, or a transfer failed. */
export const EXIT_FAILED = 1;
/** Bad flags, malformed names, missing or unreadable local paths. */
export const EXIT_USAGE = 2;
/** The transfer was interrupted and `byob transfers resume` continues it. */
export const EXIT_INTERRUPTED = 3;

export type ExitCode =
  typeof EXIT_OK | typeof EXIT_FAILED | typeof EXIT_USAGE | typeof EXIT_INTERRUPTED;

/** An error whose message is ready to print as is, with the exit code it ends the command with. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Builds an error for invalid input from the user (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

/** Builds an error for a failed operation (exit code 1). */
export function failure(message: string, cause?: unknown): CliError {
  return new CliError(message, EXIT_FAILED, cause === undefined ? undefined : { cause });
}

/**
 * Maps anything thrown to a CliError. Errors of the engine, the journal and the platform
 * client already carry one-line messages with a fix, so their text is kept.
 */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;

  if (error instanceof CommanderError) {
    // Commander has printed its own line already; the message repeats it without the prefix.
    return new CliError(error.message.replace(/^error: /, ''), EXIT_USAGE, { cause: error });
  }
  if (error instanceof PlatformRequestError) {
    const code = error.code === 'BAD_USER_INPUT' ? EXIT_USAGE : EXIT_FAILED;
    return new CliError(error.message, code, { cause: error });
  }
  if (error instanceof TransferError) {
    const code = error.code === 'INVALID_INPUT' ? EXIT_USAGE : EXIT_FAILED;
    return new CliError(error.message, code, { cause: error });
  }
  if (error instanceof WalkOptionError || error instanceof RangeError) {
    return new CliError(error.message, EXIT_USAGE, { cause: error });
  }
  if (error instanceof JournalError || error instanceof WalkError) {
    return new CliError(error.message, EXIT_FAILED, { cause: error });
  }

  const message = error instanceof Error ? error.message : String(error);
  return new CliError(message, EXIT_FAILED, { cause: error });
}
