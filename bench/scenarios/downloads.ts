// Scenario 3: large and many-small downloads, engine against the SDKs.

import type { ScenarioResult } from '../results';
import type { ScenarioContext } from '../scenario';

export async function runDownloads(_ctx: ScenarioContext): Promise<ScenarioResult> {
  throw new Error('not built yet');
}
