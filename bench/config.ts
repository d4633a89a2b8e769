// Command-line options of `npm run bench` and the sizes of each mode. Quick mode is sized to
// finish in a few minutes on a 2-core machine; --full uses the sizes the targets are stated
// for; --smoke uses tiny sizes to check that the harness works at all.

import { parseArgs } from 'node:util';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

export type Mode = 'smoke' | 'quick' | 'full';

export const SCENARIO_IDS = [
  'large-upload',
  'small-upload',
  'downloads',
  'memory',
  'hashing',
  'resume',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export const PROVIDER_IDS = ['s3', 'azure', 'gcs'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export interface BenchConfig {
  mode: Mode;
  /** Scenarios to run, in report order. */
  scenarios: ScenarioId[];
  /** Stand-ins to measure on; scenarios skip the others. */
  providers: ProviderId[];
  /** Repetitions of every engine and baseline pair. */
  repetitions: number;
  /** Bytes of the one large file of scenarios 1, 3 and 4. */
  largeFileBytes: number;
  /** Second, smaller file size of the memory scenario. */
  memoryFileBytes: number;
  smallFileCount: number;
  smallFileBytes: number;
  /** Part size and requests in flight that the engine and every baseline use. */
  partSize: number;
  concurrency: number;
  hashFileCount: number;
  hashFileBytes: number;
  resumeFileBytes: number;
  /** Folder of RESULTS.md and results.json. */
  resultsDir: string;
}

const SIZES: Record<Mode, Omit<BenchConfig, 'mode' | 'scenarios' | 'providers' | 'resultsDir'>> = {
  smoke: {
    repetitions: 1,
    largeFileBytes: 48 * MiB,
    memoryFileBytes: 24 * MiB,
    smallFileCount: 60,
    smallFileBytes: 16 * KiB,
    partSize: 8 * MiB,
    concurrency: 8,
    hashFileCount: 2,
    hashFileBytes: 16 * MiB,
    resumeFileBytes: 64 * MiB,
  },
  quick: {
    repetitions: 3,
    largeFileBytes: 512 * MiB,
    memoryFileBytes: 128 * MiB,
    smallFileCount: 2_000,
    smallFileBytes: 16 * KiB,
    partSize: 16 * MiB,
    concurrency: 8,
    hashFileCount: 8,
    hashFileBytes: 128 * MiB,
    resumeFileBytes: 256 * MiB,
  },
  full: {
    repetitions: 5,
    largeFileBytes: 4 * GiB,
    memoryFileBytes: 512 * MiB,
    smallFileCount: 20_000,
    smallFileBytes: 16 * KiB,
    partSize: 16 * MiB,
    concurrency: 8,
    hashFileCount: 8,
    hashFileBytes: 256 * MiB,
    resumeFileBytes: 1 * GiB,
  },
};

const USAGE = `Usage: npm run bench -- [--full | --smoke] [--only ID,...] [--providers ID,...]
                           [--repetitions N] [--out DIR]

  --full            sizes of the stated targets: 4 GiB, 20,000 small files, 5 repetitions
  --smoke           tiny sizes that only check the harness; never report these numbers
  --only ID,...     run only these scenarios: ${SCENARIO_IDS.join(', ')}
  --providers ID,... measure only on these stand-ins: ${PROVIDER_IDS.join(', ')}
  --repetitions N   repetitions of each engine and baseline pair (default 3, or 5 with --full)
  --out DIR         folder for RESULTS.md and results.json (default bench/)`;

/** Parses the command line, or prints the usage and exits with status 2 on invalid input. */
export function parseBenchArgs(argv: string[], defaultResultsDir: string): BenchConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        full: { type: 'boolean', default: false },
        smoke: { type: 'boolean', default: false },
        only: { type: 'string' },
        providers: { type: 'string' },
        repetitions: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return exitWithUsage((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.full && values.smoke) return exitWithUsage('--full and --smoke exclude each other.');

  let mode: Mode = 'quick';
  if (values.full) mode = 'full';
  if (values.smoke) mode = 'smoke';
  const sizes = { ...SIZES[mode] };
  if (values.repetitions !== undefined) {
    const repetitions = Number(values.repetitions);
    if (!Number.isSafeInteger(repetitions) || repetitions < 1) {
      return exitWithUsage(
        `Invalid --repetitions ${values.repetitions}: pass a whole number of 1 or more.`,
      );
    }
    sizes.repetitions = repetitions;
  }

  return {
    mode,
    ...sizes,
    scenarios: parseList('--only', values.only, SCENARIO_IDS),
    providers: parseList('--providers', values.providers, PROVIDER_IDS),
    resultsDir: values.out ?? defaultResultsDir,
  };
}

/** Parses a comma-separated list of ids, keeping the order of `known`. */
function parseList<T extends string>(
  option: string,
  text: string | undefined,
  known: readonly T[],
): T[] {
  if (text === undefined) return [...known];
  const requested = text.split(',').map((id) => id.trim());
  const unknown = requested.filter((id) => !(known as readonly string[]).includes(id));
  if (unknown.length > 0) {
    return exitWithUsage(`Unknown id ${unknown.join(', ')} in ${option}: use ${known.join(', ')}.`);
  }
  return known.filter((id) => requested.includes(id));
}

function exitWithUsage(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}
