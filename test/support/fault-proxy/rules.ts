// Fault rules: which requests get which fault. Rules are checked in list order, and the first
// rule that matches and fires decides the fault. A request that no rule picks goes on unchanged.

/** One fault applied to one request. Byte counts are body bytes and exclude headers. */
export type Fault =
  /**
   * Forwards `afterBytes` request body bytes to the upstream, then resets both connections.
   * When the body is no longer than that, the upstream handles the whole request and the client
   * gets a reset in place of the response.
   */
  | { kind: 'reset-request'; afterBytes: number }
  /**
   * Sends the status, headers and `afterBytes` response body bytes, then closes the connection
   * before the response is complete. The close is a FIN, not an RST, so that the client surely
   * gets those bytes; see closeConnection in ./body-writes.
   */
  | { kind: 'reset-response'; afterBytes: number }
  /** Sends this status in place of the upstream's response, without contacting the upstream. */
  | { kind: 'status'; status: number; retryAfter?: number | string }
  /**
   * Sends nothing for `ms` milliseconds and then forwards. Without `ms`, waits until the client
   * gives up or maxStallMs passes, and then resets the connection.
   */
  | { kind: 'stall'; ms?: number }
  /** Forwards body bytes at no more than `bytesPerSecond` in `direction` (default both). */
  | { kind: 'throttle'; bytesPerSecond: number; direction?: 'request' | 'response' | 'both' }
  /** Inverts every bit of the request body byte at offset `atByte` (default 0). */
  | { kind: 'corrupt-request-body'; atByte?: number }
  /**
   * Inverts every bit of the response body byte at offset `atByte` (default 0), leaving the
   * headers (Content-Length, ETag, Content-MD5) as the upstream sent them.
   */
  | { kind: 'corrupt-response-body'; atByte?: number }
  /** Removes the ETag header from the upstream's response. */
  | { kind: 'drop-etag' };

export type FaultKind = Fault['kind'];

/** Conditions on a request. Every condition given must hold. */
export interface RequestMatch {
  /** HTTP method, compared without regard to case. */
  method?: string;
  /** Substring of the path as sent on the request line (still percent-encoded, no query). */
  pathIncludes?: string;
  /** Substring of the raw query string, e.g. `comp=block` or `partNumber=2`. */
  queryIncludes?: string;
}

export interface FaultRule {
  /** Omitted: every request matches. */
  match?: RequestMatch;
  fault: Fault;
  /** Maximum number of matching requests that get the fault. Omitted: no limit. */
  times?: number;
  /** Chance from 0 to 1 that a matching request gets the fault, drawn from the seeded source. */
  probability?: number;
}

export interface RequestLine {
  method: string;
  path: string;
  query: string;
}

/** A rule list with the number of times each rule has fired so far. */
export class RuleSet {
  private readonly fired: number[];

  constructor(
    private readonly rules: readonly FaultRule[],
    private readonly random: () => number,
  ) {
    this.fired = rules.map(() => 0);
  }

  /** Picks the fault for one request and counts it against its rule's `times`. */
  pick(request: RequestLine): Fault | null {
    for (const [index, rule] of this.rules.entries()) {
      if (!matches(rule.match, request)) continue;
      if (rule.times !== undefined && this.fired[index]! >= rule.times) continue;
      // Draw only for matching rules, so the same request sequence gives the same faults.
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;

      this.fired[index]! += 1;
      return rule.fault;
    }
    return null;
  }
}

function matches(match: RequestMatch | undefined, request: RequestLine): boolean {
  if (match === undefined) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== request.method.toUpperCase()) {
    return false;
  }
  if (match.pathIncludes !== undefined && !request.path.includes(match.pathIncludes)) return false;
  if (match.queryIncludes !== undefined && !request.query.includes(match.queryIncludes)) {
    return false;
  }
  return true;
}

/**
 * Returns a source of numbers in [0, 1) that repeats for the same seed. It is xorshift32
 * (Marsaglia 2003, shifts 13, 17 and 5): good enough to choose faults, never for secrets.
 */
export function seededRandom(seed: number): () => number {
  // xorshift32 stays at zero forever once its state is zero, so seed 0 starts elsewhere.
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4_294_967_296;
  };
}
