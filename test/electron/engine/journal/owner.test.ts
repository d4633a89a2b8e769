import { describe, expect, it } from 'vitest';

import { Journal, liveOwner, OWNER_STALE_AFTER_MS } from '../../../../electron/engine/journal';
import { TestClock, tempFolder, UPLOAD_TARGET } from './fixture';

const folder = tempFolder('owner');
let counter = 0;

/** Opens a journal whose process check treats only the pids in `alive` as running. */
function openWithProcesses(alive: Set<number>, clock = new TestClock()) {
  counter += 1;
  const journal = Journal.open(`${folder}/owner-${counter}.sqlite`, {
    now: clock.now,
    processAlive: (pid) => alive.has(pid),
  });
  const transferId = journal.createTransfer({ kind: 'upload-artifact', target: UPLOAD_TARGET }).id;
  return { journal, transferId, clock };
}

describe('journal owner lease', () => {
  it('claims a free transfer', () => {
    const { journal, transferId, clock } = openWithProcesses(new Set([100]));

    expect(journal.claimTransfer(transferId, 100)).toEqual({ claimed: true });
    expect(journal.getTransfer(transferId)!.transfer.owner).toEqual({
      pid: 100,
      heartbeatAtMs: clock.nowMs,
    });
  });

  it('rejects a claim while the owner is live', () => {
    const { journal, transferId, clock } = openWithProcesses(new Set([100, 200]));
    journal.claimTransfer(transferId, 100);

    const second = journal.claimTransfer(transferId, 200);
    expect(second).toEqual({ claimed: false, owner: { pid: 100, heartbeatAtMs: clock.nowMs } });
    expect(journal.getTransfer(transferId)!.transfer.owner!.pid).toBe(100);
  });

  it('takes over from an exited owner', () => {
    const alive = new Set([100, 200]);
    const { journal, transferId } = openWithProcesses(alive);
    journal.claimTransfer(transferId, 100);
    alive.delete(100);

    expect(journal.claimTransfer(transferId, 200)).toEqual({ claimed: true });
    expect(journal.getTransfer(transferId)!.transfer.owner!.pid).toBe(200);
  });

  it('takes over from a stale heartbeat', () => {
    const { journal, transferId, clock } = openWithProcesses(new Set([100, 200]));
    journal.claimTransfer(transferId, 100);
    clock.advance(OWNER_STALE_AFTER_MS + 1);

    expect(journal.claimTransfer(transferId, 200)).toEqual({ claimed: true });
  });

  it('renews the heartbeat', () => {
    const { journal, transferId, clock } = openWithProcesses(new Set([100, 200]));
    journal.claimTransfer(transferId, 100);
    clock.advance(OWNER_STALE_AFTER_MS);

    expect(journal.heartbeatTransfer(transferId, 100)).toEqual({
      owned: true,
      requestedState: null,
    });
    clock.advance(OWNER_STALE_AFTER_MS);
    expect(journal.claimTransfer(transferId, 200).claimed).toBe(false);
  });

  it('reports a lost lease at the heartbeat', () => {
    const alive = new Set([100, 200]);
    const { journal, transferId } = openWithProcesses(alive);
    journal.claimTransfer(transferId, 100);
    alive.delete(100);
    journal.claimTransfer(transferId, 200);

    expect(journal.heartbeatTransfer(transferId, 100).owned).toBe(false);
  });

  it('passes a requested state to the owner', () => {
    const { journal, transferId } = openWithProcesses(new Set([100]));
    journal.claimTransfer(transferId, 100);

    journal.requestTransferState(transferId, 'paused');
    expect(journal.heartbeatTransfer(transferId, 100).requestedState).toBe('paused');
    expect(journal.getTransfer(transferId)!.transfer.requestedState).toBe('paused');

    journal.requestTransferState(transferId, null);
    expect(journal.heartbeatTransfer(transferId, 100).requestedState).toBeNull();
  });

  it('rejects an unknown requested state', () => {
    const { journal, transferId } = openWithProcesses(new Set());

    expect(() => journal.requestTransferState(transferId, 'done' as never)).toThrow(
      /requested state done is unknown/,
    );
  });

  it('releases only its own lease', () => {
    const alive = new Set([100, 200]);
    const { journal, transferId } = openWithProcesses(alive);
    journal.claimTransfer(transferId, 100);
    alive.delete(100);
    journal.claimTransfer(transferId, 200);

    journal.releaseTransfer(transferId, 100);
    expect(journal.getTransfer(transferId)!.transfer.owner!.pid).toBe(200);
    journal.releaseTransfer(transferId, 200);
    expect(journal.getTransfer(transferId)!.transfer.owner).toBeNull();
  });

  it('rejects unknown transfers', () => {
    const { journal } = openWithProcesses(new Set([100]));

    expect(() => journal.claimTransfer('missing', 100)).toThrow(/not in the journal/);
    expect(() => journal.heartbeatTransfer('missing', 100)).toThrow(/not in the journal/);
    expect(() => journal.requestTransferState('missing', 'paused')).toThrow(/not in the journal/);
  });
});

describe('liveOwner', () => {
  const owner = { pid: 7, heartbeatAtMs: 1_000 };

  it('returns a fresh owner whose process runs', () => {
    expect(liveOwner({ owner }, 1_000 + OWNER_STALE_AFTER_MS, () => true)).toEqual(owner);
  });

  it('ignores a stale heartbeat', () => {
    expect(liveOwner({ owner }, 1_001 + OWNER_STALE_AFTER_MS, () => true)).toBeNull();
  });

  it('ignores an exited process', () => {
    expect(liveOwner({ owner }, 1_000, () => false)).toBeNull();
  });

  it('finds this process alive', async () => {
    const { isProcessAlive } = await import('../../../../electron/engine/journal');
    expect(isProcessAlive(process.pid)).toBe(true);
  });
});
