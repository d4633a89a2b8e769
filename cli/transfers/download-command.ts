// The steps `byob artifact get` and `byob run get` share: connect, check that the version or
// run exists (so a typo leaves no transfer in the journal), start the download and run it in
// the foreground.

import type { DownloadEngine } from '../../electron/engine/download/index';
import { connect, type Connection } from '../connection';
import type { ExitCode } from '../errors';
import { runNewTransfer } from './new-transfer';
import { createDownloadEngine, engineLimits, type TransferFlags } from './options';

export interface DownloadCommand {
  flags: TransferFlags;
  /** Checks the remote side before any transfer exists, such as that the version exists. */
  prepare(connection: Connection): Promise<void>;
  /** Starts the transfer in `engine` and returns its id. */
  start(engine: DownloadEngine): string;
}

/** Runs a download command to its end and returns the exit code. */
export async function runDownloadCommand(command: DownloadCommand): Promise<ExitCode> {
  const { flags } = command;
  const limits = engineLimits(flags);

  const connection = connect(flags);
  try {
    await command.prepare(connection);
    return await runNewTransfer({
      flags,
      connection,
      createEngine: (journal) => createDownloadEngine(connection, journal, limits),
      start: (engine) => command.start(engine),
    });
  } finally {
    await connection.close();
  }
}
