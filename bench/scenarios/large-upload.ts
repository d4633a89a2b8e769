// Scenario 1: one large file up. The engine goes through the platform's pre-signed URLs. The
// baselines hold the bucket's credentials and sign locally, at the same part size and
// concurrency: lib-storage Upload on Ceph and uploadFile on Azurite. The GCS double has no SDK
// baseline because @google-cloud/storage uploads through the JSON API, which the double lacks,
// so it reports the engine alone.

import { join } from 'node:path';

import type { EngineUploadResult } from '../children/engine-upload';
import type { ChildTiming } from '../children/spawn';
import { storeCpuText, type Measured } from '../cpu';
import { restampFile, writeLargeFile } from '../files';
import {
  alternate,
  megabytesPerSecond,
  phaseText,
  ratioOf,
  summarize,
  type Summary,
} from '../measure';
import {
  mebibytes,
  range,
  ratioText,
  sizeText,
  type ScenarioResult,
  repetitionsText,
} from '../results';
import { recordEngineRss, type ScenarioContext } from '../scenario';
import type { Provider } from '../stand-ins';
import { engineUpload, sdkLargeUpload } from '../uploads';

interface ProviderRun {
  provider: Provider;
  engine: Measured<EngineUploadResult>[];
  sdk: Measured<ChildTiming>[];
}

export async function runLargeUpload(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { config } = ctx;
  const folder = ctx.files.folder('large-upload');
  const path = join(folder, 'large.bin');
  await writeLargeFile(path, config.largeFileBytes);

  const runs: ProviderRun[] = [];
  for (const id of ctx.config.providers) {
    const provider = await ctx.standIns.get(id);
    runs.push(await measureProvider(ctx, provider, folder, path));
  }

  const measurements = runs.map((run) => describeRun(ctx, run));
  const ratios = measurements.flatMap((entry) => (entry.ratio === null ? [] : [entry.ratio]));
  const ratio = ratios.length > 0 ? Math.min(...ratios) : null;
  return {
    id: 'large-upload',
    title: `One large file up (${sizeText(config.largeFileBytes)})`,
    ratio,
    ratioMeaning: 'engine MB/s ÷ SDK MB/s (medians), lowest provider',
    target: '≥ 1.0 on each provider (aim: 1.2)',
    met: ratio === null ? null : ratio >= 1.0,
    measurements,
    table: {
      columns: [
        'provider',
        'engine MB/s (min / median / max)',
        'SDK MB/s (min / median / max)',
        'engine ÷ SDK',
        'engine phases, median s: prepare / send / commit',
        'peak RSS engine / SDK (max)',
        'store CPU s per run, engine / SDK (median)',
      ],
      rows: measurements.map((entry) => [
        entry.provider,
        range(entry.engineMBps),
        range(entry.sdkMBps ?? undefined),
        ratioText(entry.ratio),
        entry.phases,
        `${mebibytes(entry.engineMaxRssBytes)} / ${entry.sdkMaxRssBytes === null ? 'n/a' : mebibytes(entry.sdkMaxRssBytes)}`,
        entry.storeCpu,
      ]),
    },
    notes: [
      `Part size ${mebibytes(config.partSize)}, ${config.concurrency} requests in flight on both sides, ${repetitionsText(config.repetitions)} alternating engine and SDK. The engine's multipart threshold is set to the part size (its default is 2 GiB).`,
      'The SDK baselines: lib-storage Upload with default S3Client settings (CRC32 checksums on each part), and BlockBlobClient.uploadFile with blockSize and concurrency as above and maxSingleShotSize equal to the part size.',
      'Each engine time runs from uploadArtifact to the committed version. Prepare: listing, hashing (whole-file MD5 and one MD5 per part), createArtifact and the part URLs. Send: the PUTs with Content-MD5 and the multipart completion, which on the GCS double includes the double copying the parts into one file. Commit: the manifest and commitArtifact.',
      ...causeNotes(measurements),
    ],
  };
}

