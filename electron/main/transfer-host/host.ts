// The port between the transfers service and the transfer engine. The engine may run in the
// same process (LocalTransferHost, used by tests and the browser test bridge) or off the main
// thread (a worker or Electron's utilityProcess), so a drop of 100,000 files never blocks
// the process that serves the window. Every call and event is plain data.
import type { TransferEvent, Unsubscribe } from '../../../shared/ipc/index';

/** The signed-in platform and the transfer settings the engine uses. */
export interface HostConfig {
  host: string;
  apiKey: string;
  /** Storage requests in flight across all transfers. */
  concurrency: number;
  partSize: number;
  /** Bytes per second for all transfers together; null for no limit. */
  bandwidthLimit: number | null;
  proxy: { mode: 'none' | 'environment' | 'manual'; url: string | null; noProxy: string | null };
}

export interface UploadArtifactCommand {
  entity: string;
  project: string;
  name: string;
  type: string;
  aliases: string[];
  description?: string;
  /** Dropped files and folders; folders are walked by the host. */
  paths: string[];
}

export interface UploadRunFilesCommand {
  entity: string;
  project: string;
  run: string;
  paths: string[];
}

export interface DownloadVersionCommand {
  entity: string;
  project: string;
  collection: string;
  version: string;
  destination: string;
  /** Paths inside the version; every file when omitted. */
  files?: string[];
}

export interface DownloadRunFilesCommand {
  entity: string;
  project: string;
  run: string;
  destination: string;
  files?: string[];
}

export interface TransferHost {
  /** Sets the platform and settings for transfers started or resumed from now on; null after sign-out. */
  configure(config: HostConfig | null): Promise<void>;
  /** Each start call returns the new transfer's id once the journal contains it. */
  uploadArtifact(command: UploadArtifactCommand): Promise<string>;
  uploadRunFiles(command: UploadRunFilesCommand): Promise<string>;
  downloadVersion(command: DownloadVersionCommand): Promise<string>;
  downloadRunFiles(command: DownloadRunFilesCommand): Promise<string>;
  pause(transferId: string): Promise<void>;
  /** Continues a paused, failed or interrupted transfer. */
  resume(transferId: string): Promise<void>;
  cancel(transferId: string): Promise<void>;
  subscribe(listener: (event: TransferEvent) => void): Unsubscribe;
  /** Pauses running transfers (they resume on the next start) and releases everything. */
  close(): Promise<void>;
}
