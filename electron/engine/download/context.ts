// State shared by the steps of one running download: the clients, the journal, the limits,
// the abort signal, the progress counters and where fresh download URLs come from.

import type { FileTransferRecord } from '../journal/index';
import type { CommonContext } from '../transfer/engine-base';
import type { ResolvedDownloadOptions } from './options';

/** Fetches a file's download URL again from the platform and journals it with its expiry. */
export interface DownloadUrlSource {
  /**
   * Replaces a URL that expires within the margin, or `rejectedUrl` after storage rejected
   * it as expired. Does nothing when another caller already replaced it.
   */
  refresh(file: FileTransferRecord, rejectedUrl?: string): Promise<void>;
}

export interface DownloadContext extends CommonContext {
  options: ResolvedDownloadOptions;
  /** Folder the files are written into. */
  root: string;
  /** Replaced once the transfer has chosen the platform listing its files come from. */
  urls: DownloadUrlSource;
  /** Emits a warning event. */
  warn(message: string, logicalPath?: string): void;
}
