// Writes bench/RESULTS.md and bench/results.json from one run. Both files are regenerated
// as a whole by every run, so hand edits are lost. They go through Prettier with the
// repository's settings, so `npm run format:check` accepts them as written.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import * as prettier from 'prettier';

import type { MachineInfo } from './machine';
import { ratioText, type ScenarioResult, type Table } from './results';

/** Average cores used by other processes above which the report marks the machine as busy. */
const BUSY_OTHER_CORES = 0.2;

export async function writeReport(
  dir: string,
  machine: MachineInfo,
  results: ScenarioResult[],
): Promise<string[]> {
  const jsonPath = join(dir, 'results.json');
  const markdownPath = join(dir, 'RESULTS.md');
  await mkdir(dir, { recursive: true });
  const json = JSON.stringify({ run: machine, scenarios: results }, null, 2);
  await writeFile(jsonPath, await formatted(jsonPath, json));
  await writeFile(markdownPath, await formatted(markdownPath, renderMarkdown(machine, results)));
  return [markdownPath, jsonPath];
}

async function formatted(path: string, text: string): Promise<string> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}

function renderMarkdown(machine: MachineInfo, results: ScenarioResult[]): string {
  const lines = [
    '# Benchmark results',
    '',
    '`npm run bench` (quick) or `npm run bench -- --full` regenerates this page and `results.json`',
    'from `bench/run.ts`. Each scenario runs the engine and its baseline against the same local',
    'stand-in in the same run, alternating, and the headline of each is a ratio of the two:',
    'absolute figures on a shared machine change from run to run, ratios much less.',
    '',
    ...renderRun(machine),
    '## Summary',
    '',
    ...renderTable({
      columns: ['scenario', 'ratio', 'what the ratio divides', 'target', 'met'],
      rows: results.map((result) => [
        `[${result.title}](#${anchor(result.title)})`,
        result.error === undefined ? ratioText(result.ratio) : 'failed',
        result.ratioMeaning,
        result.target,
        verdictText(result, { met: 'yes', missed: '**no**', none: 'n/a' }),
      ]),
    }),
    '',
  ];

  for (const result of results) lines.push(...renderScenario(result));
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderRun(machine: MachineInfo): string[] {
  const { load } = machine;
  const packages = Object.entries(machine.packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const rows = [
    ['date', machine.date],
    ['command', `\`${machine.command}\` (mode ${machine.mode})`],
    ['machine', `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory`],
    ['system', `${machine.os}, Linux ${machine.kernel}`],
    ['Node.js', machine.node],
    ['packages', packages],
    ['Ceph', machine.ceph],
    ['OpenSSL', machine.openssl],
    ['commit', machine.commit],
    ['run time', `${(load.seconds / 60).toFixed(1)} min`],
    ['CPU use', cpuUse(machine)],
  ];
  const lines = ['## Run', '', ...renderTable({ columns: ['item', 'value'], rows }), ''];
  if (load.otherCores !== null && load.otherCores > BUSY_OTHER_CORES) {
    lines.push(
      `Other processes were running during this run: they kept ${load.otherCores.toFixed(2)} of the ${machine.cores} cores busy on average, so absolute figures are lower than on an idle machine.`,
      '',
    );
  }
  return lines;
}

function cpuUse(machine: MachineInfo): string {
  const { load } = machine;
  const cores = (value: number | null) => (value === null ? 'n/a' : value.toFixed(2));
  return (
    `whole machine ${cores(load.machineCores)} cores on average, this run and its children ` +
    `${cores(load.runCores)}, other processes ${cores(load.otherCores)}; load average ` +
    `${load.loadAverageStart.toFixed(2)} at the start, ${load.loadAverageEnd.toFixed(2)} at the end`
  );
}

function renderScenario(result: ScenarioResult): string[] {
  const lines = [`## ${result.title}`, ''];
  if (result.error !== undefined) {
    lines.push(`This scenario failed: ${result.error}`, '');
    return lines;
  }

  const verdict = verdictText(result, { met: ' (met)', missed: ' (**missed**)', none: '' });
  lines.push(
    `**Ratio ${ratioText(result.ratio)}**: ${result.ratioMeaning}. Target ${result.target}${verdict}.`,
    '',
    ...renderTable(result.table),
    '',
  );
  for (const note of result.notes) lines.push(`- ${note}`);
  if (result.notes.length > 0) lines.push('');
  return lines;
}

/** Picks the text for a met, missed or absent target. */
function verdictText(result: ScenarioResult, texts: { met: string; missed: string; none: string }) {
  if (result.met === null) return texts.none;
  return result.met ? texts.met : texts.missed;
}

function renderTable(table: Table): string[] {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${table.columns.map(escape).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ];
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}
