// `byob transfers resume [ID]`: continues journaled transfers in this process. With an id,
// that transfer, whatever paused it. Without one, every unfinished transfer that no live
// process runs and that no one paused with `byob transfers pause`.

import { liveOwner, type Journal, type TransferRecord } from '../../electron/engine/journal/index';
import { EXIT_OK, failure, toCliError, type ExitCode } from '../errors';
import { createReporter } from '../output/reporter';
import { printLine } from '../output/table';
import { notFound } from './lookup';
import { EngineSet } from './engines';
import { ForegroundTransfers, isResumable } from './foreground';
import {
  engineLimits,
  journalArguments,
  openJournal,
  outputMode,
  type TransferFlags,
} from './options';

export async function resumeTransfers(
  flags: TransferFlags,
  id: string | undefined,
): Promise<ExitCode> {
  const limits = engineLimits(flags);
  const mode = outputMode(flags);
  const journal = openJournal(flags);
  try {
    const records = id === undefined ? resumableRecords(journal) : [requireResumable(journal, id)];
    if (records.length === 0) {
      if (mode !== 'quiet' && mode !== 'json') printLine('No transfers to resume.');
      return EXIT_OK;
    }

    const engines = new EngineSet(journal, flags, limits);
    const reporter = createReporter(mode);
    const foreground = new ForegroundTransfers(journal, reporter, journalArguments(flags));
    try {
      for (const record of records) {
        try {
          startResume(journal, engines, foreground, record);
        } catch (error) {
          // Without an id, one transfer that cannot start does not stop the others.
          if (id !== undefined) throw error;
          reporter.notice(`Skipped transfer ${record.id}: ${toCliError(error).message}`);
        }
      }
      return await foreground.run();
    } finally {
      reporter.close();
      await engines.close();
    }
  } finally {
    journal.close();
  }
}

/** Claims a transfer's lease and resumes it in the engine for its platform and direction. */
function startResume(
  journal: Journal,
  engines: EngineSet,
  foreground: ForegroundTransfers,
  record: TransferRecord,
): void {
  // Connecting first reports missing credentials before any lease is taken.
  const engine = engines.engineFor(record);
  foreground.attach(engine);
  foreground.claim(record.id);
  try {
    // An explicit resume overrides an earlier pause request.
    journal.requestTransferState(record.id, null);
    engine.resume(record.id);
  } catch (error) {
    foreground.release(record.id);
    throw error;
  }
  foreground.track(record.id, engine);
}

/** Returns the transfer `id`, or throws with the reason it cannot be resumed. */
function requireResumable(journal: Journal, id: string): TransferRecord {
  const record = journal.getTransfer(id)?.transfer;
  if (record === undefined) throw notFound(id);

  const owner = liveOwner(record, Date.now());
  if (owner !== null && owner.pid !== process.pid) {
    throw failure(
      `Transfer ${id} is running in process ${owner.pid}. Wait for it, or pause it with byob transfers pause ${id} first.`,
    );
  }
  if (record.state === 'completed' || record.state === 'cancelled') {
    throw failure(
      `Transfer ${id} is ${record.state}, so there is nothing to resume. Start a new transfer instead.`,
    );
  }
  if (
    !isResumable(
      record,
      record.state === 'paused' || record.state === 'failed' ? record.state : 'paused',
    )
  ) {
    throw failure(
      `Transfer ${id} cannot be resumed: it stopped before all its files were listed, so the journal lacks some of them. Start a new upload of the same files.`,
    );
  }
  return record;
}

/** Lists unfinished transfers that no live process runs and no one paused on purpose. */
function resumableRecords(journal: Journal): TransferRecord[] {
  const now = Date.now();
  return journal
    .resumable()
    .map((entry) => entry.transfer)
    .filter(
      (record) =>
        record.requestedState !== 'paused' &&
        liveOwner(record, now) === null &&
        isResumable(
          record,
          record.state === 'running' || record.state === 'queued' ? 'paused' : record.state,
        ),
    );
}
