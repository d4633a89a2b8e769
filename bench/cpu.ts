// CPU time that the local stand-ins spend on one measured run. On a 2-core machine the store
// and the platform compete with the client for the same cores, so a run that makes the store
// work harder is slower for that reason alone. Linux only (/proc); elsewhere the counts are null.

import { readdirSync, readFileSync } from 'node:fs';

import { summarize } from './measure';

/** Clock ticks per second of /proc times; 100 on every common Linux build (USER_HZ). */
export const TICKS_PER_SECOND = 100;

export interface CpuSeconds {
  /** The store's processes and their descendants: Ceph's daemons, or Azurite. */
  store: number | null;
  /**
   * This process: the platform, and the GCS double or the fault proxy where they run, plus the
   * harness itself, which is idle while a child runs.
   */
  platform: number;
}

/** A run's own result plus the CPU seconds the stand-ins spent meanwhile. */
export type Measured<T> = T & { cpu: CpuSeconds };

/** Median CPU seconds of the store over several runs, as text, or "n/a" without /proc. */
export function storeCpuText(results: readonly Measured<object>[]): string {
  return storeCpuMedian(results)?.toFixed(1) ?? 'n/a';
}

/** Returns the median CPU seconds the store used per run, or null when it was not measured. */
export function storeCpuMedian(results: readonly Measured<object>[]): number | null {
  const seconds = results.flatMap((result) =>
    result.cpu.store === null ? [] : [result.cpu.store],
  );
  return seconds.length === 0 ? null : summarize(seconds).median;
}

/** Runs `work` and adds the CPU seconds that `storePids` (with descendants) and this process used. */
export async function withCpu<T extends object>(
  storePids: readonly number[],
  work: () => Promise<T>,
): Promise<Measured<T>> {
  // No store process (the GCS double runs in this process) reads as "not measured".
  const storeBefore = storePids.length === 0 ? null : treeTicks(storePids);
  const platformBefore = process.cpuUsage();
  const result = await work();
  const platform = process.cpuUsage(platformBefore);
  const storeAfter = storePids.length === 0 ? null : treeTicks(storePids);

  const store =
    storeBefore === null || storeAfter === null
      ? null
      : (storeAfter - storeBefore) / TICKS_PER_SECOND;
  return { ...result, cpu: { store, platform: (platform.user + platform.system) / 1e6 } };
}

/** User and system ticks of the processes `pids` and all their descendants, or null without /proc. */
function treeTicks(pids: readonly number[]): number | null {
  let processes: Map<number, { parent: number; ticks: number }>;
  try {
    processes = readProcesses();
  } catch {
    return null;
  }

  const wanted = new Set(pids);
  // Parents usually have lower ids than their children, but not always, so repeat until stable.
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, entry] of processes) {
      if (!wanted.has(pid) && wanted.has(entry.parent)) {
        wanted.add(pid);
        grew = true;
      }
    }
  }
  let ticks = 0;
  for (const pid of wanted) ticks += processes.get(pid)?.ticks ?? 0;
  return ticks;
}

function readProcesses(): Map<number, { parent: number; ticks: number }> {
  const processes = new Map<number, { parent: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // The process exited between the listing and the read.
    }
    const fields = statFields(text);
    processes.set(Number(name), {
      parent: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
    });
  }
  return processes;
}

/**
 * Splits a /proc/<pid>/stat line into the fields after the command name, which may contain
 * spaces. Index 0 is the state and 1 the parent id; utime, stime, cutime and cstime are 11 to
 * 14 (fields 14 to 17 of proc(5)).
 */
export function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}
