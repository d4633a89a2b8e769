// Sources of a download's files and URLs on the platform: the files of one artifact
// version (artifactMembership files) or of one run (run files), each with a pre-signed
// `directUrl` that lives one hour on byob-platform. The same listing, filtered to one name,
// gives a file a fresh URL.

import type { PlatformClient } from '../../platform-client/index';
import { urlExpiresAtMs } from '../http/index';
import type { FileTransferRecord, Journal, TransferTarget } from '../journal/index';
import { TransferError } from '../transfer/errors';
import type { DownloadUrlSource } from './context';

/** One file as the platform lists it. */
export interface RemoteFile {
  logicalPath: string;
  size: number;
  /** Base64 MD5 of the content, or null when the platform has none. */
  md5Base64: string | null;
  /** Pre-signed download URL. Never log it. */
  directUrl: string;
}

/** Lists the files of a transfer's source, all of them or only `fileNames`. */
export type RemoteFileLister = (
  fileNames: readonly string[] | undefined,
  signal: AbortSignal,
) => AsyncIterable<RemoteFile>;

/** Lists the files of the artifact version `name:version` (a version such as `v3`). */
export function artifactFileLister(
  client: PlatformClient,
  target: TransferTarget,
  version: string,
): RemoteFileLister {
  return async function* (fileNames, signal) {
    const files = client.iterateArtifactFiles(
      target.entity,
      target.project,
      target.artifactName!,
      version,
      { signal, ...(fileNames === undefined ? {} : { fileNames: [...fileNames] }) },
    );
    for await (const file of files) yield remoteFileOf(file);
  };
}

/** Lists the files of the run `target.runId`. */
export function runFileLister(client: PlatformClient, target: TransferTarget): RemoteFileLister {
  return async function* (fileNames, signal) {
    const files = client.iterateRunFiles(target.entity, target.project, target.runId!, {
      signal,
      ...(fileNames === undefined ? {} : { fileNames: [...fileNames] }),
    });
    for await (const file of files) yield remoteFileOf(file);
  };
}

function remoteFileOf(file: {
  name: string;
  sizeBytes: number;
  md5: string | null;
  directUrl: string;
}): RemoteFile {
  return {
    logicalPath: file.name,
    size: Number(file.sizeBytes),
    md5Base64: file.md5,
    directUrl: file.directUrl,
  };
}

/**
 * Fetches fresh URLs by listing one file by name. Requests for the same file run one at a
 * time, so parallel ranges that find an expired URL together ask the platform once.
 */
export class ListingUrlSource implements DownloadUrlSource {
  private readonly locks = new Map<number, Promise<void>>();

  constructor(
    private readonly journal: Journal,
    private readonly lister: RemoteFileLister,
    private readonly signal: AbortSignal,
    private readonly marginMs: number,
  ) {}

  async refresh(file: FileTransferRecord, rejectedUrl?: string): Promise<void> {
    const previous = this.locks.get(file.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.fetchUrl(file, rejectedUrl));
    this.locks.set(file.id, next);
    try {
      await next;
    } finally {
      if (this.locks.get(file.id) === next) this.locks.delete(file.id);
    }
  }

  private async fetchUrl(file: FileTransferRecord, rejectedUrl?: string): Promise<void> {
    // A caller that waited for another one's request finds a fresh URL and stops here.
    const stored = this.journal.fileUrl(file.id);
    const requestedAt = Date.now();
    if (stored !== undefined) {
      const replaced = rejectedUrl !== undefined && stored.url !== rejectedUrl;
      const fresh = rejectedUrl === undefined && stored.expiresAtMs > requestedAt + this.marginMs;
      if (replaced || fresh) return;
    }

    let url: string | undefined;
    try {
      for await (const remote of this.lister([file.logicalPath], this.signal)) {
        if (remote.logicalPath === file.logicalPath) url = remote.directUrl;
      }
    } catch (error) {
      this.signal.throwIfAborted();
      throw new TransferError(
        'PLATFORM_ERROR',
        `Fetching a new download URL for "${file.logicalPath}" failed: ${(error as Error).message}`,
        { transferId: file.transferId, logicalPath: file.logicalPath, operation: 'list-files' },
        { cause: error },
      );
    }
    if (url === undefined) {
      throw new TransferError(
        'PLATFORM_ERROR',
        `The platform no longer lists "${file.logicalPath}", so it has no download URL for it; check that the artifact version or run still exists.`,
        { transferId: file.transferId, logicalPath: file.logicalPath, operation: 'list-files' },
      );
    }
    this.journal.recordFileUrl(file.id, { url, expiresAtMs: urlExpiresAtMs(url, requestedAt) });
  }
}
