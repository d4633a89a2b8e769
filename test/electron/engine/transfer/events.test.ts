// The typed emitter that the CLI reporter and the app's IPC forwarding both subscribe through.
import { describe, expect, it } from 'vitest';

import {
  TransferEventEmitter,
  type StateEvent,
  type WarningEvent,
} from '../../../../electron/engine/transfer/index';

describe('TransferEventEmitter.subscribe', () => {
  it('delivers each event to its listener', () => {
    const events = new TransferEventEmitter();
    const states: StateEvent[] = [];
    const warnings: WarningEvent[] = [];
    events.subscribe({
      state: (event) => states.push(event),
      warning: (event) => warnings.push(event),
    });

    events.emit('state', { transferId: 't1', state: 'hashing', logicalPath: 'a.bin' });
    events.emit('warning', { transferId: 't1', message: 'renamed' });
    events.emit('retry', {
      transferId: 't1',
      logicalPath: 'a.bin',
      action: 'retry',
      failure: '503',
    });

    expect(states).toEqual([{ transferId: 't1', state: 'hashing', logicalPath: 'a.bin' }]);
    expect(warnings).toEqual([{ transferId: 't1', message: 'renamed' }]);
  });

  it('stops every listener on unsubscribe', () => {
    const events = new TransferEventEmitter();
    const received: string[] = [];
    const unsubscribe = events.subscribe({
      state: (event) => received.push(`state ${event.state}`),
      warning: (event) => received.push(`warning ${event.message}`),
    });
    const statesViaOn: string[] = [];
    events.on('state', (event) => statesViaOn.push(event.state));

    unsubscribe();
    events.emit('state', { transferId: 't1', state: 'done' });
    events.emit('warning', { transferId: 't1', message: 'late' });

    expect(received).toEqual([]);
    expect(statesViaOn).toEqual(['done']);
  });
});
