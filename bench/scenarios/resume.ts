// Scenario 6: resume cost. A child process uploads one file and is killed with SIGKILL once
// about half of its parts have a journaled receipt. This process then resumes the transfer
// from the journal. The fault proxy sits in front of the store (the platform signs URLs for
// the proxy's address) and counts the body bytes of every content PUT, from the child and
// from the resumed engine alike.
//
// Every part has the same length (the file is a whole number of parts), so parts count bytes:
//   started    content PUTs that began before the kill
//   confirmed  parts with a journaled receipt after the kill
//   in flight  started − confirmed: parts begun without a receipt the journal kept
//   re-sent    bytes PUT after the resume − bytes of the parts never started
// The target is re-sent ≤ in flight: only parts without a receipt go again.

import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { pino } from 'pino';

import { startUploadChild } from '../../test/electron/engine/upload/child';
import {
  PROJECT,
  startEngineEnv,
  TEAM,
  type EngineEnv,
} from '../../test/electron/engine/upload/fixture';
import {
  startFaultProxy,
  type ExchangeRecord,
  type FaultProxy,
} from '../../test/support/fault-proxy/index';
import { startGcsDouble, type GcsDouble } from '../../test/support/gcs/index';
import { parseStorageAddress } from '../../platform/storage/address';
import { restampFile, writeLargeFile } from '../files';
import { log, summarize } from '../measure';
import { mebibytes, range, sizeText, type ScenarioResult } from '../results';
import type { ScenarioContext } from '../scenario';

interface ProxiedStore {
  label: string;
  env: EngineEnv;
  proxy: FaultProxy;
  /** Azure's last content PUT is Put Block List, which carries block ids, not file bytes. */
  endsWithBlockList: boolean;
  stop(): Promise<void>;
}

interface Kill {
  totalParts: number;
  started: number;
  confirmed: number;
  inFlight: number;
  resentBytes: number;
  /** Body bytes of content PUTs before and after the kill, beyond the file's size. */
  extraBytes: number;
  /** Re-sent bytes ÷ bytes of the parts in flight at the kill. */
  ratio: number;
}

export async function runResume(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { config } = ctx;
  const partSize = config.partSize;
  const fileBytes = Math.max(4, Math.round(config.resumeFileBytes / partSize)) * partSize;
  const folder = ctx.files.folder('resume');
  const path = join(folder, 'resume.bin');
  await writeLargeFile(path, fileBytes);

  const measurements = [];
  for (const start of [() => proxiedGcs(), () => proxiedAzurite(ctx)]) {
    const store = await start();
    try {
      const kills: Kill[] = [];
      for (let repetition = 0; repetition < config.repetitions; repetition++) {
        await restampFile(path);
        const kill = await killAndResume(ctx, store, path, fileBytes, `resume-${repetition}`);
        log(`  ${store.label}: ${JSON.stringify(kill)}`);
        kills.push(kill);
      }
      measurements.push({ provider: store.label, fileBytes, partSize, kills });
    } finally {
      await store.stop();
    }
  }

  const ratios = measurements.flatMap((entry) => entry.kills.map((kill) => kill.ratio));
  const ratio = Math.max(...ratios);
  const sum = (kills: Kill[], key: keyof Kill) => summarize(kills.map((kill) => kill[key]));
  return {
    id: 'resume',
    title: `Resume cost after SIGKILL (${sizeText(fileBytes)})`,
    ratio,
    ratioMeaning: 're-sent bytes ÷ bytes of the parts in flight at the kill, highest run',
    target: '≤ 1.0',
    met: ratio <= 1.0,
    measurements,
    table: {
      columns: [
        'provider',
        'parts confirmed at the kill (min / median / max)',
        'parts in flight at the kill',
        'MiB re-sent after the resume',
        'MiB sent beyond the file size, both processes',
        're-sent ÷ in flight',
      ],
      rows: measurements.map((entry) => [
        entry.provider,
        `${range(sum(entry.kills, 'confirmed'))} of ${entry.kills[0]!.totalParts}`,
        range(sum(entry.kills, 'inFlight')),
        range(summarize(entry.kills.map((kill) => kill.resentBytes / 1024 / 1024))),
        range(summarize(entry.kills.map((kill) => kill.extraBytes / 1024 / 1024))),
        range(sum(entry.kills, 'ratio'), 2),
      ]),
    },
    notes: [
      `Parts of ${mebibytes(partSize)}, ${config.concurrency} requests in flight, ${config.repetitions} kills per provider. The GCS double exercises the multipart path that S3 shares; Azurite exercises staged blocks.`,
      'A part whose PUT storage acknowledged just before the kill, but whose receipt the journal had not yet written, counts as in flight and is sent again.',
    ],
  };
}

