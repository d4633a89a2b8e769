// Scenario 4: peak RSS of the engine's process at two file sizes. The figures of the large
// size come from scenario 1 when it ran before in the same run, and this scenario runs the
// smaller size, plus the large one when scenario 1 did not run. The engine reads each part
// through a 64 KiB stream and never buffers a whole part, so its peak should not grow with
// the file.

import { join } from 'node:path';

import { restampFile, writeLargeFile } from '../files';
import { log } from '../measure';
import { mebibytes, sizeText, type ScenarioResult } from '../results';
import { recordEngineRss, type ScenarioContext } from '../scenario';
import type { ProviderId } from '../stand-ins';
import { engineUpload } from '../uploads';

/** Peak RSS the engine's process may reach at any file size. */
const LIMIT_BYTES = 300 * 1e6;

export async function runMemory(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { config } = ctx;
  const small = config.memoryFileBytes;
  const large = config.largeFileBytes;
  const sizes = ctx.engineRss.has(large) ? [small] : [small, large];

  for (const size of sizes) {
    const folder = ctx.files.folder(`memory-${size}`);
    const path = join(folder, 'memory.bin');
    await writeLargeFile(path, size);
    for (const id of ctx.config.providers) {
      const provider = await ctx.standIns.get(id);
      for (let repetition = 0; repetition < config.repetitions; repetition++) {
        await restampFile(path);
        const result = await engineUpload(
          provider,
          config,
          ctx.files,
          folder,
          `memory-${size}-${repetition}`,
        );
        await provider.clear();
        log(`  engine on ${id}, ${sizeText(size)}: peak RSS ${mebibytes(result.maxRssBytes)}`);
        recordEngineRss(ctx, size, id, result.maxRssBytes);
      }
    }
  }

  const peak = (size: number, id: ProviderId) =>
    Math.max(...(ctx.engineRss.get(size)?.get(id) ?? [NaN]));
  const measurements = ctx.config.providers.map((id) => ({
    providerId: id,
    smallFileBytes: small,
    largeFileBytes: large,
    smallPeakRssBytes: peak(small, id),
    largePeakRssBytes: peak(large, id),
    growth: peak(large, id) / peak(small, id),
  }));
  const growth = Math.max(...measurements.map((entry) => entry.growth));
  const highest = Math.max(
    ...measurements.map((entry) => Math.max(entry.smallPeakRssBytes, entry.largePeakRssBytes)),
  );
  const met = highest <= LIMIT_BYTES && growth <= 1.1;

  return {
    id: 'memory',
    title: `Memory of the engine process (${sizeText(small)} and ${sizeText(large)})`,
    ratio: growth,
    ratioMeaning: `peak RSS at ${sizeText(large)} ÷ peak RSS at ${sizeText(small)}, highest provider`,
    target: '≤ 1.1 (flat), and every peak ≤ 300 MB',
    met,
    measurements,
    table: {
      columns: [
        'provider',
        `peak RSS, ${sizeText(small)}`,
        `peak RSS, ${sizeText(large)}`,
        'ratio',
      ],
      rows: measurements.map((entry) => [
        entry.providerId,
        mebibytes(entry.smallPeakRssBytes),
        mebibytes(entry.largePeakRssBytes),
        entry.growth.toFixed(2),
      ]),
    },
    notes: [
      `Highest peak of any run: ${(highest / 1e6).toFixed(0)} MB. Each figure is the maximum over ${config.repetitions} runs of process.resourceUsage().maxRSS in the engine's child process, worker threads included.`,
      `Byte budget of parts in flight: ${config.concurrency} requests × ${mebibytes(config.partSize)} parts; the engine streams each part from disk, so the budget bounds bytes on the network, not bytes in memory.`,
    ],
  };
}
