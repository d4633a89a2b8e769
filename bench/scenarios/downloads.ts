// Scenario 3: large and many-small downloads. The engine uploads one large file and one folder
// of small files as two artifacts (not measured), then each measured run downloads one of
// them into an empty folder. The engine fetches through the platform's download URLs, in
// parallel ranges for the large file, and checks every file's MD5. The SDK baselines read the
// same objects with the bucket's credentials and check nothing: GetObject on Ceph and
// downloadToFile on Azurite, looped through p-queue for the small files.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { EngineDownloadRequest, EngineDownloadResult } from '../children/engine-download';
import type { SdkDownloadRequest } from '../children/sdk-download';
import { runChild, type ChildTiming } from '../children/spawn';
import { storeCpuText, withCpu, type Measured } from '../cpu';
import { writeLargeFile, writeSmallFiles } from '../files';
import { alternate, log, phaseText, ratioOf, summarize, type Contender } from '../measure';
import {
  mebibytes,
  range,
  ratioText,
  sizeText,
  type ScenarioResult,
  repetitionsText,
} from '../results';
import type { ScenarioContext } from '../scenario';
import type { Provider } from '../stand-ins';
import { PROJECT, TEAM } from '../../test/electron/engine/upload/fixture';
import { engineUpload } from '../uploads';

type Kind = 'large' | 'small';

export async function runDownloads(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { config } = ctx;
  const largeFolder = ctx.files.folder('download-large-source');
  await writeLargeFile(join(largeFolder, 'large.bin'), config.largeFileBytes);
  const smallFolder = ctx.files.folder('download-small-source');
  await writeSmallFiles(smallFolder, config.smallFileCount, config.smallFileBytes);

  const measurements = [];
  for (const id of config.providers) {
    const provider = await ctx.standIns.get(id);
    const keys = await uploadSources(ctx, provider, largeFolder, smallFolder);
    for (const kind of ['large', 'small'] as const) {
      const units = kind === 'large' ? config.largeFileBytes / 1e6 : config.smallFileCount;
      log(`${kind} download on ${id}`);
      const results = await alternate<Measured<ChildTiming>>(
        config.repetitions,
        contenders(ctx, provider, kind, keys[kind]),
      );
      const rate = (timings: ChildTiming[] | undefined) =>
        timings && timings.length > 0
          ? summarize(timings.map((timing) => units / timing.seconds))
          : undefined;
      const engine = rate(results.get('engine'))!;
      const sdk = rate(results.get('SDK'));
      measurements.push({
        provider: provider.label,
        providerId: id,
        kind,
        unit: kind === 'large' ? 'MB/s' : 'files/s',
        engine,
        sdk: sdk ?? null,
        ratio: ratioOf(engine, sdk),
        engineMaxRssBytes: Math.max(...results.get('engine')!.map((timing) => timing.maxRssBytes)),
        enginePhases: phaseText(results.get('engine') as Measured<EngineDownloadResult>[]),
        storeCpu: `${storeCpuText(results.get('engine')!)} / ${results.has('SDK') ? storeCpuText(results.get('SDK')!) : 'n/a'}`,
      });
    }
    await provider.clear();
  }

  const ratios = measurements.flatMap((entry) => (entry.ratio === null ? [] : [entry.ratio]));
  const ratio = ratios.length > 0 ? Math.min(...ratios) : null;
  const describeSource = (kind: Kind) =>
    kind === 'large'
      ? `${sizeText(config.largeFileBytes)} file`
      : `${config.smallFileCount.toLocaleString('en')} × ${config.smallFileBytes / 1024} KiB`;
  return {
    id: 'downloads',
    title: `Large and many-small downloads (${describeSource('large')}; ${describeSource('small')})`,
    ratio,
    ratioMeaning: 'engine rate ÷ SDK rate (medians), lowest provider and kind',
    target: 'none set (1.0 means as fast as the SDK)',
    met: null,
    measurements,
    table: {
      columns: [
        'provider',
        'download',
        'engine (min / median / max)',
        'SDK (min / median / max)',
        'engine ÷ SDK',
        'engine phases, median s: prepare / fetch / verify',
        'engine peak RSS',
        'store CPU s per run, engine / SDK (median)',
      ],
      rows: measurements.map((entry) => [
        entry.provider,
        `${describeSource(entry.kind)}, ${entry.unit}`,
        range(entry.engine),
        range(entry.sdk ?? undefined),
        ratioText(entry.ratio),
        entry.enginePhases,
        mebibytes(entry.engineMaxRssBytes),
        entry.storeCpu,
      ]),
    },
    notes: [
      `The engine fetches files of ${mebibytes(config.partSize)} and more in ranges of ${mebibytes(config.partSize)}, ${config.concurrency} requests in flight; the SDK loops run ${config.concurrency} objects at once. ${repetitionsText(config.repetitions)} alternate engine and SDK, each into a new empty folder.`,
      "The engine's time includes listing the version's files through the platform and the MD5 check of every file after it is written; the SDK loops receive the list of object keys before the clock starts.",
      'Work the engine does for crash safety and the SDK calls do not (electron/engine/download/): each file goes to a `.part` file that is synced to disk at checkpoints and after each range, each state change is a journal commit, and the MD5 is checked before the rename. The MD5 is computed while the bytes arrive (ranges in file order on a hashing worker), so verify waits only for the ranges that finish last; a resumed file is read again in full.',
    ],
  };
}

