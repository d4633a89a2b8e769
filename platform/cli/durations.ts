import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
// S3 and GCS pre-signed URLs are valid for at most 7 days (604,800 s).
export const MAX_URL_LIFETIME_SECONDS = 7 * 86400;

/** Parses a URL lifetime such as `24h`, `90m`, `30s` or a bare number of seconds. */
export function parseLifetime(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNITS[match[2] || 's']! : NaN;

  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_URL_LIFETIME_SECONDS) {
    throw new InvalidArgumentError(
      `"${text}" is not a valid lifetime: give 1s to 7d, as a number of seconds or with a unit (30s, 90m, 24h, 7d).`,
    );
  }
  return seconds;
}

export function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(
      `"${text}" is not a valid port: give 0 to 65535 (0 picks a free port).`,
    );
  }
  return port;
}
