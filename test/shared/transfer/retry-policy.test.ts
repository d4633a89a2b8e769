import { describe, expect, it } from 'vitest';

import {
  backoffDelayMs,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  networkErrorKindOf,
  parseRetryAfter,
  RetryTracker,
  type NetworkErrorKind,
  type RequestFailure,
} from '../../../shared/transfer/retry-policy';

const FIRST = { attempt: 1, remints: 0 };
// With random() fixed at 0.5 the delay is half the backoff ceiling, so decisions are exact.
const HALF = { random: () => 0.5 };

function http(status: number, extra: Partial<RequestFailure & { class: 'http' }> = {}) {
  return { class: 'http', status, ...extra } as const;
}

describe('decideRetry by status', () => {
  it('retries 408, 429 and 5xx except 501', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 505, 507, 599]) {
      expect(decideRetry(http(status), FIRST, HALF), String(status)).toEqual({
        action: 'retry',
        delayMs: 500,
      });
    }
  });

  it('fails 501 and other 4xx at once', () => {
    for (const status of [501, 400, 404, 405, 409, 410, 411, 412, 413, 416, 422]) {
      const decision = decideRetry(http(status), FIRST, HALF);
      expect(decision, String(status)).toEqual({
        action: 'fail',
        reason: `Storage returned HTTP ${status}, which is not retried.`,
      });
    }
  });

  it("retries S3's 400 RequestTimeout", () => {
    expect(decideRetry(http(400, { providerCode: 'RequestTimeout' }), FIRST, HALF)).toEqual({
      action: 'retry',
      delayMs: 500,
    });
    expect(decideRetry(http(400, { providerCode: 'BadDigest' }), FIRST, HALF).action).toBe('fail');
  });

  it('fails statuses that are not errors', () => {
    for (const status of [200, 304]) {
      expect(decideRetry(http(status), FIRST, HALF).action, String(status)).toBe('fail');
    }
  });

  it('remints on 401 and 403', () => {
    expect(decideRetry(http(401), FIRST)).toEqual({ action: 'remint' });
    expect(decideRetry(http(403), FIRST)).toEqual({ action: 'remint' });
    expect(decideRetry(http(403, { providerCode: 'AuthenticationFailed' }), FIRST)).toEqual({
      action: 'remint',
    });
  });

  it('remints on GCS 400 ExpiredToken only', () => {
    expect(decideRetry(http(400, { providerCode: 'ExpiredToken' }), FIRST)).toEqual({
      action: 'remint',
    });
    expect(decideRetry(http(400, { providerCode: 'InvalidArgument' }), FIRST).action).toBe('fail');
  });

  it('bounds remints', () => {
    const policy = { maxRemints: 3 };

    for (const remints of [0, 1, 2]) {
      expect(decideRetry(http(403), { attempt: remints + 1, remints }, policy)).toEqual({
        action: 'remint',
      });
    }
    const decision = decideRetry(http(403), { attempt: 4, remints: 3 }, policy);
    expect(decision.action).toBe('fail');
    expect(decision).toHaveProperty('reason', expect.stringContaining('HTTP 403 after 3 new URLs'));
  });

  it('retries every network error kind', () => {
    const kinds: NetworkErrorKind[] = ['reset', 'timeout', 'refused', 'dns', 'closed'];
    for (const kind of kinds) {
      expect(decideRetry({ class: 'network', kind }, FIRST, HALF), kind).toEqual({
        action: 'retry',
        delayMs: 500,
      });
    }
  });
});

describe('decideRetry attempts', () => {
  it('fails at the tenth attempt by default', () => {
    const failure = { class: 'network', kind: 'reset' } as const;

    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(10);
    expect(decideRetry(failure, { attempt: 9, remints: 0 }, HALF).action).toBe('retry');
    expect(decideRetry(failure, { attempt: 10, remints: 0 }, HALF)).toEqual({
      action: 'fail',
      reason:
        'Gave up after 10 attempts without progress. The last failure was network error (reset).',
    });
  });

  it('honours a configured attempt limit', () => {
    expect(decideRetry(http(503), { attempt: 2, remints: 0 }, { maxAttempts: 3 }).action).toBe(
      'retry',
    );
    expect(decideRetry(http(503), { attempt: 3, remints: 0 }, { maxAttempts: 3 }).action).toBe(
      'fail',
    );
  });

  it('stops reminting at the attempt limit', () => {
    const decision = decideRetry(http(403), { attempt: 10, remints: 0 });

    expect(decision.action).toBe('fail');
    expect(decision).toHaveProperty('reason', expect.stringContaining('10 attempts'));
  });
});

