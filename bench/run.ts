// `npm run bench`: runs the selected scenarios one after another against local stand-ins,
// then regenerates RESULTS.md and results.json. A scenario that fails is reported as failed
// and the others still run; the exit status is 1 when any failed.

import { fileURLToPath } from 'node:url';

import { parseBenchArgs, type ScenarioId } from './config';
import { BenchFiles } from './files';
import { describeMachine, LoadSampler } from './machine';
import { log } from './measure';
import { writeReport } from './report';
import { failedScenario, type ScenarioResult } from './results';
import type { ScenarioContext } from './scenario';
import { runDownloads } from './scenarios/downloads';
import { runHashing } from './scenarios/hashing';
import { runLargeUpload } from './scenarios/large-upload';
import { runMemory } from './scenarios/memory';
import { runResume } from './scenarios/resume';
import { runSmallUpload } from './scenarios/small-upload';
import { StandIns } from './stand-ins';
import { warmUpProvider } from './uploads';

const SCENARIOS: Record<
  ScenarioId,
  { title: string; run: (ctx: ScenarioContext) => Promise<ScenarioResult> }
> = {
  'large-upload': { title: 'One large file up', run: runLargeUpload },
  'small-upload': { title: 'Many small files up', run: runSmallUpload },
  downloads: { title: 'Large and many-small downloads', run: runDownloads },
  memory: { title: 'Memory of the engine process', run: runMemory },
  hashing: { title: 'Hashing', run: runHashing },
  resume: { title: 'Resume cost after SIGKILL', run: runResume },
};

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const config = parseBenchArgs(process.argv.slice(2), benchDir);
const command = [
  'npm run bench',
  ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
].join(' ');
log(`mode ${config.mode}, scenarios ${config.scenarios.join(', ')}`);

const load = new LoadSampler();
const started = new Date();
const files = new BenchFiles();
const standIns = new StandIns(config, (provider) => warmUpProvider(provider, config, files));
const ctx: ScenarioContext = { config, standIns, files, engineRss: new Map() };
const results: ScenarioResult[] = [];

try {
  for (const id of config.scenarios) {
    const scenario = SCENARIOS[id];
    log(`scenario ${id}: ${scenario.title}`);
    try {
      results.push(await scenario.run(ctx));
    } catch (error) {
      log(`scenario ${id} failed: ${(error as Error).stack ?? String(error)}`);
      results.push(failedScenario(id, scenario.title, error));
    }
  }
} finally {
  await standIns
    .stopAll()
    .catch((error: unknown) => log(`stopping the stand-ins failed: ${String(error)}`));
  files.remove();
}

const machine = await describeMachine({ started, command, mode: config.mode, load: load.stop() });
const written = await writeReport(config.resultsDir, machine, results);
log(`wrote ${written.join(' and ')}`);
if (results.some((result) => result.error !== undefined)) process.exitCode = 1;
