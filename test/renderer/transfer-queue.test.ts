// The queue reducer: history merged with events, states from activities, listing totals.
import { describe, expect, it } from 'vitest';

import type { TransferEvent, TransferSummary } from '../../shared/ipc/index';
import {
  doneFraction,
  EMPTY_QUEUE,
  queueReducer,
  type QueueState,
} from '../../renderer/src/hooks/transfer-queue';

function summary(id: string, state: TransferSummary['state'] = 'running'): TransferSummary {
  return {
    id,
    kind: 'download-artifact',
    state,
    target: {
      host: 'h',
      entity: 'e',
      project: 'p',
      artifactName: 'a',
      artifactType: null,
      aliases: [],
      artifactVersion: 'v1',
      runId: null,
      downloadRoot: '/d',
    },
    totalFiles: 0,
    totalBytes: 0,
    bytesDone: 0,
    listingComplete: false,
    artifactId: null,
    error: null,
    createdAt: 't',
    updatedAt: 't',
  };
}

function apply(state: QueueState, ...events: TransferEvent[]): QueueState {
  return events.reduce((queue, event) => queueReducer(queue, { type: 'event', event }), state);
}

describe('queueReducer', () => {
  it('puts created transfers on top and history below', () => {
    let queue = queueReducer(EMPTY_QUEUE, {
      type: 'history',
      transfers: [summary('t2'), summary('t1')],
    });
    queue = apply(queue, { type: 'created', transfer: summary('t3') });
    expect(queue.order).toEqual(['t3', 't2', 't1']);
  });

  it('keeps the event record over an older history page', () => {
    let queue = apply(EMPTY_QUEUE, { type: 'created', transfer: summary('t1', 'running') });
    queue = queueReducer(queue, { type: 'history', transfers: [summary('t1', 'queued')] });
    expect(queue.order).toEqual(['t1']);
    expect(queue.transfers.t1!.state).toBe('running');
  });

  it('derives the transfer state from its activity', () => {
    const failure = { code: 'NETWORK', message: 'reset' };
    let queue = queueReducer(EMPTY_QUEUE, {
      type: 'history',
      transfers: [summary('t1', 'queued')],
    });
    queue = apply(queue, {
      type: 'state',
      transferId: 't1',
      path: null,
      state: 'downloading',
      error: null,
    });
    expect(queue.transfers.t1!.state).toBe('running');
    expect(queue.live.t1!.activity).toBe('downloading');
    queue = apply(queue, {
      type: 'state',
      transferId: 't1',
      path: null,
      state: 'failed',
      error: failure,
    });
    expect(queue.transfers.t1!.state).toBe('failed');
    expect(queue.transfers.t1!.error).toEqual(failure);
  });

  it('ignores file-level states', () => {
    const queue = queueReducer(EMPTY_QUEUE, { type: 'history', transfers: [summary('t1')] });
    expect(
      apply(queue, { type: 'state', transferId: 't1', path: 'a', state: 'failed', error: null }),
    ).toBe(queue);
  });

  it('updates totals from the folder walk', () => {
    let queue = queueReducer(EMPTY_QUEUE, { type: 'history', transfers: [summary('t1')] });
    queue = apply(queue, {
      type: 'listing',
      transferId: 't1',
      files: 12,
      bytes: 3400,
      skipped: 1,
      done: true,
    });
    expect(queue.transfers.t1).toMatchObject({
      totalFiles: 12,
      totalBytes: 3400,
      bytesDone: 0,
      listingComplete: true,
    });
    expect(queue.live.t1!.listing).toEqual({ files: 12, bytes: 3400, skipped: 1, done: true });
  });

  it('counts retries and keeps the last warnings', () => {
    let queue = EMPTY_QUEUE;
    for (let index = 0; index < 25; index += 1) {
      queue = apply(queue, { type: 'warning', transferId: 't1', message: `w${index}` });
    }
    queue = apply(queue, {
      type: 'retry',
      transferId: 't1',
      path: 'a',
      partNumber: 3,
      action: 'remint',
      delayMs: null,
      status: 403,
      failure: '403',
    });
    expect(queue.live.t1!.retries).toBe(1);
    expect(queue.live.t1!.warnings).toHaveLength(20);
    expect(queue.live.t1!.warnings.at(-1)).toBe('w24');
  });
});

describe('doneFraction', () => {
  it('is whole for completed transfers and unknown without progress', () => {
    expect(doneFraction(summary('t1', 'completed'), undefined)).toBe(1);
    expect(doneFraction(summary('t1'), undefined)).toBeNull();
  });

  it('uses the journal count without live progress', () => {
    const paused = { ...summary('t1', 'paused'), totalBytes: 4_000, bytesDone: 1_000 };

    expect(doneFraction(paused, undefined)).toBe(0.25);
  });
});
