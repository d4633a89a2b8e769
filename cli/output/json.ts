// --json output: one JSON object per line on standard output. Each engine event becomes
// `{"event": "<name>", ...payload}`. The walk's skips are `skip` events, the start of a
// transfer is `started`, and the last line of each transfer is `summary`. Payloads carry no
// URL query string and no API key, so the lines are safe to keep in logs.

import type { TransferKind } from '../../electron/engine/journal/index';
import type {
  ProgressEvent,
  RetryEvent,
  StateEvent,
  WarningEvent,
} from '../../electron/engine/transfer/index';
import type { WalkSkip } from '../../electron/engine/walk/index';
import type { Reporter, TransferSummary } from './reporter';

function writeEvent(event: string, payload: object): void {
  process.stdout.write(`${JSON.stringify({ event, ...payload })}\n`);
}

export class JsonReporter implements Reporter {
  started(transferId: string, kind: TransferKind, target: string): void {
    writeEvent('started', { transferId, kind, target });
  }

  skipped(skip: WalkSkip): void {
    writeEvent('skip', skip);
  }

  state(event: StateEvent): void {
    writeEvent('state', event);
  }

  progress(event: ProgressEvent): void {
    writeEvent('progress', event);
  }

  retry(event: RetryEvent): void {
    writeEvent('retry', event);
  }

  warning(event: WarningEvent): void {
    writeEvent('warning', event);
  }

  notice(message: string): void {
    writeEvent('notice', { message });
  }

  finished(summary: TransferSummary): void {
    writeEvent('summary', summary);
  }

  close(): void {}
}
