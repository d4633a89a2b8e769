// Rule matching, limits, seeded probabilities and input checks, first on RuleSet alone and
// then through a running proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFaultProxy, type FaultProxy, type FaultRule } from './index.ts';
import { startRecordingOrigin, type RecordingOrigin } from './recording-origin.ts';
import { checkRules } from './rule-checks.ts';
import { RuleSet, seededRandom, type RequestLine } from './rules.ts';

const PUT_BLOCK: RequestLine = {
  method: 'PUT',
  path: '/devstoreaccount1/box/a.bin',
  query: 'comp=block&blockid=AAAA&sig=secret',
};
const GET_BLOB: RequestLine = {
  method: 'GET',
  path: '/devstoreaccount1/box/a.bin',
  query: 'sig=x',
};

async function statusOf(url: string): Promise<number> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status;
}

function kindsPicked(rules: FaultRule[], requests: RequestLine[], seed = 1): Array<string | null> {
  const set = new RuleSet(rules, seededRandom(seed));
  return requests.map((request) => set.pick(request)?.kind ?? null);
}

describe('RuleSet', () => {
  it('matches method without case', () => {
    const rules: FaultRule[] = [{ match: { method: 'put' }, fault: { kind: 'drop-etag' } }];
    expect(kindsPicked(rules, [PUT_BLOCK, GET_BLOB])).toEqual(['drop-etag', null]);
  });

  it('matches path and query substrings', () => {
    const rules: FaultRule[] = [
      { match: { queryIncludes: 'comp=block' }, fault: { kind: 'drop-etag' } },
      { match: { pathIncludes: 'box/a.bin' }, fault: { kind: 'status', status: 503 } },
    ];
    expect(kindsPicked(rules, [PUT_BLOCK, GET_BLOB])).toEqual(['drop-etag', 'status']);
  });

  it('needs every condition to hold', () => {
    const rules: FaultRule[] = [
      { match: { method: 'GET', queryIncludes: 'comp=block' }, fault: { kind: 'drop-etag' } },
    ];
    expect(kindsPicked(rules, [PUT_BLOCK, GET_BLOB])).toEqual([null, null]);
  });

  it('first firing rule wins', () => {
    const rules: FaultRule[] = [
      { fault: { kind: 'stall', ms: 10 }, times: 1 },
      { fault: { kind: 'drop-etag' } },
    ];
    expect(kindsPicked(rules, [GET_BLOB, GET_BLOB, GET_BLOB])).toEqual([
      'stall',
      'drop-etag',
      'drop-etag',
    ]);
  });

  it('times counts only matching requests', () => {
    const rules: FaultRule[] = [
      { match: { method: 'PUT' }, fault: { kind: 'reset-request', afterBytes: 0 }, times: 2 },
    ];
    expect(kindsPicked(rules, [GET_BLOB, PUT_BLOCK, GET_BLOB, PUT_BLOCK, PUT_BLOCK])).toEqual([
      null,
      'reset-request',
      null,
      'reset-request',
      null,
    ]);
  });

  it('times 0 never fires', () => {
    expect(kindsPicked([{ fault: { kind: 'drop-etag' }, times: 0 }], [GET_BLOB])).toEqual([null]);
  });

  it('probability repeats for a seed', () => {
    const rules: FaultRule[] = [{ fault: { kind: 'status', status: 500 }, probability: 0.3 }];
    const requests = Array.from({ length: 200 }, () => GET_BLOB);

    const first = kindsPicked(rules, requests, 42);
    expect(kindsPicked(rules, requests, 42)).toEqual(first);
    expect(kindsPicked(rules, requests, 43)).not.toEqual(first);

    const fired = first.filter((kind) => kind !== null).length;
    // 200 draws at 0.3 give 60 on average; 30 to 90 is more than six standard deviations wide.
    expect(fired).toBeGreaterThan(30);
    expect(fired).toBeLessThan(90);
  });

  it('probability 0 and 1 are certain', () => {
    const requests = Array.from({ length: 50 }, () => GET_BLOB);
    const never: FaultRule[] = [{ fault: { kind: 'drop-etag' }, probability: 0 }];
    const always: FaultRule[] = [{ fault: { kind: 'drop-etag' }, probability: 1 }];
    expect(kindsPicked(never, requests).every((kind) => kind === null)).toBe(true);
    expect(kindsPicked(always, requests).every((kind) => kind === 'drop-etag')).toBe(true);
  });

  it('seeded source stays within [0, 1)', () => {
    for (const seed of [0, 1, 0xffffffff]) {
      const random = seededRandom(seed);
      const draws = Array.from({ length: 1000 }, () => random());
      expect(
        draws.every((value) => value >= 0 && value < 1),
        `seed ${seed}`,
      ).toBe(true);
      expect(new Set(draws).size, `seed ${seed}`).toBe(1000);
    }
  });
});

