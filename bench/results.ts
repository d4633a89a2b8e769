// The shape of one scenario's result, shared by the scenarios and the report writer, and the
// number formats of the tables.

import type { Summary } from './measure';

export interface Table {
  columns: string[];
  rows: string[][];
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** The headline ratio, or null when the scenario could not compute it. */
  ratio: number | null;
  /** Numerator and denominator of the ratio, such as "engine MB/s ÷ SDK MB/s, lowest provider". */
  ratioMeaning: string;
  /** The target as text, such as "≥ 1.0". */
  target: string;
  /** Whether the ratio meets the target; null without a ratio. */
  met: boolean | null;
  /** Structured numbers for results.json, one entry per compared pair or measurement. */
  measurements: Record<string, unknown>[];
  table: Table;
  /** Sentences under the table: configuration, causes of missed targets, caveats. */
  notes: string[];
  /** Set when the scenario failed; the other fields then describe what ran. */
  error?: string;
}

export function failedScenario(id: string, title: string, error: unknown): ScenarioResult {
  return {
    id,
    title,
    ratio: null,
    ratioMeaning: '',
    target: '',
    met: null,
    measurements: [],
    table: { columns: [], rows: [] },
    notes: [],
    error: error instanceof Error ? error.message : String(error),
  };
}

/** "min / median / max" of a summary, with `digits` decimals. */
export function range(summary: Summary | undefined, digits = 0): string {
  if (!summary) return 'n/a';
  return [summary.min, summary.median, summary.max]
    .map((value) => value.toFixed(digits))
    .join(' / ');
}

/** "1 repetition", "3 repetitions". */
export function repetitionsText(count: number): string {
  return `${count} repetition${count === 1 ? '' : 's'}`;
}

export function ratioText(ratio: number | null): string {
  return ratio === null ? 'n/a' : ratio.toFixed(2);
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** Size of a file for a title: "512 MiB" or "4 GiB". */
export function sizeText(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return Number.isInteger(gib) && gib >= 1 ? `${gib} GiB` : mebibytes(bytes);
}
