// Turns dropped paths into the engine's file list by walking them, and reports the walk's
// progress and every skipped path as transfer events while the engine reads the list.
// The engine takes the files as the walk yields them: run files start uploading at once, and
// artifact files are hashed while the walk goes on.
// NOTE: an artifact's bytes still wait for the walk and the last hash, because createArtifact
// takes the digest of the whole manifest.
import { walkUploadSources, type UploadWalk, type WalkSummary } from '../../engine/walk/index';
import type { UploadFileInput } from '../../engine/upload/index';
import type { TransferEvent } from '../../../shared/ipc/index';

/** Minimum milliseconds between two listing events of one walk. */
const LISTING_EVENT_INTERVAL_MS = 250;

/** Maximum skip events per walk; the listing events still count every skipped path. */
const MAX_SKIP_EVENTS = 1000;

export interface ListedUpload {
  files: AsyncIterable<UploadFileInput>;
  /** Call with the transfer id once the engine has created the transfer. */
  attach(transferId: string): void;
}

export function listDroppedPaths(
  paths: readonly string[],
  emit: (event: TransferEvent) => void,
): ListedUpload {
  let transferId: string | null = null;
  let skipEvents = 0;

  const walk = walkUploadSources(paths, {
    onSkip: (skip) => {
      if (transferId === null || skipEvents >= MAX_SKIP_EVENTS) return;
      skipEvents += 1;
      emit({
        type: 'skip',
        transferId,
        localPath: skip.path,
        reason: skip.reason,
        message: skip.message,
      });
    },
  });

  const announce = (done: boolean) => {
    if (transferId === null) return;
    const summary = walk.summary;
    emit({
      type: 'listing',
      transferId,
      files: summary.files,
      bytes: summary.bytes,
      skipped: skippedCount(summary),
      done,
    });
  };

  return {
    files: withListingEvents(walk, announce),
    attach(id) {
      transferId = id;
    },
  };
}

async function* withListingEvents(
  walk: UploadWalk,
  announce: (done: boolean) => void,
): AsyncGenerator<UploadFileInput> {
  let announcedAt = 0;
  for await (const entry of walk) {
    yield { localPath: entry.localPath, logicalPath: entry.logicalPath };

    const now = Date.now();
    if (now - announcedAt >= LISTING_EVENT_INTERVAL_MS) {
      announcedAt = now;
      announce(false);
    }
  }
  announce(true);
}

function skippedCount(summary: WalkSummary): number {
  return Object.values(summary.skipped).reduce((sum, count) => sum + count, 0);
}
