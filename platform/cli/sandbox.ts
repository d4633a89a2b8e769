import type { Command } from 'commander';

import { SANDBOX_TEAM, startSandbox, type RunningSandbox } from '../sandbox/sandbox';
import { parsePort } from './durations';
import { logLevelOption } from './listen-options';
import { createLogger } from './logger';
import { stopOnSignals } from './signals';

function banner(sandbox: RunningSandbox): string {
  const auth = Buffer.from(`api:${sandbox.apiKey}`).toString('base64');
  return [
    '',
    `BYOB sandbox is running (${sandbox.firstRun ? 'created' : 'reused'} ${sandbox.dir}).`,
    '',
    `  host     ${sandbox.url}`,
    `  API key  ${sandbox.apiKey}`,
    `  user     admin (organisation admin), team "${SANDBOX_TEAM}"`,
    `  bucket   Azurite container byob-sandbox at ${sandbox.azurite.endpoint}`,
    '',
    'Try it with curl, which works now:',
    `  curl -s ${sandbox.url}/graphql -H 'Authorization: Basic ${auth}' \\`,
    `    -H 'Content-Type: application/json' -d '{"query":"{ viewer { username teams { edges { node { name } } } } }"}'`,
    '',
    'With the byob CLI, run from this repository as npx byob (see docs/cli.md):',
    `  export WANDB_BASE_URL=${sandbox.url}`,
    `  export WANDB_API_KEY=${sandbox.apiKey}`,
    '  byob whoami',
    `  byob artifact put ./my-data --name ${SANDBOX_TEAM}/sandbox/my-data --type dataset`,
    `  byob artifact get ${SANDBOX_TEAM}/sandbox/my-data:latest --root ./my-data-copy`,
    '',
    'Press Ctrl+C to stop, or send SIGTERM or SIGHUP to this process. The next run reuses',
    'this folder, its data and its Azurite port.',
    '',
  ].join('\n');
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description(
      'Start a local platform with an Azurite bucket, an admin user, a key and a demo team',
    )
    .option('--dir <dir>', 'folder for the database and the bucket data', '.sandbox')
    .option('--port <port>', 'TCP port for the platform (0 picks a free port)', parsePort, 8080)
    .addOption(logLevelOption('warn'))
    .action(async (options: { dir: string; port: number; logLevel: string }) => {
      const starting = startSandbox({
        dir: options.dir,
        port: options.port,
        log: createLogger(options.logLevel),
      });
      // Installed before the start completes, so that a signal during the start, or just
      // after the banner, still stops Azurite instead of leaving it running.
      stopOnSignals(async () => {
        const started = await starting.catch(() => null);
        await started?.stop();
      });
      const sandbox = await starting;

      const change = sandbox.azuritePortChange;
      if (change) {
        process.stderr.write(
          `byob-platform: warning: Azurite's previous port ${change.from} is in use, so it now listens on ${change.to}: update any address that uses port ${change.from}, such as an ?endpoint= address.\n`,
        );
      }
      process.stdout.write(banner(sandbox));
    });
}