/** Uploads both sources as artifacts and returns the object keys of each (none on the GCS double). */
async function uploadSources(
  ctx: ScenarioContext,
  provider: Provider,
  largeFolder: string,
  smallFolder: string,
): Promise<Record<Kind, string[]>> {
  await provider.clear();
  // Content that an earlier scenario left in the bucket is not part of either artifact.
  const earlier = new Set(contentKeys(await provider.listKeys()));
  await engineUpload(provider, ctx.config, ctx.files, largeFolder, 'download-large');
  const large = contentKeys(await provider.listKeys()).filter((key) => !earlier.has(key));
  for (const key of large) earlier.add(key);
  await engineUpload(provider, ctx.config, ctx.files, smallFolder, 'download-small');
  const small = contentKeys(await provider.listKeys()).filter((key) => !earlier.has(key));
  return { large, small };
}

/** Keys of file content; manifests live under another prefix. */
function contentKeys(keys: string[]): string[] {
  return keys.filter((key) => key.includes('/artifacts/content/'));
}

function contenders(
  ctx: ScenarioContext,
  provider: Provider,
  kind: Kind,
  keys: string[],
): Contender<Measured<ChildTiming>>[] {
  const { config } = ctx;
  const inEmptyFolder = async (run: (root: string) => Promise<ChildTiming>) => {
    const root = mkdtempSync(join(ctx.files.root, `download-${kind}-`));
    try {
      return await withCpu(provider.storePids, () => run(root));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  const engine: Contender<Measured<ChildTiming>> = {
    name: 'engine',
    run: (repetition) =>
      inEmptyFolder((root) => {
        const request: EngineDownloadRequest = {
          platformUrl: provider.env.env.url,
          apiKey: provider.env.apiKey,
          journalPath: join(
            ctx.files.folder(`journal-download-${kind}-${repetition}`),
            'journal.sqlite',
          ),
          entity: TEAM,
          project: PROJECT,
          name: `download-${kind}`,
          root,
          rangeSize: config.partSize,
          parallelThreshold: config.partSize,
          maxRequestsInFlight: config.concurrency,
        };
        return runChild<EngineDownloadResult>('engine-download.ts', request);
      }),
  };
  if (!provider.sdkTarget) return [engine];

  const keysPath = join(ctx.files.root, `keys-${provider.id}-${kind}.json`);
  writeFileSync(keysPath, JSON.stringify(keys));
  const sdk: Contender<Measured<ChildTiming>> = {
    name: 'SDK',
    run: () =>
      inEmptyFolder((root) => {
        const request: SdkDownloadRequest = {
          target: provider.sdkTarget!,
          keysPath,
          root,
          concurrency: config.concurrency,
        };
        return runChild<ChildTiming>('sdk-download.ts', request);
      }),
  };
  return [engine, sdk];
}
