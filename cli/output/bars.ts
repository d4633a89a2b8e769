// Progress bars on a terminal (cli-progress): one bar for the transfer with its rate and
// estimated time left, and one bar per file with bytes in flight, up to MAX_FILE_BARS.
// Bars go to standard error, so standard output keeps only the file lines and the summary.

import cliProgress from 'cli-progress';

import type { TransferKind } from '../../electron/engine/journal/index';
import type { ProgressEvent, StateEvent } from '../../electron/engine/transfer/index';
import type { ProgressSnapshot } from '../../shared/transfer/progress';
import { formatBytes, formatDuration, formatRate } from '../sizes';
import { LineReporter, summaryLine } from './lines';
import type { TransferSummary } from './reporter';

const ERASE_LINE = '\x1b[2K';

/** File bars shown at once; more files in flight share the transfer bar only. */
const MAX_FILE_BARS = 4;

/** Maximum length of a file name in a bar, in characters; longer names keep their end. */
const MAX_NAME_LENGTH = 40;

/** Values of the bar format. `remaining` is not `eta`, which cli-progress fills in itself. */
interface BarPayload {
  label: string;
  amounts: string;
  rate: string;
  remaining: string;
}

export class BarReporter extends LineReporter {
  private readonly bars = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: '{label} [{bar}] {percentage}% {amounts} {rate} {remaining}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  private readonly transferBars = new Map<string, cliProgress.SingleBar>();
  private readonly fileBars = new Map<string, cliProgress.SingleBar>();
  private readonly labels = new WeakMap<cliProgress.SingleBar, string>();
  private closed = false;

  override started(transferId: string, kind: TransferKind, target: string): void {
    super.started(transferId, kind, target);
    this.transferBars.set(transferId, this.createBar(`${kind} ${target}`));
  }

  override progress(event: ProgressEvent): void {
    super.progress(event);
    const transferBar = this.transferBars.get(event.transferId);
    if (transferBar) this.update(transferBar, event.transfer);

    for (const file of event.files) {
      const key = `${event.transferId}\0${file.logicalPath}`;
      let bar = this.fileBars.get(key);
      const finished = file.bytesDone >= file.bytesTotal;
      if (bar === undefined && !finished && this.fileBars.size < MAX_FILE_BARS) {
        bar = this.createBar(shorten(file.logicalPath));
        this.fileBars.set(key, bar);
      }
      if (bar !== undefined) this.update(bar, file);
      if (bar !== undefined && finished) this.removeFileBar(key);
    }
  }

  // The bars show what finished, so only failures get a line of their own.
  override state(event: StateEvent): void {
    if (event.state === 'failed') super.state(event);
    if (
      event.logicalPath !== undefined &&
      event.state !== 'uploading' &&
      event.state !== 'downloading'
    ) {
      this.removeFileBar(`${event.transferId}\0${event.logicalPath}`);
    }
  }

  override finished(summary: TransferSummary): void {
    const bar = this.transferBars.get(summary.transferId);
    if (bar !== undefined) {
      this.bars.remove(bar);
      this.transferBars.delete(summary.transferId);
    }
    // A paused or failed transfer leaves files in flight, whose bars would stay on screen.
    for (const key of this.fileBars.keys()) {
      if (key.startsWith(`${summary.transferId}\0`)) this.removeFileBar(key);
    }
    this.write(summaryLine(summary));
  }

  override close(): void {
    if (this.closed) return;
    this.closed = true;
    // Logged lines are written at the next redraw, so one last redraw prints any still waiting.
    this.bars.update();
    this.bars.stop();
  }

  // Lines printed while bars are drawn go through the MultiBar, which redraws the bars below
  // them. Each line first erases the bar it is written over (ANSI "erase in line").
  protected override write(line: string): void {
    this.bars.log(`${ERASE_LINE}${line}\n`);
  }

  protected override writeError(line: string): void {
    this.bars.log(`${ERASE_LINE}${line}\n`);
  }

  private createBar(label: string): cliProgress.SingleBar {
    const bar = this.bars.create(1, 0, payloadOf(label, undefined));
    this.labels.set(bar, label);
    return bar;
  }

  private update(bar: cliProgress.SingleBar, snapshot: ProgressSnapshot): void {
    bar.setTotal(Math.max(1, snapshot.bytesTotal));
    bar.update(snapshot.bytesDone, payloadOf(this.labels.get(bar) ?? '', snapshot));
  }

  private removeFileBar(key: string): void {
    const bar = this.fileBars.get(key);
    if (bar === undefined) return;
    this.bars.remove(bar);
    this.fileBars.delete(key);
  }
}

function payloadOf(label: string, snapshot: ProgressSnapshot | undefined): BarPayload {
  if (snapshot === undefined) return { label, amounts: '', rate: '', remaining: '' };
  return {
    label,
    amounts: `${formatBytes(snapshot.bytesDone)}/${formatBytes(snapshot.bytesTotal)}`,
    rate: snapshot.rateBytesPerSecond > 0 ? formatRate(snapshot.rateBytesPerSecond) : '',
    remaining: snapshot.etaSeconds === null ? '' : `ETA ${formatDuration(snapshot.etaSeconds)}`,
  };
}

function shorten(name: string): string {
  return name.length <= MAX_NAME_LENGTH ? name : `…${name.slice(-(MAX_NAME_LENGTH - 1))}`;
}
