// The steps `byob artifact get` and `byob run get` share: connect, check that the version or
// run exists (so a typo leaves no transfer in the journal), start the download and run it in
// the foreground.

import type { DownloadEngine } from '../../electron/engine/download/index';
import { connect, type Connection } from '../connection';
import type { ExitCode } from '../errors';
import { createReporter } from '../output/reporter';
import { ForegroundTransfers } from './foreground';
import {
  createDownloadEngine,
  engineLimits,
  openJournal,
  outputMode,
  type TransferFlags,
} from './options';
import { journalArguments } from './upload-command';

export interface DownloadCommand {
  flags: TransferFlags;
  /** Checks the remote side and returns what `start` needs, such as the resolved version. */
  prepare(connection: Connection): Promise<void>;
  /** Starts the transfer in `engine` and returns its id. */
  start(engine: DownloadEngine): string;
}

/** Runs a download command to its end and returns the exit code. */
export async function runDownloadCommand(command: DownloadCommand): Promise<ExitCode> {
  const { flags } = command;
  const limits = engineLimits(flags);
  const mode = outputMode(flags);

  const connection = connect(flags);
  try {
    await command.prepare(connection);
    const journal = openJournal(flags);
    try {
      const engine = createDownloadEngine(connection, journal, limits);
      const reporter = createReporter(mode);
      const foreground = new ForegroundTransfers(journal, reporter, journalArguments(flags));
      try {
        foreground.attach(engine);
        const transferId = command.start(engine);
        foreground.claim(transferId);
        foreground.track(transferId, engine);
        return await foreground.run();
      } finally {
        reporter.close();
        await engine.close();
      }
    } finally {
      journal.close();
    }
  } finally {
    await connection.close();
  }
}