describe('checkRules', () => {
  const MAX_STALL_MS = 1000;
  const cases: Array<[string, unknown, string]> = [
    ['unknown kind', { fault: { kind: 'explode' } }, 'Unknown fault kind in fault rule 0'],
    ['negative times', { fault: { kind: 'drop-etag' }, times: -1 }, 'Invalid times -1'],
    [
      'probability above 1',
      { fault: { kind: 'drop-etag' }, probability: 2 },
      'Invalid probability 2',
    ],
    [
      'unknown match field',
      { match: { host: 'x' }, fault: { kind: 'drop-etag' } },
      'Unknown match field "host"',
    ],
    [
      'empty match value',
      { match: { method: '' }, fault: { kind: 'drop-etag' } },
      'Invalid match.method',
    ],
    [
      'fractional afterBytes',
      { fault: { kind: 'reset-request', afterBytes: 1.5 } },
      'Invalid afterBytes 1.5',
    ],
    ['status 404', { fault: { kind: 'status', status: 404 } }, 'Invalid status 404'],
    [
      'negative retryAfter',
      { fault: { kind: 'status', status: 503, retryAfter: -1 } },
      'Invalid retryAfter -1',
    ],
    [
      'retryAfter with newline',
      { fault: { kind: 'status', status: 503, retryAfter: 'a\nb' } },
      'Invalid retryAfter',
    ],
    ['stall over the cap', { fault: { kind: 'stall', ms: 1001 } }, 'Invalid stall of 1001 ms'],
    [
      'zero throttle',
      { fault: { kind: 'throttle', bytesPerSecond: 0 } },
      'Invalid bytesPerSecond 0',
    ],
    [
      'unknown direction',
      { fault: { kind: 'throttle', bytesPerSecond: 1, direction: 'up' } },
      'Invalid direction "up"',
    ],
    [
      'negative atByte',
      { fault: { kind: 'corrupt-request-body', atByte: -1 } },
      'Invalid atByte -1',
    ],
  ];

  for (const [name, rule, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(() => checkRules([rule as FaultRule], MAX_STALL_MS)).toThrow(message);
    });
  }

  it('names the index of the bad rule', () => {
    const rules = [{ fault: { kind: 'drop-etag' } }, { fault: { kind: 'stall', ms: -5 } }];
    expect(() => checkRules(rules as FaultRule[], MAX_STALL_MS)).toThrow('in fault rule 1');
  });

  it('accepts every fault kind', () => {
    const rules: FaultRule[] = [
      { fault: { kind: 'reset-request', afterBytes: 0 } },
      { fault: { kind: 'reset-response', afterBytes: 10 } },
      { fault: { kind: 'status', status: 429, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' } },
      { fault: { kind: 'stall' } },
      { fault: { kind: 'stall', ms: MAX_STALL_MS } },
      { fault: { kind: 'throttle', bytesPerSecond: 1, direction: 'both' } },
      { fault: { kind: 'corrupt-request-body' } },
      {
        match: { method: 'PUT', pathIncludes: '/a', queryIncludes: 'b=1' },
        fault: { kind: 'drop-etag' },
      },
    ];
    expect(() => checkRules(rules, MAX_STALL_MS)).not.toThrow();
  });
});

describe('rules on a running proxy', () => {
  let origin: RecordingOrigin;
  const proxies: FaultProxy[] = [];

  beforeAll(async () => {
    origin = await startRecordingOrigin();
  });
  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.stop()));
    await origin?.stop();
  });

  async function statusesThrough(seed: number, count: number): Promise<number[]> {
    const proxy = await startFaultProxy({
      upstream: origin.url,
      seed,
      rules: [{ fault: { kind: 'status', status: 503 }, probability: 0.5 }],
    });
    proxies.push(proxy);
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      statuses.push(await statusOf(`${proxy.url}/object?attempt=${i}`));
    }
    return statuses;
  }

  it('same seed gives same faults', async () => {
    const first = await statusesThrough(7, 20);
    expect(await statusesThrough(7, 20)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  it('setRules replaces rules and counts', async () => {
    const proxy = await startFaultProxy({ upstream: origin.url });
    proxies.push(proxy);
    const rule: FaultRule = { fault: { kind: 'status', status: 500 }, times: 1 };

    proxy.setRules([rule]);
    expect(await statusOf(proxy.url)).toBe(500);
    expect(await statusOf(proxy.url)).toBe(200);
    proxy.setRules([rule]);
    expect(await statusOf(proxy.url)).toBe(500);
  });

  it('invalid setRules keeps old rules', async () => {
    const proxy = await startFaultProxy({
      upstream: origin.url,
      rules: [{ fault: { kind: 'status', status: 503 } }],
    });
    proxies.push(proxy);

    expect(() => proxy.setRules([{ fault: { kind: 'status', status: 200 } }])).toThrow(
      'Invalid status 200 in fault rule 0: expected 429 or 500 to 599.',
    );
    expect(await statusOf(proxy.url)).toBe(503);
  });
});
