// A fake `window.byob` for component tests. Each invoke returns a value from a table of
// defaults that a test can override per method, the test emits events itself, and every call
// is recorded. It replaces the preload bridge, not main's services.
import { waitFor } from '@testing-library/react';

import {
  IPC_CONTRACT,
  DEFAULT_SETTINGS,
  ipcError,
  listChannels,
  type ByobApi,
  type IpcErrorInfo,
  type IpcResult,
  type Session,
  type SettingsView,
  type Team,
} from '../../../shared/ipc/index';
import type { RendererBridge } from '../../../renderer/src/bridge';

type AnyHandler = (request: unknown) => unknown;

/** Per method: the value to return, or a function of the request that returns one. */
export type Answers = Partial<Record<string, unknown>>;

export interface FakeBridge extends RendererBridge {
  /** Every invoke, in order, as `namespace.method` with its request. */
  readonly calls: { method: string; request: unknown }[];
  /** Pushes a payload to the listeners of an event such as `transfers.onEvent`. */
  emit: (method: string, payload: unknown) => void;
  /** Listeners currently subscribed to an event. */
  listenerCount: (method: string) => number;
}

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail(
  code: IpcErrorInfo['code'],
  message: string,
  extra: Partial<IpcErrorInfo> = {},
): IpcResult<never> {
  return { ok: false, error: ipcError(code, message, extra) };
}

/** Returns a promise that never settles, to hold a screen in its loading state. */
export function pending(): Promise<never> {
  return new Promise<never>(() => undefined);
}

export const SESSION: Session = {
  profile: {
    id: 'p1',
    kind: 'sandbox',
    name: 'Local sandbox',
    host: 'http://127.0.0.1:8080',
    username: 'alice',
    keyStorage: 'encrypted',
    lastSignedInAt: '2026-12-01T09:00:00.000Z',
  },
  viewer: {
    username: 'alice',
    email: null,
    entity: 'alice',
    admin: true,
    teams: ['vision', 'demo'],
  },
};

export const TEAMS: Team[] = [
  {
    name: 'vision',
    storage: {
      provider: 's3',
      bucket: 'vision-data',
      path: 'byob',
      level: 'TEAM',
      kmsKeyId: null,
      azureTenantId: null,
      azureClientId: null,
    },
  },
  {
    name: 'demo',
    storage: {
      provider: 'azure',
      bucket: 'instance',
      path: 'demo',
      level: 'INSTANCE',
      kmsKeyId: null,
      azureTenantId: null,
      azureClientId: null,
    },
  },
];

export function settingsView(language: 'en' | 'ja' | 'system' = 'en'): SettingsView {
  return {
    settings: { ...DEFAULT_SETTINGS, language },
    systemLanguage: 'en',
    defaultDownloadFolder: '/home/alice/Downloads',
  };
}

const EMPTY_PAGE = { items: [], nextCursor: null, totalCount: 0 };

const DEFAULTS: Answers = {
  'auth.listProfiles': { profiles: [], activeProfileId: null, keyEncryptionAvailable: true },
  'auth.session': SESSION,
  'auth.signIn': SESSION,
  'auth.signOut': null,
  'auth.startSandbox': SESSION,
  'teams.list': { teams: TEAMS },
  'settings.get': settingsView('en'),
  'browse.projects': EMPTY_PAGE,
  'browse.artifactTypes': EMPTY_PAGE,
  'browse.collections': EMPTY_PAGE,
  'browse.versions': EMPTY_PAGE,
  'browse.versionFiles': EMPTY_PAGE,
  'browse.runs': EMPTY_PAGE,
  'browse.runFiles': EMPTY_PAGE,
  'transfers.list': { transfers: [], nextBeforeId: null },
  'transfers.pickFolder': { path: '/home/alice/data' },
  'transfers.pickSources': { paths: [] },
};

/**
 * Builds the fake. A table entry may be a value (returned as a success), an IpcResult
 * (returned as is), a promise of either, or a function of the request that returns one.
 */
export function createFakeBridge(
  answers: Answers = {},
  options: { pathForFile?: boolean } = {},
): FakeBridge {
  const calls: { method: string; request: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const table: Answers = { ...DEFAULTS, ...answers };
  const api: Record<string, Record<string, unknown>> = {};

  for (const { namespace, method, channel } of listChannels(IPC_CONTRACT)) {
    const name = `${namespace}.${method}`;
    const space = (api[namespace] ??= {});

    if (channel.kind === 'event') {
      space[method] = (listener: (payload: unknown) => void) => {
        const set = listeners.get(name) ?? new Set();
        set.add(listener);
        listeners.set(name, set);
        return () => set.delete(listener);
      };
      continue;
    }

    space[method] = async (request: unknown) => {
      calls.push({ method: name, request });
      if (!(name in table)) {
        return fail('NOT_SUPPORTED', `The fake bridge has no answer for ${name}.`);
      }
      const answer = table[name];
      const value = await (typeof answer === 'function' ? (answer as AnyHandler)(request) : answer);
      return isResult(value) ? value : ok(value);
    };
  }

  const bridge = api as unknown as ByobApi;
  return Object.assign(bridge, {
    calls,
    emit: (method: string, payload: unknown) => {
      for (const listener of listeners.get(method) ?? []) listener(payload);
    },
    listenerCount: (method: string) => listeners.get(method)?.size ?? 0,
    ...(options.pathForFile === false
      ? {}
      : { files: { pathForFile: (file: File) => `/home/alice/${file.name}` } }),
  });
}

function isResult(value: unknown): value is IpcResult<unknown> {
  return (
    typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean'
  );
}

/** The requests of one method, in call order. */
export function requestsOf(bridge: FakeBridge, method: string): unknown[] {
  return bridge.calls.filter((call) => call.method === method).map((call) => call.request);
}

/**
 * Waits until a component subscribed to `method`. Components subscribe in effects, which React
 * may run after the first paint, so an event emitted as soon as the screen shows can be lost.
 */
export async function untilSubscribed(bridge: FakeBridge, method: string): Promise<void> {
  await waitFor(() => {
    if (bridge.listenerCount(method) === 0) throw new Error(`Nothing subscribed to ${method} yet.`);
  });
}

/** Returns a handler that serves a paged browse request from `items`, with the start index as the cursor. */
export function paged<T>(items: readonly T[]) {
  return (request: { cursor?: string | null; pageSize?: number }) => {
    const start = Number(request.cursor ?? 0);
    const end = start + (request.pageSize ?? 100);
    return {
      items: items.slice(start, end),
      nextCursor: end < items.length ? String(end) : null,
      totalCount: items.length,
    };
  };
}
