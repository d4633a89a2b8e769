import { describe, expect, it } from 'vitest';

import { PlatformClient } from '../../../electron/platform-client/index';
import { parsePlatformHost } from '../../../electron/platform-client/endpoint';
import {
  codeForGraphqlError,
  codeForStatus,
} from '../../../electron/platform-client/error-mapping';
import { redactText, redactUrl } from '../../../electron/platform-client/redact';
import { operationNameOf } from '../../../electron/platform-client/core-client';
import { viewerQuery, createArtifactFilesMutation } from '../../../shared/graphql/operations/index';

describe('parsePlatformHost', () => {
  it.each([
    ['https://api.wandb.ai', 'https://api.wandb.ai', 'https://api.wandb.ai/graphql'],
    ['https://api.wandb.ai/', 'https://api.wandb.ai', 'https://api.wandb.ai/graphql'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080/graphql'],
    [
      'https://proxy.example.test/wandb//',
      'https://proxy.example.test/wandb',
      'https://proxy.example.test/wandb/graphql',
    ],
  ])('parses %s', (input, host, graphqlUrl) => {
    const endpoint = parsePlatformHost(input);

    expect(endpoint.host).toBe(host);
    expect(endpoint.graphqlUrl.href).toBe(graphqlUrl);
  });

  it.each([
    ['api.wandb.ai', 'Invalid platform host "api.wandb.ai"'],
    ['ftp://api.wandb.ai', 'the scheme must be http or https'],
    ['https://api.wandb.ai/?x=1', 'remove the query string and fragment'],
    ['https://api.wandb.ai/#top', 'remove the query string and fragment'],
  ])('rejects %s', (input, message) => {
    expect(() => parsePlatformHost(input)).toThrow(message);
  });

  it('rejects credentials without echoing them', () => {
    let message = '';
    try {
      parsePlatformHost('https://user:hunter2-secret@api.wandb.ai');
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toContain('contains a user name or password');
    expect(message).not.toContain('hunter2-secret');
  });
});

describe('PlatformClient options', () => {
  it.each([
    [{ timeoutMs: 0 }, 'Invalid timeoutMs 0'],
    [{ retry: { maxAttempts: 0 } }, 'Invalid retry.maxAttempts 0'],
    [{ retry: { baseDelayMs: -1 } }, 'Invalid retry.baseDelayMs -1'],
  ])('rejects %o', (options, message) => {
    expect(
      () => new PlatformClient({ host: 'http://127.0.0.1:1', apiKey: 'k', ...options }),
    ).toThrow(message);
  });

  it('names operations from their documents', () => {
    expect(operationNameOf(viewerQuery)).toBe('ViewerWithTeams');
    expect(operationNameOf(createArtifactFilesMutation)).toBe('CreateArtifactFiles');
    expect(() => operationNameOf('{ viewer { id } }')).toThrow('has no named query or mutation');
  });
});

describe('error code mapping', () => {
  it.each([
    [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }, 'UNAUTHENTICATED'],
    [{ message: 'x', extensions: { code: 'PERMISSION_DENIED' } }, 'FORBIDDEN'],
    [{ message: 'x', extensions: { code: 'STORAGE_ERROR' } }, 'SERVER'],
    [{ message: 'x', extensions: { code: 'INTERNAL' } }, 'SERVER'],
    [{ message: 'x', extensions: { code: 'CONFLICT' } }, 'CONFLICT'],
    [
      {
        message: 'Variable "$id" got invalid value [1]; ID cannot represent value: [1]',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
      'BAD_USER_INPUT',
    ],
    [
      {
        message: 'Cannot query field "refreshMultipartUploadUrls" on type "Mutation".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
      'NOT_SUPPORTED',
    ],
    [{ message: 'Unknown argument "pattern" on field "Run.files".' }, 'NOT_SUPPORTED'],
    [{ message: 'Syntax Error', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, 'PROTOCOL'],
    [{ message: 'permission denied' }, 'FORBIDDEN'],
    [{ message: 'project not found' }, 'NOT_FOUND'],
    [{ message: 'something else' }, null],
  ])('maps %o', (error, code) => {
    expect(codeForGraphqlError(error)).toBe(code);
  });

  it.each([
    [401, 'UNAUTHENTICATED'],
    [408, 'TIMEOUT'],
    [429, 'SERVER'],
    [500, 'SERVER'],
    [501, 'NOT_SUPPORTED'],
    [504, 'TIMEOUT'],
    [418, 'BAD_USER_INPUT'],
  ])('maps HTTP %i', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});

describe('redaction', () => {
  it('removes secrets, query strings and line breaks', () => {
    const text =
      'key abcd1234 rejected\nfor https://b.example.test/x?sig=1&se=2 and gs://bucket/y#frag';

    expect(redactText(text, ['abcd1234'])).toBe(
      'key [redacted] rejected for https://b.example.test/x?[redacted] and gs://bucket/y?[redacted]',
    );
  });

  it('cuts long text to 400 characters', () => {
    expect(redactText('a'.repeat(1000), [])).toHaveLength(401);
  });

  it('strips credentials and query from URLs', () => {
    expect(redactUrl('https://u:p@h.example.test:8443/a/b?sig=1#f')).toBe(
      'https://h.example.test:8443/a/b',
    );
    expect(redactUrl('not a url?sig=1')).toBe('not a url');
  });
});
