// Options shared by the commands that move bytes (put, get, transfers resume): limits of the
// engine, the journal file and the output mode. Sizes and rates accept units such as 8MiB,
// 5M or 100MB (see sizes.ts).

import path from 'node:path';

import { Option, type Command } from 'commander';

import {
  Journal,
  resolveJournalPath,
  type TransferKind,
} from '../../electron/engine/journal/index';
import { DownloadEngine } from '../../electron/engine/download/index';
import { UploadEngine } from '../../electron/engine/upload/index';
import type { Connection, ConnectionFlags } from '../connection';
import { usageError } from '../errors';
import { parseSize } from '../sizes';
import { MAX_PART_SIZE, MIN_PART_SIZE } from '../../shared/transfer/part-plan';

export interface TransferFlags extends ConnectionFlags {
  concurrency?: string;
  partSize?: string;
  multipartThreshold?: string;
  limitRate?: string;
  journal?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Output mode: NDJSON events, bars on a terminal, lines otherwise, or errors only. */
export type OutputMode = 'json' | 'bars' | 'lines' | 'quiet';

/** Limits of the upload and download engines, parsed from the flags. */
export interface EngineLimits {
  maxRequestsInFlight?: number;
  maxFilesInFlight?: number;
  partSize?: number;
  multipartThreshold?: number;
  bandwidthBytesPerSecond?: number;
}

/** Adds the options of commands that move bytes; each option's help names what it sets and the unit. */
export function withTransferOptions(command: Command): Command {
  return command
    .option('--concurrency <n>', 'storage requests and files in flight at once (default 8)')
    .option(
      '--part-size <size>',
      'bytes per part of a multipart upload, such as 16MiB (default 100MiB)',
    )
    .option(
      '--multipart-threshold <size>',
      'files of at least this size go up in parts, such as 64MiB (default 2GiB)',
    )
    .option(
      '--limit-rate <rate>',
      'bandwidth limit in bytes per second for all files together, such as 5M',
    )
    .option(
      '--journal <file>',
      "journal file (default: BYOB_JOURNAL, else the desktop app's journal)",
    )
    .addOption(
      new Option('--json', 'print one JSON object per event on standard output').conflicts('quiet'),
    )
    .option('--quiet', 'print nothing but errors');
}

/** Parses the engine limits; an invalid value is a usage error that names the option. */
export function engineLimits(flags: TransferFlags): EngineLimits {
  const limits: EngineLimits = {};
  if (flags.concurrency !== undefined) {
    const text = flags.concurrency;
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1 || value > 256) {
      throw usageError(
        `Invalid --concurrency ${JSON.stringify(text)}: expected a whole number from 1 to 256, such as 8.`,
      );
    }
    // Files in flight follow at twice this number, the engines' default.
    limits.maxRequestsInFlight = value;
  }
  if (flags.partSize !== undefined) {
    limits.partSize = parseSize(flags.partSize, '--part-size', MIN_PART_SIZE);
    if (limits.partSize > MAX_PART_SIZE) {
      throw usageError(
        `Invalid --part-size ${JSON.stringify(flags.partSize)}: S3 and GCS accept at most 5 GiB in one part. Pass 5GiB or less.`,
      );
    }
  }
  if (flags.multipartThreshold !== undefined) {
    limits.multipartThreshold = parseSize(flags.multipartThreshold, '--multipart-threshold');
    if (limits.multipartThreshold > MAX_PART_SIZE) {
      throw usageError(
        `Invalid --multipart-threshold ${JSON.stringify(flags.multipartThreshold)}: smaller files go up in one PUT, which S3 and GCS limit to 5 GiB. Pass 5GiB or less.`,
      );
    }
  }
  if (flags.limitRate !== undefined) {
    limits.bandwidthBytesPerSecond = parseSize(flags.limitRate, '--limit-rate', 1024);
  }
  return limits;
}

/** Picks the output mode from the flags and whether standard error is a terminal. */
export function outputMode(flags: TransferFlags): OutputMode {
  if (flags.json) return 'json';
  if (flags.quiet) return 'quiet';
  return process.stderr.isTTY ? 'bars' : 'lines';
}

/** Opens the journal that --journal, BYOB_JOURNAL or the app's data folder names. */
export function openJournal(flags: TransferFlags): Journal {
  return Journal.open(resolveJournalPath(flags.journal));
}

/**
 * Builds an upload engine. The part size and threshold are checked here, before any
 * transfer exists, so a bad value leaves nothing in the journal.
 */
export function createUploadEngine(
  connection: Connection,
  journal: Journal,
  limits: EngineLimits,
): UploadEngine {
  return new UploadEngine({
    client: connection.client,
    journal,
    dispatcher: connection.dispatcher,
    ...limits,
  });
}

/**
 * Builds a download engine. --part-size sets the size of each ranged GET and
 * --multipart-threshold the file size from which ranges are fetched in parallel.
 */
export function createDownloadEngine(
  connection: Connection,
  journal: Journal,
  limits: EngineLimits,
): DownloadEngine {
  const { partSize, multipartThreshold, ...shared } = limits;
  return new DownloadEngine({
    client: connection.client,
    journal,
    dispatcher: connection.dispatcher,
    ...shared,
    ...(partSize === undefined ? {} : { rangeSize: partSize }),
    ...(multipartThreshold === undefined ? {} : { parallelThreshold: multipartThreshold }),
  });
}

export function isUploadKind(kind: TransferKind): boolean {
  return kind === 'upload-artifact' || kind === 'upload-run-files';
}

/** Returns ` --journal FILE` when the command named its journal, for printed resume commands. */
export function journalArguments(flags: TransferFlags): string {
  if (flags.journal === undefined) return '';
  return ` --journal ${shellQuote(path.resolve(flags.journal))}`;
}

/** Quotes `text` for a POSIX shell when it contains anything but safe characters. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