async function killAndResume(
  ctx: ScenarioContext,
  store: ProxiedStore,
  path: string,
  fileBytes: number,
  name: string,
): Promise<Kill> {
  const { env, proxy } = store;
  const { partSize, concurrency } = ctx.config;
  const totalParts = fileBytes / partSize;
  proxy.resetStats();

  const child = startUploadChild({
    platformUrl: env.env.url,
    apiKey: env.apiKey,
    journalPath: env.journalPath,
    entity: TEAM,
    project: PROJECT,
    name,
    files: [{ localPath: path, logicalPath: 'resume.bin' }],
    multipartThreshold: partSize,
    partSize,
    maxRequestsInFlight: concurrency,
  });
  const transferId = await child.transferId;
  const fileId = await untilHalfConfirmed(env, transferId, totalParts);
  child.process.kill('SIGKILL');
  await child.exited;
  await proxy.waitForIdle();

  const before = contentPuts(proxy.stats().log);
  const started = before.length;
  const sentBefore = before.reduce((sum, record) => sum + record.requestBytes, 0);
  const confirmed = env.journal.confirmedParts(fileId).length;
  proxy.resetStats();

  const engine = env.engine({
    multipartThreshold: partSize,
    partSize,
    maxRequestsInFlight: concurrency,
  });
  engine.resume(transferId);
  const state = await engine.wait(transferId);
  if (state !== 'completed') throw new Error(`The resumed upload ${name} ended in state ${state}.`);

  let accepted = contentPuts(proxy.stats().log).filter((r) => r.status !== null && r.status < 300);
  if (store.endsWithBlockList) accepted = accepted.slice(0, -1);
  const sentAfter = accepted.reduce((sum, record) => sum + record.requestBytes, 0);
  const resentBytes = sentAfter - (totalParts - started) * partSize;
  const inFlight = started - confirmed;
  // With nothing in flight, any re-sent byte misses the target, so the ratio becomes infinite.
  let ratio = resentBytes === 0 ? 0 : Infinity;
  if (inFlight > 0) ratio = resentBytes / (inFlight * partSize);
  const extraBytes = sentBefore + sentAfter - fileBytes;
  return { totalParts, started, confirmed, inFlight, resentBytes, extraBytes, ratio };
}

/** Polls the journal until half the parts have receipts, and returns the file's id. */
async function untilHalfConfirmed(
  env: EngineEnv,
  transferId: string,
  totalParts: number,
): Promise<number> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const file = env.journal.getTransfer(transferId)?.files[0];
    if (file && env.journal.confirmedParts(file.id).length >= totalParts / 2) return file.id;
    await sleep(5);
  }
  throw new Error(
    `Transfer ${transferId} confirmed fewer than half of its ${totalParts} parts within 10 minutes.`,
  );
}

function contentPuts(log: ExchangeRecord[]): ExchangeRecord[] {
  return log.filter(
    (record) => record.method === 'PUT' && record.path.includes('/artifacts/content/'),
  );
}

/** Starts the GCS double behind a fault proxy, and a platform that signs URLs for the proxy. */
async function proxiedGcs(): Promise<ProxiedStore> {
  // The double logs every PUT that the kill cuts off as an error; those are expected here.
  const gcs: GcsDouble = await startGcsDouble({ logger: pino({ level: 'fatal' }) });
  gcs.createBucket('byob-bench-resume');
  const proxy = await startFaultProxy({ upstream: gcs.endpoint });
  const account = gcs.serviceAccount;
  const env = await startEngineEnv({
    instanceBucket: parseStorageAddress(
      `gs://${encodeURIComponent(account.client_email)}:${encodeURIComponent(account.private_key)}@byob-bench-resume?endpoint=${encodeURIComponent(proxy.url)}`,
    ),
  });
  return {
    label: 'GCS (test double)',
    env,
    proxy,
    endsWithBlockList: false,
    async stop() {
      await env.stop();
      await proxy.stop();
      await gcs.stop();
    },
  };
}

/** Puts the run's Azurite behind a fault proxy and starts a second platform that signs URLs for the proxy. */
async function proxiedAzurite(ctx: ScenarioContext): Promise<ProxiedStore> {
  const base = (await ctx.standIns.get('azure')).env.env;
  const proxy = await startFaultProxy({ upstream: new URL(base.azurite.endpoint).origin });
  const env = await startEngineEnv({
    instanceBucket: {
      provider: 'azure',
      accountName: base.azurite.account,
      accountKey: base.azurite.accountKey,
      container: base.container,
      path: 'resume',
      endpoint: `${proxy.url}/${base.azurite.account}`,
    },
  });
  return {
    label: 'Azure Blob (Azurite)',
    env,
    proxy,
    endsWithBlockList: true,
    async stop() {
      await env.stop();
      await proxy.stop();
    },
  };
}
