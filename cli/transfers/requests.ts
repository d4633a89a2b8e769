// `byob transfers pause ID` and `byob transfers cancel ID`. A transfer that a live process
// runs gets a request in the journal, and this command waits until that process has acted
// on it. A transfer with no live owner is paused or cancelled here; a cancel also aborts
// its multipart uploads on the provider.

import { setTimeout as sleep } from 'node:timers/promises';

import {
  liveOwner,
  type Journal,
  type RequestedState,
  type TransferState,
} from '../../electron/engine/journal/index';
import { notFound } from './lookup';
import { failure } from '../errors';
import { printLine } from '../output/table';
import { EngineSet } from './engines';
import { journalArguments, openJournal, type TransferFlags } from './options';

/** Time to wait for the owner to act: a few heartbeats plus the abort of requests in flight. */
const OWNER_RESPONSE_TIMEOUT_MS = 15_000;
const POLL_MS = 100;

export async function requestState(
  flags: TransferFlags,
  id: string,
  state: RequestedState,
): Promise<void> {
  const verb = state === 'paused' ? 'pause' : 'cancel';
  const journal = openJournal(flags);
  try {
    const record = journal.getTransfer(id)?.transfer;
    if (record === undefined) throw notFound(id);
    if (record.state === 'completed' || record.state === 'cancelled') {
      throw failure(`Transfer ${id} is already ${record.state}, so there is nothing to ${verb}.`);
    }

    const owner = liveOwner(record, Date.now());
    if (owner !== null && owner.pid !== process.pid) {
      journal.requestTransferState(id, state);
      const reached = await waitForOwner(journal, id);
      if (reached === null) {
        throw failure(
          `Process ${owner.pid} did not ${verb} transfer ${id} within ${OWNER_RESPONSE_TIMEOUT_MS / 1000} s. The request stays in the journal and takes effect at its next heartbeat; check with byob transfers show ${id}.`,
        );
      }
      if (reached !== state)
        throw failure(`Transfer ${id} became ${reached} before the ${verb} request took effect.`);
      printLine(`Transfer ${id} is ${state} (process ${owner.pid} stopped it).`);
      return;
    }

    if (state === 'paused') pauseDirectly(journal, id, record.state, flags);
    else await cancelDirectly(journal, id, flags);
  } finally {
    journal.close();
  }
}

/** Polls until the transfer leaves running and queued; returns its state, or null on timeout. */
async function waitForOwner(journal: Journal, id: string): Promise<TransferState | null> {
  const deadline = Date.now() + OWNER_RESPONSE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const state = journal.getTransfer(id)!.transfer.state;
    if (state !== 'running' && state !== 'queued') return state;
    await sleep(POLL_MS);
  }
  return null;
}

/**
 * Pauses a transfer no process runs: a running one left by a crash becomes paused. The
 * request stays recorded, so `byob transfers resume` without an id leaves it alone.
 */
function pauseDirectly(
  journal: Journal,
  id: string,
  current: TransferState,
  flags: TransferFlags,
): void {
  journal.requestTransferState(id, 'paused');
  if (current === 'running' || current === 'queued') journal.setTransferState(id, 'paused');

  const resume = `byob transfers resume ${id}${journalArguments(flags)}`;
  if (current === 'failed') {
    printLine(
      `Transfer ${id} failed earlier and stays failed, but byob transfers resume without an id now leaves it alone. Retry it with: ${resume}`,
    );
  } else {
    printLine(`Transfer ${id} is paused. Resume it with: ${resume}`);
  }
}

/** Cancels a transfer no process runs, aborting its provider uploads through the platform. */
async function cancelDirectly(journal: Journal, id: string, flags: TransferFlags): Promise<void> {
  const record = journal.getTransfer(id)!.transfer;
  const engines = new EngineSet(journal, flags, {});
  try {
    const engine = engines.engineFor(record);
    // The lease keeps a `resume` in another shell from starting the transfer meanwhile.
    const claim = journal.claimTransfer(id);
    if (!claim.claimed) {
      throw failure(
        `Transfer ${id} was started by process ${claim.owner.pid} just now. Run byob transfers cancel ${id} again.`,
      );
    }
    try {
      journal.requestTransferState(id, 'cancelled');
      engine.events.on('warning', (event) =>
        process.stderr.write(`byob: warning: ${event.message}\n`),
      );
      await engine.cancel(id);
    } finally {
      journal.releaseTransfer(id);
    }
    printLine(`Transfer ${id} is cancelled.`);
  } finally {
    await engines.close();
  }
}
