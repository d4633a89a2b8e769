// `byob transfers list | show | resume | pause | cancel`: the shared journal of the desktop
// app and the CLI. Pause and cancel reach a transfer that runs in another process through
// the journal's requested state; the owner acts on it at its next heartbeat.

import type { Command } from 'commander';

import { liveOwner, type Journal, type TransferRecord } from '../../electron/engine/journal/index';
import { formatBytes, formatFileCount } from '../sizes';
import { formatTime, printLine, printTable } from '../output/table';
import { isResumable, targetOf } from '../transfers/foreground';
import { openJournal, withTransferOptions, type TransferFlags } from '../transfers/options';
import { journalArguments } from '../transfers/options';
import { notFound } from '../transfers/lookup';
import { requestState } from '../transfers/requests';
import { resumeTransfers } from '../transfers/resume';

/** Names of a download's file filter that `transfers show` prints before "and N more". */
const REQUESTED_SHOWN = 5;

interface ListFlags {
  all?: boolean;
  journal?: string;
  json?: boolean;
}

const UNFINISHED = ['queued', 'running', 'paused', 'failed'] as const;

export function registerTransfersCommands(program: Command): void {
  const transfers = program
    .command('transfers')
    .description('List, resume, pause and cancel journaled transfers');

  transfers
    .command('list')
    .description(
      'List unfinished transfers, newest first; with --all, also completed and cancelled ones',
    )
    .option('--all', 'include completed and cancelled transfers')
    .option(
      '--journal <file>',
      "journal file (default: BYOB_JOURNAL, else the desktop app's journal)",
    )
    .option('--json', 'print one JSON object per transfer')
    .action((flags: ListFlags) =>
      withJournal(flags, (journal) => {
        const records = journal.listTransfers({
          limit: Number.MAX_SAFE_INTEGER,
          ...(flags.all ? {} : { states: UNFINISHED }),
        });
        if (flags.json) {
          for (const record of records) printLine(JSON.stringify(record));
          return;
        }
        printTable(
          records.map((record) => [
            record.id,
            record.kind,
            describeState(record),
            targetOf(record),
            formatFileCount(record.totalFiles),
            formatBytes(record.totalBytes),
            formatTime(new Date(record.updatedAtMs).toISOString()),
          ]),
          flags.all
            ? 'No transfers in the journal.'
            : 'No unfinished transfers. Use --all to list finished ones.',
        );
      }),
    );

  transfers
    .command('show')
    .description('Show one transfer: target, state, owner, error and its files by state')
    .argument('<id>', 'transfer id, as byob transfers list prints it')
    .option(
      '--journal <file>',
      "journal file (default: BYOB_JOURNAL, else the desktop app's journal)",
    )
    .option('--json', 'print the transfer and its file counts as one JSON object')
    .action((id: string, flags: ListFlags) =>
      withJournal(flags, (journal) => {
        const found = journal.getTransfer(id);
        if (found === undefined) throw notFound(id);
        const record = found.transfer;
        const filesByState: Record<string, number> = {};
        for (const file of found.files)
          filesByState[file.state] = (filesByState[file.state] ?? 0) + 1;
        const failed = found.files.filter((file) => file.state === 'failed').slice(0, 10);
        const bytesDone = journal.bytesDone(id);

        if (flags.json) {
          printLine(
            JSON.stringify({
              ...record,
              bytesDone,
              filesByState,
              failedFiles: failed.map((file) => ({
                logicalPath: file.logicalPath,
                error: file.error,
              })),
            }),
          );
          return;
        }
        printTable(
          [
            ['id', record.id],
            ['kind', record.kind],
            ['state', describeState(record)],
            ['target', targetOf(record)],
            ['platform', record.target.platformHost],
            ...(record.target.downloadRoot === undefined
              ? []
              : [['folder', record.target.downloadRoot]]),
            ...(record.target.requestedFiles === undefined
              ? []
              : [['only', listRequested(record.target.requestedFiles)]]),
            [
              'files',
              `${record.totalFiles} (${
                Object.entries(filesByState)
                  .map(([state, count]) => `${count} ${state}`)
                  .join(', ') || 'none listed'
              })`,
            ],
            ['size', formatBytes(record.totalBytes)],
            ['done', `${formatBytes(bytesDone)} (${percentOf(bytesDone, record.totalBytes)})`],
            ['created', formatTime(new Date(record.createdAtMs).toISOString())],
            ['updated', formatTime(new Date(record.updatedAtMs).toISOString())],
            ...(record.error === null
              ? []
              : [['error', `${record.error.code}: ${record.error.message}`]]),
            ...failed.map((file) => [
              'failed file',
              `${file.logicalPath}: ${file.error?.message ?? ''}`,
            ]),
          ],
          '',
        );
        const interrupted =
          (record.state === 'running' || record.state === 'queued') &&
          liveOwner(record, Date.now()) === null;
        if (isResumable(record, interrupted ? 'paused' : record.state))
          printLine(`Resume it with: byob transfers resume ${record.id}${journalArguments(flags)}`);
      }),
    );

  withTransferOptions(
    transfers
      .command('resume')
      .description(
        'Resume a transfer in this process, or without ID every unfinished one except those paused with byob transfers pause',
      )
      .argument('[id]', 'transfer id'),
  ).action(async (id: string | undefined, _options: object, command: Command) => {
    process.exitCode = await resumeTransfers(command.optsWithGlobals<TransferFlags>(), id);
  });

  for (const state of ['paused', 'cancelled'] as const) {
    const verb = state === 'paused' ? 'pause' : 'cancel';
    transfers
      .command(verb)
      .description(
        state === 'paused'
          ? 'Pause a transfer. One running in another process pauses there within about a second; this command waits for it'
          : 'Cancel a transfer and abort its multipart uploads on the provider. One running in another process stops there; this command waits for it',
      )
      .argument('<id>', 'transfer id')
      .option(
        '--journal <file>',
        "journal file (default: BYOB_JOURNAL, else the desktop app's journal)",
      )
      .action(async (id: string, _options: object, command: Command) => {
        await requestState(command.optsWithGlobals<TransferFlags>(), id, state);
      });
  }
}

function percentOf(part: number, whole: number): string {
  return whole === 0 ? '100%' : `${Math.floor((part * 100) / whole)}%`;
}

function withJournal(flags: ListFlags, body: (journal: Journal) => void): void {
  const journal = openJournal(flags);
  try {
    body(journal);
  } finally {
    journal.close();
  }
}

/** Returns the state with what matters next to it: the live owner, or a pause by request. */
export function describeState(record: TransferRecord): string {
  const owner = liveOwner(record, Date.now());
  if (owner !== null && owner.pid !== process.pid) return `${record.state} (process ${owner.pid})`;
  if (record.requestedState !== null && record.state !== 'completed')
    return `${record.state} (${record.requestedState} by request)`;
  if (!record.listingComplete && record.kind.startsWith('upload') && record.state !== 'completed')
    return `${record.state} (listing incomplete)`;
  // A running transfer without a live owner lost its process to a crash, a kill or a reboot.
  if (record.state === 'running' || record.state === 'queued') return 'interrupted';
  return record.state;
}

/** Lists a download's file filter, cut after a few names so the table stays readable. */
function listRequested(paths: readonly string[]): string {
  const firstNames = paths.slice(0, REQUESTED_SHOWN).join(', ');
  const more = paths.length - REQUESTED_SHOWN;
  return more > 0 ? `${firstNames} and ${more} more` : firstNames;
}
