// Output without a terminal and without --json: a line per finished file on standard output,
// skips and warnings on standard error, and a summary per transfer. Logs of scheduled jobs
// stay short, because progress between files is not printed.

import type { TransferKind } from '../../electron/engine/journal/index';
import type { ProgressEvent, StateEvent, WarningEvent } from '../../electron/engine/transfer/index';
import type { WalkSkip } from '../../electron/engine/walk/index';
import { formatBytes, formatDuration, formatFileCount } from '../sizes';
import { verbOf, type Reporter, type TransferSummary } from './reporter';

export class LineReporter implements Reporter {
  protected readonly verbs = new Map<string, string>();

  started(transferId: string, kind: TransferKind, target: string): void {
    this.verbs.set(transferId, verbOf(kind));
    this.write(`Transfer ${transferId}: ${kind} ${target}`);
  }

  skipped(skip: WalkSkip): void {
    this.writeError(`byob: ${skip.message}`);
  }

  state(event: StateEvent): void {
    if (event.logicalPath === undefined) return;

    switch (event.state) {
      case 'done':
        this.write(`${this.verbs.get(event.transferId) ?? 'finished'} ${event.logicalPath}`);
        break;
      case 'deduplicated':
        this.write(`already stored ${event.logicalPath}`);
        break;
      case 'skipped':
        this.write(`already present ${event.logicalPath}`);
        break;
      case 'failed':
        this.writeError(
          `byob: failed ${event.logicalPath}: ${event.error?.message ?? 'unknown error'}`,
        );
        break;
      default:
    }
  }

  progress(_event: ProgressEvent): void {}

  retry(): void {}

  warning(event: WarningEvent): void {
    this.writeError(`byob: warning: ${event.message}`);
  }

  notice(message: string): void {
    this.writeError(`byob: ${message}`);
  }

  finished(summary: TransferSummary): void {
    this.write(summaryLine(summary));
  }

  close(): void {}

  protected write(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  protected writeError(line: string): void {
    process.stderr.write(`${line}\n`);
  }
}

/** Formats how a transfer ended as one line, such as "Completed transfer ID (upload-artifact demo/p/x): 12 files, 3.4 MiB, in 5s." */
export function summaryLine(summary: TransferSummary): string {
  const files = `${summary.finishedFiles} of ${formatFileCount(summary.totalFiles)}`;
  const size = formatBytes(summary.totalBytes);
  const time = formatDuration(summary.durationMs / 1000);
  const subject = `transfer ${summary.transferId} (${summary.kind} ${summary.target})`;

  switch (summary.state) {
    case 'completed':
      return `Completed ${subject}: ${formatFileCount(summary.totalFiles)}, ${size}, in ${time}.`;
    case 'paused':
      return `Paused ${subject} with ${files} finished.`;
    case 'cancelled':
      return `Cancelled ${subject} with ${files} finished.`;
    case 'failed':
      return `Failed ${subject} with ${files} finished.`;
    default:
      return `Stopped ${subject} in state ${summary.state} with ${files} finished.`;
  }
}
