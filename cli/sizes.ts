// Byte sizes and rates typed on the command line, such as 8MiB, 5M or 100MB, and the sizes
// the CLI prints. IEC units (KiB, MiB, GiB) are powers of 1024 and SI units (kB, MB, GB) powers
// of 1000, as bytes-iec parses them. A bare letter (K, M, G, T) means the binary unit, as in
// curl's --limit-rate.

import bytes from 'bytes-iec';

import { usageError } from './errors';

const SINGLE_LETTER = /^\s*(\d+(?:\.\d+)?)\s*([kmgt])\s*$/i;

/**
 * Parses a size such as `8MiB`, `5M`, `100MB` or `1048576` into whole bytes. Throws a usage
 * error naming `option` when the text is not a size or the value is below `minimum`.
 */
export function parseSize(text: string, option: string, minimum = 1): number {
  const letter = SINGLE_LETTER.exec(text);
  const normalised = letter ? `${letter[1]}${letter[2]!.toUpperCase()}iB` : text;
  const parsed = bytes.parse(normalised);

  if (parsed === null || !Number.isFinite(parsed)) {
    throw usageError(
      `Invalid ${option} ${JSON.stringify(text)}: expected a size such as 8MiB, 5M or 100MB.`,
    );
  }
  const value = Math.floor(parsed);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw usageError(
      `Invalid ${option} ${JSON.stringify(text)}: it must be at least ${formatBytes(minimum)}.`,
    );
  }
  return value;
}

/** Formats a byte count with a binary unit, such as `5 MiB` or `1.2 GiB`. */
export function formatBytes(count: number): string {
  return (
    bytes.format(count, { mode: 'binary', unitSeparator: ' ', decimalPlaces: 1 }) ?? `${count} B`
  );
}

/** Formats a number of files, such as `1 file` or `2,000 files`. */
export function formatFileCount(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'file' : 'files'}`;
}

/** Formats a rate in bytes per second, such as `12.5 MiB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** Formats a duration in whole seconds as `1h02m`, `3m05s` or `42s`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}
