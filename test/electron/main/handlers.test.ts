import { describe, expect, it } from 'vitest';

import { ServiceError } from '../../../electron/main/services/errors';
import {
  createHandlers,
  dispatch,
  type SenderInfo,
} from '../../../electron/main/services/handlers';
import type { Services } from '../../../electron/main/services/types';
import { isAppSender } from '../../../electron/main/security/sender';
import { IPC_CONTRACT, listChannels, type IpcResult } from '../../../shared/ipc/index';

const APP: SenderInfo = { url: 'app://byob/index.html', isMainFrame: true };

/** Services whose every method records its request and returns `answer`'s result. */
function recordingServices(answer: (channel: string, request: unknown) => unknown) {
  const calls: { channel: string; request: unknown }[] = [];
  const services: Record<string, Record<string, unknown>> = {};
  for (const { namespace, method, channel } of listChannels(IPC_CONTRACT)) {
    if (channel.kind !== 'invoke') continue;
    services[namespace] ??= {};
    services[namespace][method] = async (request: unknown) => {
      calls.push({ channel: channel.channel, request });
      return answer(channel.channel, request);
    };
  }
  return { services: services as unknown as Services, calls };
}

function handlersWith(answer: (channel: string, request: unknown) => unknown) {
  const { services, calls } = recordingServices(answer);
  const errors: string[] = [];
  const handlers = createHandlers(services, {
    isAllowedSender: (sender) => isAppSender(sender),
    onError: (channel, error) => errors.push(`${channel} ${error.code}`),
  });
  return { handlers, calls, errors };
}

function errorOf(result: IpcResult<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('createHandlers', () => {
  it('has one handler per invoke channel', () => {
    const { handlers } = handlersWith(() => null);
    const invokes = listChannels(IPC_CONTRACT).filter((entry) => entry.channel.kind === 'invoke');

    expect([...handlers.keys()].sort()).toEqual(
      invokes.map((entry) => entry.channel.channel).sort(),
    );
  });

  it('rejects a foreign origin', async () => {
    const { handlers, calls } = handlersWith(() => ({ teams: [] }));
    const result = await dispatch(handlers, 'teams:list', undefined, {
      url: 'https://evil.example/',
      isMainFrame: true,
    });

    expect(errorOf(result).code).toBe('FORBIDDEN_SENDER');
    expect(calls).toEqual([]);
  });

  it('rejects a subframe of the app', async () => {
    const { handlers, calls } = handlersWith(() => ({ teams: [] }));
    const result = await dispatch(handlers, 'teams:list', undefined, {
      url: APP.url,
      isMainFrame: false,
    });

    expect(errorOf(result).code).toBe('FORBIDDEN_SENDER');
    expect(calls).toEqual([]);
  });

  it('rejects a frame without a URL', async () => {
    const { handlers } = handlersWith(() => null);
    const result = await dispatch(handlers, 'auth:sign-out', undefined, {
      url: null,
      isMainFrame: true,
    });

    expect(errorOf(result).code).toBe('FORBIDDEN_SENDER');
  });

  it.each([
    ['missing field', 'browse:projects', {}, ['entity']],
    ['wrong type', 'browse:projects', { entity: 42 }, ['entity']],
    ['unknown key', 'browse:projects', { entity: 'kappa', sql: 'drop' }, ['(request)']],
    ['page size too large', 'browse:projects', { entity: 'kappa', pageSize: 10_000 }, ['pageSize']],
    ['name with a slash', 'browse:runs', { entity: 'kappa', project: 'a/b' }, ['project']],
    [
      'relative upload path',
      'transfers:upload-artifact',
      { entity: 'k', project: 'p', name: 'n', type: 't', paths: ['data'] },
      ['paths.0'],
    ],
    [
      'no upload paths',
      'transfers:upload-run-files',
      { entity: 'k', project: 'p', run: 'r', paths: [] },
      ['paths'],
    ],
    [
      'host with a password',
      'auth:sign-in',
      { kind: 'self-managed', host: 'https://u:p@example.org', apiKey: 'key-1234' },
      ['host'],
    ],
    ['payload where none is taken', 'teams:list', { all: true }, ['(request)']],
    ['language not offered', 'settings:update', { language: 'fr' }, ['language']],
    ['part size below 5 MiB', 'settings:update', { partSize: 1024 }, ['partSize']],
    ['export format', 'transfers:export-results', { transferId: 'x', format: 'xml' }, ['format']],
  ])('rejects %s', async (_case, channel, payload, fields) => {
    const { handlers, calls } = handlersWith(() => null);
    const error = errorOf(await dispatch(handlers, channel, payload, APP));

    expect(error.code).toBe('INVALID_REQUEST');
    for (const field of fields) expect(error.fields).toContain(field);
    expect(error.message).toContain(channel);
    expect(calls).toEqual([]);
  });

  it('passes a valid request with defaults', async () => {
    const { handlers, calls } = handlersWith(() => ({
      items: [],
      nextCursor: null,
      totalCount: null,
    }));
    const result = await dispatch(handlers, 'browse:projects', { entity: 'kappa' }, APP);

    expect(result.ok).toBe(true);
    expect(calls).toEqual([
      { channel: 'browse:projects', request: { entity: 'kappa', cursor: null, pageSize: 100 } },
    ]);
  });

  it('answers an unknown channel', async () => {
    const { handlers } = handlersWith(() => null);

    expect(errorOf(await dispatch(handlers, 'shell:open', {}, APP)).code).toBe('UNKNOWN_CHANNEL');
  });

  it('returns a service error as its code', async () => {
    const { handlers, errors } = handlersWith(() => {
      throw new ServiceError('NOT_SIGNED_IN', 'No profile is signed in: sign in first.');
    });
    const error = errorOf(await dispatch(handlers, 'teams:list', undefined, APP));

    expect(error.code).toBe('NOT_SIGNED_IN');
    expect(errors).toEqual(['teams:list NOT_SIGNED_IN']);
  });

  it('removes secrets from unexpected errors', async () => {
    const { services } = recordingServices(() => {
      throw new Error('proxy said: bad key sk-secret-1234 for https://bucket/x?sig=abc');
    });
    const handlers = createHandlers(services, {
      isAllowedSender: () => true,
      secrets: () => ['sk-secret-1234'],
    });
    const error = errorOf(await dispatch(handlers, 'teams:list', undefined, APP));

    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('sk-secret-1234');
    expect(error.message).not.toContain('sig=abc');
  });

  it('rejects a response outside the contract when checking', async () => {
    const { services } = recordingServices(() => ({ teams: [{ name: 'kappa' }] }));
    const handlers = createHandlers(services, {
      isAllowedSender: () => true,
      checkResponses: true,
    });
    const error = errorOf(await dispatch(handlers, 'teams:list', undefined, APP));

    expect(error.code).toBe('INTERNAL');
  });
});
