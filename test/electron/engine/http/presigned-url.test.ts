import { describe, expect, it } from 'vitest';

import {
  redactUrl,
  UNKNOWN_EXPIRY_MS,
  urlExpiresAtMs,
} from '../../../../electron/engine/http/index';

const RECEIVED = Date.parse('2026-01-01T00:00:00Z');

describe('urlExpiresAtMs', () => {
  it.each([
    [
      'SigV4',
      'https://s3.example/b/k?X-Amz-Date=20260102T030405Z&X-Amz-Expires=900&X-Amz-Signature=x',
      '2026-01-02T03:19:05Z',
    ],
    [
      'GCS V4',
      'https://gcs.example/b/k?X-Goog-Date=20260102T030405Z&X-Goog-Expires=60&X-Goog-Signature=x',
      '2026-01-02T03:05:05Z',
    ],
    [
      'Azure SAS',
      'https://a.blob.example/c/k?sv=2021-08-06&se=2026-01-02T03%3A04%3A05Z&sig=x',
      '2026-01-02T03:04:05Z',
    ],
  ])('reads the expiry of a %s URL', (_name, url, expected) => {
    expect(urlExpiresAtMs(url, RECEIVED)).toBe(Date.parse(expected));
  });

  it('guesses the expiry of a URL without one', () => {
    expect(urlExpiresAtMs('https://store.example/k?token=1', RECEIVED)).toBe(
      RECEIVED + UNKNOWN_EXPIRY_MS,
    );
  });
});

describe('redactUrl', () => {
  it('drops the query string and fragment', () => {
    expect(redactUrl('https://s3.example/b/k%20x?X-Amz-Signature=secret#frag')).toBe(
      'https://s3.example/b/k%20x',
    );
  });

  it('replaces an unparsable URL', () => {
    expect(redactUrl('not a url?sig=secret')).toBe('<invalid URL>');
  });
});
