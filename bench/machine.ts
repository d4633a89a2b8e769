// Records a run's context besides its numbers: the machine, the versions of everything measured,
// the date, the command, and how much CPU other processes used meanwhile. Linux only for
// the CPU accounting (/proc); elsewhere those fields are null.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { promisify } from 'node:util';

import type { Mode } from './config';
import { statFields, TICKS_PER_SECOND } from './cpu';

const run = promisify(execFile);

const PACKAGES = [
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  '@azure/storage-blob',
  'azurite',
  'undici',
  'p-queue',
  'tsx',
];

export interface LoadSummary {
  seconds: number;
  /** Cores kept busy on average by the whole machine, by this run (with its children), and by the rest. */
  machineCores: number | null;
  runCores: number | null;
  otherCores: number | null;
  loadAverageStart: number;
  loadAverageEnd: number;
}

export interface MachineInfo {
  date: string;
  command: string;
  mode: Mode;
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  packages: Record<string, string>;
  ceph: string;
  openssl: string;
  commit: string;
  load: LoadSummary;
}

/** Measures CPU time from construction to stop(): the machine's, and this process tree's. */
export class LoadSampler {
  private readonly startedAt = performance.now();
  private readonly machineStart = machineBusyTicks();
  private readonly runStart = ownTicks();
  private readonly loadStart = loadavg()[0]!;

  /** Call after every child process has exited, so their CPU time is counted as the run's. */
  stop(): LoadSummary {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const machineEnd = machineBusyTicks();
    const runEnd = ownTicks();
    const cores = (start: number | null, end: number | null) =>
      start === null || end === null ? null : (end - start) / TICKS_PER_SECOND / seconds;
    const machineCores = cores(this.machineStart, machineEnd);
    const runCores = cores(this.runStart, runEnd);
    return {
      seconds,
      machineCores,
      runCores,
      otherCores:
        machineCores === null || runCores === null ? null : Math.max(0, machineCores - runCores),
      loadAverageStart: this.loadStart,
      loadAverageEnd: loadavg()[0]!,
    };
  }
}

export async function describeMachine(run: {
  started: Date;
  command: string;
  mode: Mode;
  load: LoadSummary;
}): Promise<MachineInfo> {
  return {
    date: run.started.toISOString(),
    command: run.command,
    mode: run.mode,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    os: osName(),
    kernel: release(),
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
    ceph: await firstLine('radosgw', ['--version']),
    openssl: await firstLine('openssl', ['version']),
    commit: await firstLine('git', ['describe', '--always', '--dirty']),
    load: run.load,
  };
}

/** Busy ticks of all CPUs from the first line of /proc/stat (everything but idle and iowait). */
function machineBusyTicks(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return user! + nice! + system! + irq! + softirq! + (steal ?? 0);
  } catch {
    return null;
  }
}

/** User and system ticks of this process plus its exited, waited-for children (/proc/self/stat). */
function ownTicks(): number | null {
  try {
    const fields = statFields(readFileSync('/proc/self/stat', 'utf8')).map(Number);
    return fields[11]! + fields[12]! + fields[13]! + fields[14]!;
  } catch {
    return null;
  }
}

function osName(): string {
  try {
    const match = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return match?.[1] ?? process.platform;
  } catch {
    return process.platform;
  }
}

function packageVersion(name: string): string {
  try {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

async function firstLine(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { timeout: 10_000 });
    return stdout.split('\n')[0]!.trim();
  } catch {
    return `${command} not found`;
  }
}
