// Repetition and summary helpers. Runs of the engine and of its baseline alternate, and the
// order flips every repetition (engine first, then baseline first), so a slow phase of a
// shared machine falls on both sides instead of on one.

export interface Summary {
  min: number;
  median: number;
  max: number;
  samples: number[];
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0)
    throw new Error('Cannot summarize zero samples: run at least one repetition.');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, samples: [...samples] };
}

export interface Contender<T> {
  name: string;
  run: (repetition: number) => Promise<T>;
}

/**
 * Runs every contender once per repetition, reversing the order on odd repetitions, and
 * returns each contender's results in repetition order. `prepare` runs before each repetition,
 * for example to give the input file new content so that nothing is deduplicated.
 */
export async function alternate<T>(
  repetitions: number,
  contenders: readonly Contender<T>[],
  prepare?: (repetition: number) => Promise<void>,
): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>(contenders.map((contender) => [contender.name, []]));

  for (let repetition = 0; repetition < repetitions; repetition++) {
    await prepare?.(repetition);
    const order = repetition % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const result = await contender.run(repetition);
      results.get(contender.name)!.push(result);
      log(`  ${contender.name}, repetition ${repetition + 1}/${repetitions}: ${describe(result)}`);
    }
  }
  return results;
}

/**
 * Medians of an engine's phases over several runs, in seconds, joined with " / " in the order
 * the phases are listed, such as "2.31 / 6.93 / 0.02" for prepare, send and commit.
 */
export function phaseText(results: readonly { phases: Record<string, number> }[]): string {
  const medians = Object.values(phaseMedians(results));
  return medians.map((seconds) => seconds.toFixed(2)).join(' / ');
}

/** Median seconds of each phase over several runs, keyed and ordered as the runs list them. */
export function phaseMedians<K extends string>(
  results: readonly { phases: Record<K, number> }[],
): Record<K, number> {
  const names = Object.keys(results[0]?.phases ?? {}) as K[];
  const entries = names.map((name) => [name, summarize(results.map((r) => r.phases[name])).median]);
  return Object.fromEntries(entries) as Record<K, number>;
}

/** Rate in decimal megabytes per second. */
export function megabytesPerSecond(bytes: number, seconds: number): number {
  return bytes / 1e6 / seconds;
}

/** Ratio of two medians, or null when either side is missing. */
export function ratioOf(
  numerator: Summary | undefined,
  denominator: Summary | undefined,
): number | null {
  if (!numerator || !denominator || denominator.median === 0) return null;
  return numerator.median / denominator.median;
}

export function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function describe(result: unknown): string {
  if (typeof result !== 'object' || result === null || !('seconds' in result)) {
    return JSON.stringify(result);
  }
  const text = `${(result as { seconds: number }).seconds.toFixed(2)} s`;
  // An engine run also reports how long each of its phases took.
  const phases = (result as { phases?: Record<string, number> }).phases;
  if (!phases) return text;
  const parts = Object.entries(phases).map(([phase, seconds]) => `${phase} ${seconds.toFixed(2)}`);
  return `${text} (${parts.join(', ')})`;
}
