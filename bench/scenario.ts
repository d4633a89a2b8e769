// The context every scenario receives from the runner.

import type { BenchConfig } from './config';
import type { BenchFiles } from './files';
import type { ProviderId, StandIns } from './stand-ins';

export interface ScenarioContext {
  config: BenchConfig;
  standIns: StandIns;
  files: BenchFiles;
  /**
   * Peak RSS samples of the engine's child process by file size, then by provider. Scenario 1
   * adds those of its large file, so the memory scenario runs only the smaller size itself.
   */
  engineRss: Map<number, Map<ProviderId, number[]>>;
}

/** Adds a peak RSS sample of an engine upload of `fileBytes` on `provider`. */
export function recordEngineRss(
  ctx: ScenarioContext,
  fileBytes: number,
  provider: ProviderId,
  rssBytes: number,
): void {
  let bySize = ctx.engineRss.get(fileBytes);
  if (!bySize) ctx.engineRss.set(fileBytes, (bySize = new Map()));
  bySize.set(provider, [...(bySize.get(provider) ?? []), rssBytes]);
}
