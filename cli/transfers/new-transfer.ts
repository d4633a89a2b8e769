// The common end of `put` and `get`: open the journal, build the engine, start one new
// transfer and run it in the foreground until it stops. The caller has checked the input and
// the remote side already, so a rejected command leaves no transfer in the journal.

import type { Journal } from '../../electron/engine/journal/index';
import type { Connection } from '../connection';
import type { ExitCode } from '../errors';
import { createReporter, type Reporter } from '../output/reporter';
import { ForegroundTransfers } from './foreground';
import type { ResumableEngine } from './engines';
import { journalArguments, openJournal, outputMode, type TransferFlags } from './options';

export interface NewTransfer<E extends ResumableEngine> {
  flags: TransferFlags;
  connection: Connection;
  createEngine(journal: Journal): E;
  /** Starts the transfer in `engine` and returns its id. */
  start(engine: E, reporter: Reporter): string;
}

/** Runs one new transfer in the foreground and returns the exit code. */
export async function runNewTransfer<E extends ResumableEngine>(
  transfer: NewTransfer<E>,
): Promise<ExitCode> {
  const { flags } = transfer;
  const mode = outputMode(flags);
  const journal = openJournal(flags);
  try {
    const engine = transfer.createEngine(journal);
    const reporter = createReporter(mode);
    const foreground = new ForegroundTransfers(journal, reporter, journalArguments(flags));
    try {
      foreground.attach(engine);
      const transferId = transfer.start(engine, reporter);
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
}
