// createHandlers: the table of IPC handlers that the Electron main process registers with
// ipcMain.handle and that a browser test bridge calls directly. Each handler checks the
// sender, validates the payload with the contract's schema, calls the service and returns
// with a result envelope. It never rejects: every failure becomes `{ ok: false, error }`.
import type { z } from 'zod';

import {
  ipcError,
  IPC_CONTRACT,
  listChannels,
  type InvokeChannel,
  type IpcErrorInfo,
  type IpcResult,
} from '../../../shared/ipc/index';
import { toIpcError } from './errors';
import type { Services } from './types';

/** Facts about the frame that sent a request, as Electron reports them. */
export interface SenderInfo {
  /** URL of the sending frame, or null when Electron reports none (a destroyed frame). */
  url: string | null;
  isMainFrame: boolean;
}

export type IpcHandler = (payload: unknown, sender: SenderInfo) => Promise<IpcResult<unknown>>;

export interface HandlerOptions {
  /** Returns whether a request from this frame may reach the services. */
  isAllowedSender: (sender: SenderInfo) => boolean;
  /** Parses every response with its schema too; for tests and development builds. */
  checkResponses?: boolean;
  /** Called with every failure, for the log. Requests are not passed, since they may hold keys. */
  onError?: (channel: string, error: IpcErrorInfo) => void;
  /** Secrets to remove from unexpected error messages, read on each failure. */
  secrets?: () => readonly string[];
}

/** Maps every invoke channel of the contract to its validated handler. */
export function createHandlers(
  services: Services,
  options: HandlerOptions,
): Map<string, IpcHandler> {
  const handlers = new Map<string, IpcHandler>();

  for (const { namespace, method, channel } of listChannels(IPC_CONTRACT)) {
    if (channel.kind !== 'invoke') continue;
    const service = (services as unknown as Record<string, Record<string, unknown>>)[namespace];
    const call = service?.[method];
    if (typeof call !== 'function') {
      throw new TypeError(
        `The services lack ${namespace}.${method} for channel ${channel.channel}.`,
      );
    }
    handlers.set(
      channel.channel,
      handlerFor(
        channel,
        (request) => (call as (r: unknown) => Promise<unknown>).call(service, request),
        options,
      ),
    );
  }
  return handlers;
}

function handlerFor(
  channel: InvokeChannel,
  call: (request: unknown) => Promise<unknown>,
  options: HandlerOptions,
): IpcHandler {
  const fail = (error: IpcErrorInfo): IpcResult<unknown> => {
    options.onError?.(channel.channel, error);
    return { ok: false, error };
  };

  return async (payload, sender) => {
    if (!options.isAllowedSender(sender)) {
      return fail(
        ipcError(
          'FORBIDDEN_SENDER',
          `Rejected ${channel.channel} from ${sender.url ?? 'an unknown frame'}: only the app's own page may call main.`,
        ),
      );
    }

    const parsed = channel.request.safeParse(payload);
    if (!parsed.success) return fail(invalidRequest(channel.channel, parsed.error));

    try {
      const value = await call(parsed.data);
      return { ok: true, value: options.checkResponses ? channel.response.parse(value) : value };
    } catch (error) {
      return fail(toIpcError(error, options.secrets?.() ?? []));
    }
  };
}

/** Builds the INVALID_REQUEST error: every failed field with the schema's message. */
export function invalidRequest(channel: string, error: z.ZodError): IpcErrorInfo {
  const fields = error.issues.map((issue) => issue.path.map(String).join('.') || '(request)');
  const details = error.issues
    .slice(0, 5)
    .map((issue, index) => `${fields[index]}: ${issue.message}`)
    .join('; ');
  return ipcError(
    'INVALID_REQUEST',
    `Invalid ${channel} request: ${details}. Correct the named fields.`,
    { fields: [...new Set(fields)] },
  );
}

/** Calls one handler by channel name, or returns UNKNOWN_CHANNEL for a name not in the table. */
export function dispatch(
  handlers: ReadonlyMap<string, IpcHandler>,
  channel: string,
  payload: unknown,
  sender: SenderInfo,
): Promise<IpcResult<unknown>> {
  const handler = handlers.get(channel);
  if (handler) return handler(payload, sender);
  return Promise.resolve({
    ok: false,
    error: ipcError('UNKNOWN_CHANNEL', `No IPC channel is named "${channel.slice(0, 100)}".`),
  });
}
