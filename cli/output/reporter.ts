// The reporter interface of transfer commands and the factory that picks its form:
// NDJSON events (--json), progress bars on a terminal, one line per finished file otherwise,
// or nothing (--quiet). Errors are not reported here: main.ts prints them on stderr.

import type { ErrorInfo, TransferKind, TransferState } from '../../electron/engine/journal/index';
import type {
  ProgressEvent,
  RetryEvent,
  StateEvent,
  TransferEventEmitter,
  WarningEvent,
} from '../../electron/engine/transfer/index';
import type { WalkSkip } from '../../electron/engine/walk/index';
import type { OutputMode } from '../transfers/options';
import { BarReporter } from './bars';
import { JsonReporter } from './json';
import { LineReporter } from './lines';

/** The outcome of one transfer in this process, printed as the last line. */
export interface TransferSummary {
  transferId: string;
  kind: TransferKind;
  state: TransferState;
  /** Artifact or run the transfer moves, such as `demo/mnist/images` or `demo/mnist/3x8k2p1q`. */
  target: string;
  totalFiles: number;
  totalBytes: number;
  /** Files finished (done, deduplicated or skipped) according to the journal. */
  finishedFiles: number;
  /** Wall time this process ran the transfer, in ms. */
  durationMs: number;
  error: ErrorInfo | null;
  /** Command that continues the transfer, when it can be resumed. */
  resumeCommand: string | null;
}

export interface Reporter {
  started(transferId: string, kind: TransferKind, target: string): void;
  skipped(skip: WalkSkip): void;
  state(event: StateEvent): void;
  progress(event: ProgressEvent): void;
  retry(event: RetryEvent): void;
  warning(event: WarningEvent): void;
  /** A message for the user that is not an engine event, such as "pausing". */
  notice(message: string): void;
  finished(summary: TransferSummary): void;
  /** Stops redrawing before the last lines are printed; later calls do nothing. */
  close(): void;
}

/** A reporter that prints nothing, for --quiet. */
class QuietReporter implements Reporter {
  started(): void {}
  skipped(): void {}
  state(): void {}
  progress(): void {}
  retry(): void {}
  warning(): void {}
  notice(): void {}
  finished(): void {}
  close(): void {}
}

export function createReporter(mode: OutputMode): Reporter {
  switch (mode) {
    case 'json':
      return new JsonReporter();
    case 'bars':
      return new BarReporter();
    case 'lines':
      return new LineReporter();
    case 'quiet':
      return new QuietReporter();
  }
}

/** Forwards an engine's events to `reporter`; returns the function that stops forwarding. */
export function attachReporter(events: TransferEventEmitter, reporter: Reporter): () => void {
  return events.subscribe({
    state: (event) => reporter.state(event),
    progress: (event) => reporter.progress(event),
    retry: (event) => reporter.retry(event),
    warning: (event) => reporter.warning(event),
  });
}

/** Past-tense verb of a transfer kind, for "uploaded 3 files". */
export function verbOf(kind: TransferKind): string {
  return kind.startsWith('upload') ? 'uploaded' : 'downloaded';
}
