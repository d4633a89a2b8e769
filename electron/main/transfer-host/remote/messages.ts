// The messages between RemoteTransferHost (in the main process) and the transfer host that
// runs in a worker thread or an Electron utilityProcess. Both sides parse every message with
// these schemas, so a bug or a version mismatch on one side fails one call with a clear error
// instead of reaching the engine with a malformed command.
import { z } from 'zod';

import {
  downloadRunFilesRequestSchema,
  downloadVersionRequestSchema,
  ipcErrorSchema,
  MAX_CONCURRENCY,
  proxySettingsSchema,
  transferEventSchema,
  uploadArtifactRequestSchema,
  uploadRunFilesRequestSchema,
} from '../../../../shared/ipc/index';

export const hostConfigSchema = z.strictObject({
  host: z.string().min(1).max(2048),
  apiKey: z.string().min(1).max(1024),
  concurrency: z.int().min(1).max(MAX_CONCURRENCY),
  partSize: z.int().min(1),
  bandwidthLimit: z.int().min(1).nullable(),
  proxy: proxySettingsSchema,
});

const transferId = z.string().min(1).max(64);

/** Every TransferHost method with the schema of its one argument. */
export const HOST_CALLS = {
  configure: hostConfigSchema.nullable(),
  uploadArtifact: uploadArtifactRequestSchema,
  uploadRunFiles: uploadRunFilesRequestSchema,
  downloadVersion: downloadVersionRequestSchema,
  downloadRunFiles: downloadRunFilesRequestSchema,
  pause: transferId,
  resume: transferId,
  cancel: transferId,
} as const;

export type HostCallName = keyof typeof HOST_CALLS;

const started = z.string().min(1);

/** The value each call resolves with: a start call's transfer id, nothing for the others. */
export const HOST_RESULTS: Record<HostCallName, z.ZodType> = {
  configure: z.undefined(),
  uploadArtifact: started,
  uploadRunFiles: started,
  downloadVersion: started,
  downloadRunFiles: started,
  pause: z.undefined(),
  resume: z.undefined(),
  cancel: z.undefined(),
};

const callNames = Object.keys(HOST_CALLS) as [HostCallName, ...HostCallName[]];

/** Settings the host needs before the first call. */
export const hostInitSchema = z.strictObject({
  journalPath: z.string().min(1),
  /** URL of the compiled hashing worker in a bundled build; the TypeScript entry otherwise. */
  hashWorkerUrl: z.string().nullable(),
});

export type HostInit = z.output<typeof hostInitSchema>;

export const toHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('init'), init: hostInitSchema }),
  z.strictObject({
    type: z.literal('call'),
    id: z.int().min(1),
    method: z.enum(callNames),
    argument: z.unknown(),
  }),
  z.strictObject({ type: z.literal('close') }),
]);

export type ToHost = z.output<typeof toHostSchema>;

export const fromHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('result'), id: z.int().min(1), value: z.unknown() }),
  z.strictObject({ type: z.literal('failure'), id: z.int().min(1), error: ipcErrorSchema }),
  z.strictObject({ type: z.literal('event'), event: transferEventSchema }),
  z.strictObject({ type: z.literal('closed') }),
  /** A failure that belongs to no call, such as an init that could not open the journal. */
  z.strictObject({ type: z.literal('fatal'), error: ipcErrorSchema }),
]);

export type FromHost = z.output<typeof fromHostSchema>;

/** The two ends of a message channel: a worker thread's port or a utilityProcess. */
export interface HostPort {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the other side exits, with a description of how. */
  onExit(listener: (description: string) => void): void;
  /** Ends the other side at once, after close() has waited too long. */
  terminate(): void;
}
