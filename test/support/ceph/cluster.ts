// The start-up steps of a one-node cluster, in order: monitor, OSD, gateway, S3 user. Each
// step waits for its daemon with a deadline and fails with the tail of that daemon's log.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CephBinaries } from './binaries.ts';
import { runCommand } from './command.ts';
import { cephLogPath, GATEWAY_NAME, MONITOR_ID, type CephLayout } from './config.ts';
import { startDaemon, type Daemon } from './daemon.ts';
import { pollUntil } from './wait.ts';

export interface ClusterContext {
  bin: CephBinaries;
  layout: CephLayout;
  /** Deadline of each step, in milliseconds. */
  timeoutMs: number;
  /** Every daemon started so far, in start order; the caller stops them in reverse. */
  daemons: Daemon[];
}

/** Daemons run as root when we are root (the packaged default user `ceph` cannot write here). */
function userArgs(): string[] {
  return process.getuid?.() === 0 ? ['--setuser', 'root', '--setgroup', 'root'] : [];
}

async function launch(ctx: ClusterContext, name: string, command: string, args: string[]) {
  const daemon = await startDaemon({
    name,
    command,
    args: ['-c', ctx.layout.conf, ...args, '-f', ...userArgs()],
    logPath: cephLogPath(ctx.layout, name),
    outputPath: join(ctx.layout.logDir, `${name}.out`),
    setpriv: ctx.bin.setpriv,
  });
  ctx.daemons.push(daemon);
  return daemon;
}

/** Deadline of one `ceph` call, so a poll overshoots its step's deadline by at most this. */
const CEPH_CALL_MS = 15_000;

/** Runs the `ceph` command line against this cluster. */
function ceph(ctx: ClusterContext, args: string[]): Promise<string> {
  const callMs = Math.min(ctx.timeoutMs, CEPH_CALL_MS);
  // In seconds, and shorter than the call, so `ceph` reports the failed connection itself.
  const connectSeconds = String(Math.max(1, Math.floor((callMs * 0.8) / 1000)));
  const cliArgs = ['-c', ctx.layout.conf, '--connect-timeout', connectSeconds, ...args];
  return runCommand(ctx.bin.ceph, cliArgs, callMs);
}

/** The monitor, with a monmap that lists only itself, listening on msgr2 only. */
export async function startMonitor(ctx: ClusterContext, fsid: string, port: number) {
  const { bin, layout, timeoutMs } = ctx;
  const address = `[v2:127.0.0.1:${port}]`;
  const monmapArgs = ['--create', '--fsid', fsid, '--addv', MONITOR_ID, address];
  monmapArgs.push('--enable-all-features', '--clobber', layout.monmap);
  await runCommand(bin.monmaptool, monmapArgs, timeoutMs);
  const mkfsArgs = ['-c', layout.conf, '--mkfs', '-i', MONITOR_ID, '--monmap', layout.monmap];
  await runCommand(bin.cephMon, [...mkfsArgs, ...userArgs()], timeoutMs);

  const monitor = await launch(ctx, `mon.${MONITOR_ID}`, bin.cephMon, ['-i', MONITOR_ID]);
  await pollUntil(() => ceph(ctx, ['mon', 'stat']).then(() => true), {
    what: `the monitor to answer on 127.0.0.1:${port}`,
    timeoutMs,
    details: () => monitor.tail(),
    abortReason: () => monitor.describeExit(),
  });
}

/** Registers OSD 0 with the monitor, formats its memstore, starts it and waits until it is up. */
export async function startOsd(ctx: ClusterContext) {
  const { bin, layout, timeoutMs } = ctx;
  const osdUuid = randomUUID();
  const id = (await ceph(ctx, ['osd', 'new', osdUuid])).trim();
  await mkdir(join(layout.osdDataRoot, id), { recursive: true });
  const mkfsArgs = ['-c', layout.conf, '-i', id, '--mkfs', '--osd-uuid', osdUuid];
  await runCommand(bin.cephOsd, [...mkfsArgs, ...userArgs()], timeoutMs);

  const osd = await launch(ctx, `osd.${id}`, bin.cephOsd, ['-i', id]);
  await pollUntil(
    async () => {
      const dump = JSON.parse(await ceph(ctx, ['osd', 'dump', '--format', 'json'])) as {
        osds: { osd: number; up: number }[];
      };
      return dump.osds.some((entry) => String(entry.osd) === id && entry.up === 1) || undefined;
    },
    {
      what: `osd.${id} to be up`,
      timeoutMs,
      details: () => osd.tail(),
      abortReason: () => osd.describeExit(),
    },
  );
}

/** Starts radosgw and waits until its S3 endpoint answers any HTTP request. */
export async function startGateway(ctx: ClusterContext, endpoint: string) {
  const gateway = await launch(ctx, GATEWAY_NAME, ctx.bin.radosgw, ['-n', GATEWAY_NAME]);
  await pollUntil(
    async () => {
      const response = await fetch(endpoint, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return true;
    },
    {
      what: `radosgw to answer at ${endpoint}`,
      timeoutMs: ctx.timeoutMs,
      intervalMs: 500,
      details: () => gateway.tail(),
      abortReason: () => gateway.describeExit(),
    },
  );
}

/** Creates the S3 user whose keys the tests sign with. */
export async function createUser(ctx: ClusterContext, accessKeyId: string, secret: string) {
  const args = [
    ['-c', ctx.layout.conf, 'user', 'create', '--uid', 'byob-test'],
    ['--display-name', 'BYOB Transfer tests'],
    ['--access-key', accessKeyId, '--secret', secret],
  ].flat();
  await runCommand(ctx.bin.radosgwAdmin, args, ctx.timeoutMs);
}
