// `byob artifact` and `byob run` end to end against a test platform on Azurite: a real
// package folder with many small files goes up and comes back byte-identical.

import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../support/platform-cli';
import { PROJECT, startCliEnv, TEAM, type CliEnv } from './fixture';

/** A package folder of about 200 small files. */
const PACKAGE = join(REPO_ROOT, 'node_modules', 'pino');

/** Reads every file under `root` into a map keyed by its `/`-separated relative path. */
function readTree(root: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path).split('\\').join('/')] = readFileSync(path);
  }
  return files;
}

describe('byob transfers end to end', () => {
  let cli: CliEnv;
  let env: Record<string, string>;

  beforeAll(async () => {
    cli = await startCliEnv();
    env = { WANDB_BASE_URL: cli.platform.url, WANDB_API_KEY: cli.keys.alice };
  });

  afterAll(async () => {
    await cli?.stop();
  });

  it('puts a package folder', async () => {
    const result = await cli.run(
      [
        'artifact',
        'put',
        PACKAGE,
        '--name',
        `${TEAM}/${PROJECT}/pino:first`,
        '--type',
        'code',
        '--alias',
        'pkg',
      ],
      { env },
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const local = readTree(PACKAGE);
    expect(result.stdout).toContain(`Completed transfer`);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('uploaded '))).toHaveLength(
      Object.keys(local).length,
    );

    const remote = await cli.readBack('pino');
    expect(Object.keys(remote).sort()).toEqual(Object.keys(local).sort());
    for (const [name, bytes] of Object.entries(local))
      expect(remote[name]!.equals(bytes), name).toBe(true);
  });

  it('lists collections and versions', async () => {
    const collections = await cli.run(['artifact', 'ls', `${TEAM}/${PROJECT}`], { env });
    expect(collections.code).toBe(0);
    expect(collections.stdout).toMatch(new RegExp(`^${TEAM}/${PROJECT}/pino +code `, 'm'));

    const versions = await cli.run(['artifact', 'ls', `${TEAM}/${PROJECT}/pino`], { env });
    expect(versions.code).toBe(0);
    const line = versions.stdout
      .split('\n')
      .find((text) => text.startsWith(`${TEAM}/${PROJECT}/pino:v0`));
    expect(line).toBeDefined();
    for (const alias of ['first', 'pkg', 'latest']) expect(line).toContain(alias);
  });

  it('gets a version byte-identical', async () => {
    const result = await cli.run(['artifact', 'get', `${TEAM}/${PROJECT}/pino:pkg`], { env });

    expect(result.code).toBe(0);
    const downloaded = readTree(join(cli.dir, 'artifacts', 'pino:v0'));
    const local = readTree(PACKAGE);
    expect(Object.keys(downloaded).sort()).toEqual(Object.keys(local).sort());
    for (const [name, bytes] of Object.entries(local))
      expect(downloaded[name]!.equals(bytes), name).toBe(true);
  });

  it('prints parseable NDJSON with --json', async () => {
    cli.writeLocal('json/a.txt', 'alpha');
    cli.writeLocal('json/b/c.txt', 'gamma');
    symlinkSync(
      join(cli.dir, 'files', 'json', 'missing-target'),
      join(cli.dir, 'files', 'json', 'broken-link'),
    );

    const result = await cli.run(
      [
        'artifact',
        'put',
        join(cli.dir, 'files', 'json'),
        '--name',
        `${TEAM}/${PROJECT}/json`,
        '--type',
        'dataset',
        '--json',
      ],
      { env },
    );

    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; [key: string]: unknown });
    expect(events[0]).toMatchObject({
      event: 'started',
      kind: 'upload-artifact',
      target: `${TEAM}/${PROJECT}/json`,
    });
    expect(events.at(-1)).toMatchObject({
      event: 'summary',
      state: 'completed',
      totalFiles: 2,
      resumeCommand: null,
    });
    expect(events.filter((event) => event.event === 'skip')).toMatchObject([
      { reason: 'not-found' },
    ]);
    const done = events.filter((event) => event.event === 'state' && event.state === 'done');
    expect(done.map((event) => event.logicalPath).sort()).toEqual(['a.txt', 'b/c.txt']);
    expect(events.some((event) => event.event === 'progress')).toBe(true);
  });

  it('puts, lists and gets run files', async () => {
    cli.writeLocal('run/metrics.json', '{"loss": 0.1}');
    cli.writeLocal('run/ckpt/model.bin', Buffer.alloc(4096, 7));
    const run = `${TEAM}/${PROJECT}/run-1`;

    const put = await cli.run(['run', 'put', join(cli.dir, 'files', 'run'), '--run', run], { env });
    expect(put.code).toBe(0);

    const runs = await cli.run(['run', 'ls', `${TEAM}/${PROJECT}`], { env });
    expect(runs.stdout).toContain(run);
    const files = await cli.run(['run', 'ls', run], { env });
    expect(files.stdout).toMatch(/^ckpt\/model\.bin +4 KiB/m);
    expect(files.stdout).toMatch(/^metrics\.json /m);

    const get = await cli.run(
      ['run', 'get', run, 'metrics.json', '--root', join(cli.dir, 'run-copy')],
      { env },
    );
    expect(get.code).toBe(0);
    expect(readTree(join(cli.dir, 'run-copy'))).toEqual({
      'metrics.json': Buffer.from('{"loss": 0.1}'),
    });
    const summary = /^Completed transfer (\S+) \(download-run-files .*\): 1 file, /m.exec(
      get.stdout,
    );
    expect(summary, get.stdout).not.toBeNull();
    const show = await cli.run(['transfers', 'show', summary![1]!], { env });
    expect(show.stdout).toMatch(/^only +metrics\.json$/m);
  });

  it('lists entities, projects and contents', async () => {
    const entities = await cli.run(['ls'], { env });
    expect(entities.stdout).toMatch(/^alice +user$/m);
    expect(entities.stdout).toMatch(new RegExp(`^${TEAM} +team$`, 'm'));

    const projects = await cli.run(['ls', TEAM], { env });
    expect(projects.stdout).toContain(`${TEAM}/${PROJECT}`);

    const contents = await cli.run(['ls', `${TEAM}/${PROJECT}`], { env });
    expect(contents.stdout).toContain('Artifacts:');
    expect(contents.stdout).toContain(`${TEAM}/${PROJECT}/pino`);
    expect(contents.stdout).toContain(`${TEAM}/${PROJECT}/run-1`);
  });

  it('shows one transfer', async () => {
    const list = await cli.run(['transfers', 'list', '--all', '--json'], { env });
    const first = JSON.parse(list.stdout.trim().split('\n').at(-1)!) as { id: string };
    const show = await cli.run(['transfers', 'show', first.id], { env });

    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`^id +${first.id}$`, 'm'));
    expect(show.stdout).toMatch(/^kind +upload-artifact$/m);
    expect(show.stdout).toMatch(/^state +completed$/m);
    expect(show.stdout).toMatch(new RegExp(`^target +${TEAM}/${PROJECT}/pino$`, 'm'));
    expect(show.stdout).toMatch(/^files +\d+ \(\d+ done\)$/m);
  });

  it('lists finished transfers with --all', async () => {
    const unfinished = await cli.run(['transfers', 'list'], { env });
    expect(unfinished.stdout).toContain('No unfinished transfers');

    const all = await cli.run(['transfers', 'list', '--all', '--json'], { env });
    const records = all.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; state: string });
    expect(records.every((record) => record.state === 'completed')).toBe(true);
    expect(new Set(records.map((record) => record.kind))).toEqual(
      new Set(['upload-artifact', 'download-artifact', 'upload-run-files', 'download-run-files']),
    );
  });
});
