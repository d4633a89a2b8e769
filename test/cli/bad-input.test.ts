// Invalid input ends with one line on stderr, exit code 2 for usage errors or 1 for failed
// operations, and no transfer in the journal: every check runs before a transfer is created.

import { chmodSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OTHER_TEAM, PROJECT, startCliEnv, TEAM, type CliEnv } from './fixture';

/** Returns a 127.0.0.1 port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Returns the arguments of `byob artifact put LOCAL --name NAME --type dataset`, then `extra`. */
function putDataset(localPath: string, name: string, ...extra: string[]): string[] {
  return ['artifact', 'put', localPath, '--name', name, '--type', 'dataset', ...extra];
}

describe('byob bad input', () => {
  let cli: CliEnv;
  let env: Record<string, string>;
  let file: string;
  let locked: string;
  let downHost: string;

  beforeAll(async () => {
    cli = await startCliEnv();
    env = { WANDB_BASE_URL: cli.platform.url, WANDB_API_KEY: cli.keys.alice };
    file = cli.writeLocal('ok.txt', 'fine');
    locked = cli.writeLocal('locked.txt', 'secret');
    chmodSync(locked, 0o000);
    downHost = `http://127.0.0.1:${await closedPort()}`;
  });

  afterAll(async () => {
    await cli?.stop();
  });

  /** Every case: arguments, expected exit code and a piece of the one stderr line. */
  const cases: {
    name: string;
    args: () => string[];
    code: number;
    message: RegExp;
    /** Root reads files whatever their mode, so the unreadable-file case needs this. */
    enforceFileModes?: boolean;
    env?: () => Record<string, string>;
  }[] = [
    {
      name: 'missing file',
      args: () => putDataset(join(cli.dir, 'nope.bin'), `${TEAM}/${PROJECT}/x`),
      code: 2,
      message: /Local path not found: ".*nope\.bin"/,
    },
    {
      name: 'unreadable file',
      args: () => putDataset(locked, `${TEAM}/${PROJECT}/x`),
      code: 2,
      message: /Cannot read local path ".*locked\.txt" \(EACCES\)/,
      enforceFileModes: true,
    },
    {
      name: 'malformed name',
      args: () => putDataset(file, `${TEAM}/x`),
      code: 2,
      message: /Invalid artifact name "kappa\/x": expected ENTITY\/PROJECT\/NAME/,
    },
    {
      name: 'unknown team',
      args: () => putDataset(file, `no-such-team/${PROJECT}/x`),
      code: 1,
      message: /Entity "no-such-team" is neither your user nor one of your teams/,
    },
    {
      name: 'no permission',
      args: () => ['run', 'put', file, '--run', `${OTHER_TEAM}/${PROJECT}/r1`],
      code: 1,
      message:
        /Entity "lambda" is neither your user nor one of your teams .*\(yours: alice, kappa\)/,
    },
    {
      name: 'platform down',
      args: () => putDataset(file, `${TEAM}/${PROJECT}/x`),
      env: () => ({ WANDB_BASE_URL: downHost, WANDB_API_KEY: cli.keys.alice }),
      code: 1,
      message: /request to http:\/\/127\.0\.0\.1:\d+ failed with NETWORK/,
    },
    {
      name: 'part size too small',
      args: () => putDataset(file, `${TEAM}/${PROJECT}/x`, '--part-size', '1M'),
      code: 2,
      message: /Invalid --part-size "1M": it must be at least 5 MiB/,
    },
    {
      name: 'unparseable rate',
      args: () => ['run', 'put', file, '--run', `${TEAM}/${PROJECT}/r1`, '--limit-rate', 'fast'],
      code: 2,
      message: /Invalid --limit-rate "fast": expected a size such as 8MiB/,
    },
    {
      name: 'zero concurrency',
      args: () => ['artifact', 'get', `${TEAM}/${PROJECT}/x:v0`, '--concurrency', '0'],
      code: 2,
      message: /Invalid --concurrency "0": expected a whole number from 1 to 256/,
    },
    {
      name: 'missing type',
      args: () => ['artifact', 'put', file, '--name', `${TEAM}/${PROJECT}/x`],
      code: 2,
      message: /required option '--type <type>' not specified/,
    },
    {
      name: 'unknown option',
      args: () => putDataset(file, `${TEAM}/${PROJECT}/x`, '--nmae', 'x'),
      code: 2,
      message: /unknown option '--nmae'/,
    },
    {
      name: 'missing project',
      args: () => ['artifact', 'get', `${TEAM}/${PROJECT}/nothing:v7`],
      code: 1,
      message: /Project kappa\/vision not found\. List the projects with byob ls kappa\./,
    },
    {
      name: 'unknown transfer',
      args: () => ['transfers', 'resume', '01M91PXTN0NZV1M9KH8YCFYXCE'],
      code: 1,
      message: /Transfer 01M91PXTN0NZV1M9KH8YCFYXCE is not in the journal/,
    },
    {
      name: 'CA bundle missing',
      args: () => ['whoami', '--ca-file', join(cli.dir, 'none.pem')],
      code: 2,
      message: /Cannot read the CA bundle .*none\.pem from --ca-file \(ENOENT\)/,
    },
  ];

  it.each(cases)('$name', async (testCase) => {
    const result = await cli.run(testCase.args(), {
      env: testCase.env?.() ?? env,
      enforceFileModes: testCase.enforceFileModes ?? false,
    });

    expect(result.code).toBe(testCase.code);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^byob: /);
    expect(lines[0]).toMatch(testCase.message);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain(cli.keys.alice);
  });

  it('leaves no transfer in the journal', () => {
    if (!existsSync(cli.journalPath)) return;
    const journal = cli.openJournal();
    try {
      expect(journal.listTransfers({ limit: 1000 })).toEqual([]);
    } finally {
      journal.close();
    }
  });
});
