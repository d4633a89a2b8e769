// Input checks for fault rules, so a mistyped rule fails when it is set instead of silently
// never firing in the middle of a test.
import type { Fault, FaultRule } from './rules';

const FAULT_KINDS = new Set<Fault['kind']>([
  'reset-request',
  'reset-response',
  'status',
  'stall',
  'throttle',
  'corrupt-request-body',
  'corrupt-response-body',
  'drop-etag',
]);

/** Throws on the first invalid rule. `maxStallMs` is the proxy's cap on every stall. */
export function checkRules(rules: readonly FaultRule[], maxStallMs: number): void {
  if (!Array.isArray(rules)) {
    throw new Error('Invalid fault rules: expected an array of rules, e.g. [].');
  }
  for (const [index, rule] of rules.entries()) {
    const where = `fault rule ${index}`;
    checkRule(rule, where);
    checkFault(rule.fault, where, maxStallMs);
  }
}

function checkRule(rule: FaultRule, where: string): void {
  if (rule.times !== undefined && !isCount(rule.times)) {
    throw new Error(`Invalid times ${rule.times} in ${where}: expected a whole number >= 0.`);
  }
  const probability = rule.probability;
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new Error(`Invalid probability ${probability} in ${where}: expected 0 to 1.`);
  }
  const match = rule.match ?? {};
  for (const [name, value] of Object.entries(match)) {
    if (!['method', 'pathIncludes', 'queryIncludes'].includes(name)) {
      throw new Error(
        `Unknown match field "${name}" in ${where}: use method, pathIncludes or queryIncludes.`,
      );
    }
    if (typeof value !== 'string' || value === '') {
      throw new Error(`Invalid match.${name} in ${where}: expected a non-empty string.`);
    }
  }
}

function checkFault(fault: Fault, where: string, maxStallMs: number): void {
  if (typeof fault !== 'object' || fault === null || !FAULT_KINDS.has(fault.kind)) {
    throw new Error(`Unknown fault kind in ${where}: use one of ${[...FAULT_KINDS].join(', ')}.`);
  }

  switch (fault.kind) {
    case 'reset-request':
    case 'reset-response':
      if (!isCount(fault.afterBytes)) {
        throw new Error(
          `Invalid afterBytes ${fault.afterBytes} in ${where}: expected a whole number >= 0.`,
        );
      }
      return;
    case 'status':
      checkStatus(fault.status, fault.retryAfter, where);
      return;
    case 'stall':
      if (fault.ms !== undefined && !(isCount(fault.ms) && fault.ms <= maxStallMs)) {
        throw new Error(
          `Invalid stall of ${fault.ms} ms in ${where}: expected 0 to ${maxStallMs} ms, or raise maxStallMs.`,
        );
      }
      return;
    case 'throttle':
      if (!(Number.isSafeInteger(fault.bytesPerSecond) && fault.bytesPerSecond >= 1)) {
        throw new Error(
          `Invalid bytesPerSecond ${fault.bytesPerSecond} in ${where}: expected a whole number >= 1.`,
        );
      }
      if (
        fault.direction !== undefined &&
        !['request', 'response', 'both'].includes(fault.direction)
      ) {
        throw new Error(
          `Invalid direction "${fault.direction}" in ${where}: use request, response or both.`,
        );
      }
      return;
    case 'corrupt-request-body':
    case 'corrupt-response-body':
      if (fault.atByte !== undefined && !isCount(fault.atByte)) {
        throw new Error(
          `Invalid atByte ${fault.atByte} in ${where}: expected a whole number >= 0.`,
        );
      }
      return;
    case 'drop-etag':
      return;
  }
}

function checkStatus(status: number, retryAfter: number | string | undefined, where: string) {
  // Only 429 and 5xx, because the proxy injects failures a client may retry, not a store's own
  // verdicts such as 404.
  if (!(Number.isInteger(status) && (status === 429 || (status >= 500 && status <= 599)))) {
    throw new Error(`Invalid status ${status} in ${where}: expected 429 or 500 to 599.`);
  }
  if (typeof retryAfter === 'number' && !isCount(retryAfter)) {
    throw new Error(
      `Invalid retryAfter ${retryAfter} in ${where}: expected whole seconds >= 0 or an HTTP date.`,
    );
  }
  if (typeof retryAfter === 'string' && !/^[\x20-\x7e]+$/.test(retryAfter)) {
    throw new Error(
      `Invalid retryAfter in ${where}: expected printable ASCII such as "Wed, 21 Oct 2026 07:28:00 GMT".`,
    );
  }
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
