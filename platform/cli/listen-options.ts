import { isIP } from 'node:net';

import { InvalidArgumentError, Option } from 'commander';

/** pino's level names; anything else would make pino throw its own internal message. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `--log-level`, limited to pino's levels so that commander rejects a typo with the list. */
export function logLevelOption(defaultLevel: (typeof LOG_LEVELS)[number]): Option {
  return new Option('--log-level <level>', 'pino log level')
    .choices(LOG_LEVELS)
    .default(defaultLevel);
}

/**
 * Parses `--host`: an IPv4 or IPv6 address, or `localhost`. Other names are rejected
 * instead of resolved, so a typo never turns into a DNS lookup.
 */
export function parseHost(text: string): string {
  const host = text.trim();
  if (host === 'localhost' || isIP(host) !== 0) return host;
  throw new InvalidArgumentError(
    `"${text}" is not an IP address: give an IPv4 or IPv6 address such as 127.0.0.1, 0.0.0.0 or ::1, or localhost.`,
  );
}