/** Explains a missed target from this run's phase times. */
function causeNotes(measurements: ReturnType<typeof describeRun>[]): string[] {
  const missed = measurements.filter((entry) => entry.ratio !== null && entry.ratio < 1.0);
  if (missed.length === 0) return [];
  const details = missed.map((entry) => {
    const sendOnly = entry.sdkSeconds!.median / entry.sendSeconds;
    return `on ${entry.provider} prepare takes ${entry.prepareSeconds.toFixed(2)} s of ${entry.engineSeconds.median.toFixed(2)} s, and the send phase alone runs at ${sendOnly.toFixed(2)}× the SDK's rate`;
  });
  return [
    `Cause of the miss, measured by the phases above: ${details.join('; ')}. Nearly all of prepare is hashing: one worker computes the whole-file MD5 while a second computes the part MD5s (electron/engine/hashing/two-pass.ts), so prepare lasts about one MD5 pass over the file.`,
    'Hashing cannot overlap sending within an artifact: createArtifact needs the manifest digest of every file, and the platform names each object by its MD5, so no URL exists before the hashes. The SDK baselines hash nothing before they send.',
  ];
}

async function measureProvider(
  ctx: ScenarioContext,
  provider: Provider,
  folder: string,
  path: string,
): Promise<ProviderRun> {
  const contenders = [
    {
      name: `engine on ${provider.id}`,
      run: async (repetition: number) => {
        const result = await engineUpload(
          provider,
          ctx.config,
          ctx.files,
          folder,
          `large-${repetition}`,
        );
        await provider.clear();
        return result;
      },
    },
  ];
  const baseline = provider.sdkTarget
    ? {
        name: `SDK on ${provider.id}`,
        run: async (repetition: number) => {
          const result = await sdkLargeUpload(
            provider,
            ctx.config,
            path,
            `sdk/large-${repetition}.bin`,
          );
          await provider.clear();
          return result;
        },
      }
    : null;

  const results = await alternate<Measured<ChildTiming>>(
    ctx.config.repetitions,
    baseline ? [...contenders, baseline] : contenders,
    () => restampFile(path),
  );
  const engine = results.get(contenders[0]!.name) as Measured<EngineUploadResult>[];
  for (const result of engine) {
    recordEngineRss(ctx, ctx.config.largeFileBytes, provider.id, result.maxRssBytes);
  }
  return { provider, engine, sdk: baseline ? results.get(baseline.name)! : [] };
}

function describeRun(ctx: ScenarioContext, run: ProviderRun) {
  const bytes = ctx.config.largeFileBytes;
  const rate = (results: ChildTiming[]): Summary | undefined =>
    results.length === 0
      ? undefined
      : summarize(results.map((r) => megabytesPerSecond(bytes, r.seconds)));
  const engineMBps = rate(run.engine);
  const sdkMBps = rate(run.sdk);

  return {
    provider: run.provider.label,
    providerId: run.provider.id,
    fileBytes: bytes,
    engineSeconds: summarize(run.engine.map((result) => result.seconds)),
    sdkSeconds: run.sdk.length === 0 ? null : summarize(run.sdk.map((result) => result.seconds)),
    engineMBps: engineMBps!,
    sdkMBps: sdkMBps ?? null,
    ratio: ratioOf(engineMBps, sdkMBps),
    phases: phaseText(run.engine),
    storeCpu: `${storeCpuText(run.engine)} / ${run.sdk.length === 0 ? 'n/a' : storeCpuText(run.sdk)}`,
    prepareSeconds: summarize(run.engine.map((result) => result.phases.prepare)).median,
    sendSeconds: summarize(run.engine.map((result) => result.phases.send)).median,
    engineMaxRssBytes: Math.max(...run.engine.map((result) => result.maxRssBytes)),
    sdkMaxRssBytes:
      run.sdk.length === 0 ? null : Math.max(...run.sdk.map((result) => result.maxRssBytes)),
  };
}