describe('backoffDelayMs', () => {
  it('doubles from 1 s up to the 60 s cap', () => {
    const top = { random: () => 0.999_999 };
    const ceilings = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000];

    ceilings.forEach((ceiling, i) => {
      const attempt = i + 1;
      expect(backoffDelayMs(attempt, top), `attempt ${attempt}`).toBe(ceiling - 1);
      expect(backoffDelayMs(attempt, { random: () => 0 }), `attempt ${attempt}`).toBe(0);
    });
    expect(backoffDelayMs(5_000, top)).toBe(59_999);
  });

  it('stays within the jitter bounds', () => {
    let state = 12_345;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };

    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const ceiling = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
      const delays = Array.from({ length: 200 }, () => backoffDelayMs(attempt, { random }));
      const outside = delays.filter((delay) => delay < 0 || delay >= ceiling);

      expect(outside, `attempt ${attempt}`).toEqual([]);
      expect(Math.max(...delays), `attempt ${attempt}`).toBeGreaterThan(ceiling / 2);
    }
  });

  it('uses the configured base and cap', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 500, random: () => 0.5 };

    expect(backoffDelayMs(1, options)).toBe(50);
    expect(backoffDelayMs(3, options)).toBe(200);
    expect(backoffDelayMs(4, options)).toBe(250);
  });
});

describe('Retry-After', () => {
  it('replaces the backoff delay', () => {
    expect(decideRetry(http(429, { retryAfterMs: 5_000 }), FIRST, HALF)).toEqual({
      action: 'retry',
      delayMs: 5_000,
    });
    expect(decideRetry(http(503, { retryAfterMs: 0 }), FIRST, HALF)).toEqual({
      action: 'retry',
      delayMs: 0,
    });
  });

  it('is honoured past the backoff cap', () => {
    expect(decideRetry(http(503, { retryAfterMs: 120_000 }), FIRST, HALF)).toEqual({
      action: 'retry',
      delayMs: 120_000,
    });
  });

  it('fails beyond the longest wait', () => {
    const decision = decideRetry(http(503, { retryAfterMs: 3_600_000 }), FIRST);

    expect(decision).toEqual({
      action: 'fail',
      reason:
        'Storage returned HTTP 503 with Retry-After 3600 s, over the 300 s limit. Resume the transfer later.',
    });
  });

  it('does not make a 4xx retryable', () => {
    expect(decideRetry(http(404, { retryAfterMs: 1_000 }), FIRST).action).toBe('fail');
  });

  it('parses seconds and HTTP dates', () => {
    const now = Date.UTC(2025, 0, 15, 12, 0, 0);

    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Wed, 15 Jan 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('rejects malformed values', () => {
    for (const value of ['', 'soon', '-5', '1.5', '12 s', 'Someday, 99 Foo 2025']) {
      expect(parseRetryAfter(value, 0), JSON.stringify(value)).toBeNull();
    }
  });
});

describe('networkErrorKindOf', () => {
  it('maps Node and undici codes', () => {
    const expected: Record<string, NetworkErrorKind> = {
      ECONNRESET: 'reset',
      EPIPE: 'reset',
      ECONNABORTED: 'reset',
      ETIMEDOUT: 'timeout',
      UND_ERR_CONNECT_TIMEOUT: 'timeout',
      UND_ERR_HEADERS_TIMEOUT: 'timeout',
      UND_ERR_BODY_TIMEOUT: 'timeout',
      ECONNREFUSED: 'refused',
      EHOSTUNREACH: 'refused',
      ENETUNREACH: 'refused',
      ENETDOWN: 'refused',
      ENOTFOUND: 'dns',
      EAI_AGAIN: 'dns',
      UND_ERR_SOCKET: 'closed',
    };
    for (const [code, kind] of Object.entries(expected)) {
      expect(networkErrorKindOf(code), code).toBe(kind);
    }
  });

  it('returns null for other codes', () => {
    for (const code of ['EACCES', 'ENOENT', 'UND_ERR_ABORTED', '']) {
      expect(networkErrorKindOf(code), code).toBeNull();
    }
  });
});

describe('RetryTracker', () => {
  it('counts attempts up to the limit', () => {
    const tracker = new RetryTracker({ ...HALF, maxAttempts: 3 });
    const reset = { class: 'network', kind: 'reset' } as const;

    expect(tracker.recordFailure(reset)).toEqual({ action: 'retry', delayMs: 500 });
    expect(tracker.recordFailure(reset)).toEqual({ action: 'retry', delayMs: 1_000 });
    expect(tracker.recordFailure(reset).action).toBe('fail');
    expect(tracker.attempts).toBe(3);
  });

  it('resets the counts after progress', () => {
    const tracker = new RetryTracker({ ...HALF, maxAttempts: 3 });
    const timeout = { class: 'network', kind: 'timeout' } as const;

    tracker.recordFailure(timeout);
    tracker.recordFailure(timeout);
    tracker.progress();

    expect(tracker.attempts).toBe(0);
    expect(tracker.recordFailure(timeout)).toEqual({ action: 'retry', delayMs: 500 });
    expect(tracker.recordFailure(timeout)).toEqual({ action: 'retry', delayMs: 1_000 });
  });

  it('bounds remints until progress', () => {
    const tracker = new RetryTracker({ maxRemints: 2 });

    expect(tracker.recordFailure(http(403))).toEqual({ action: 'remint' });
    expect(tracker.recordFailure(http(403))).toEqual({ action: 'remint' });
    expect(tracker.remints).toBe(2);
    expect(tracker.recordFailure(http(403)).action).toBe('fail');

    tracker.progress();
    expect(tracker.remints).toBe(0);
    expect(tracker.recordFailure(http(403))).toEqual({ action: 'remint' });
  });
});
