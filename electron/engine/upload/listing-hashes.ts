// Hashing of artifact files while their folder is still being walked. Each journaled batch
// goes to the HashPool at once. The walk waits while MAX_FILES_AHEAD files are queued or
// hashing, so a walk of 100,000 files keeps a bounded queue instead of one promise per file.
// Bytes still wait for every hash, because createArtifact takes the digest of the whole
// manifest.

import type { FileTransferRecord } from '../journal/index';
import type { TransferContext } from './context';
import type { FileJob } from './file-job';
import { hashJob, jobFor, needsHash } from './hash-step';

/** Files queued or hashing at once before the walk waits for the HashPool. */
const MAX_FILES_AHEAD = 2000;

/** Jobs of the files listed so far, hashed in the background as they arrive. */
export class ListingHashes {
  /** Every listed file's job by file id, for the upload after the listing. */
  // NOTE: one job per listed file stays here until the upload ends, as prepareJobs keeps them,
  // so this map grows with the file count while the hashing queue stays bounded.
  readonly jobs = new Map<number, FileJob>();
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  private wakeWalk: (() => void) | undefined;

  constructor(private readonly ctx: TransferContext) {}

  /**
   * Starts hashing each file of a journaled batch. When MAX_FILES_AHEAD files are queued or
   * hashing, it waits until half of them have finished before it takes the next file. After
   * a hash has failed, later files are only recorded, but the walk still finishes, so the
   * journal lists every file and a resume works as before.
   */
  async add(records: readonly FileTransferRecord[]): Promise<void> {
    for (const record of records) {
      const job = jobFor(this.ctx, record);
      this.jobs.set(record.id, job);
      if (this.failure !== undefined || !needsHash(job)) continue;

      const hashing: Promise<void> = hashJob(this.ctx, job).then(
        () => this.release(hashing),
        (error: unknown) => {
          this.failure ??= { error };
          this.release(hashing);
        },
      );
      this.inFlight.add(hashing);

      if (this.inFlight.size >= MAX_FILES_AHEAD) {
        await new Promise<void>((resolve) => (this.wakeWalk = resolve));
      }
    }
  }

  /** Waits for every started hash, then throws the first failure or returns the jobs. */
  async finish(): Promise<ReadonlyMap<number, FileJob>> {
    await this.settle();
    if (this.failure !== undefined) throw this.failure.error;
    return this.jobs;
  }

  /** Waits for every started hash without throwing, as a failed or paused walk ends. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private release(hashing: Promise<void>): void {
    this.inFlight.delete(hashing);
    // Half the limit gives the walk room for a whole intake batch before it waits again.
    if (this.wakeWalk !== undefined && this.inFlight.size <= MAX_FILES_AHEAD / 2) {
      const wake = this.wakeWalk;
      this.wakeWalk = undefined;
      wake();
    }
  }
}
