// `byob`: the transfer engine and the platform client behind a command line. Every failure
// ends as one line on stderr and an exit code from errors.ts: 0 done, 1 failed, 2 usage
// error, 3 interrupted and resumable.

import { readFileSync } from 'node:fs';

import { Command, CommanderError } from 'commander';

import { registerArtifactCommands } from './commands/artifact';
import { registerLoginCommand } from './commands/login';
import { registerLsCommand } from './commands/ls';
import { registerRunCommands } from './commands/run';
import { registerTransfersCommands } from './commands/transfers';
import { registerWhoamiCommand } from './commands/whoami';
import { EXIT_OK, EXIT_USAGE, toCliError } from './errors';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

const program = new Command('byob')
  .version(version, '--version', 'print the version of byob')
  .description(
    "Move files between your disk and your W&B team's bucket through pre-signed URLs. Credentials come from --host/--key, else WANDB_BASE_URL/WANDB_API_KEY, else the netrc file (byob login).",
  )
  .option(
    '--host <url>',
    'platform URL (default: WANDB_BASE_URL, else the host saved by byob login, else https://api.wandb.ai)',
  )
  .option('--key <key>', 'API key (default: WANDB_API_KEY, else the netrc entry of the host)')
  .option(
    '--ca-file <pem>',
    'extra certificate authorities to trust, as a PEM file (default: BYOB_CA_FILE)',
  )
  .showSuggestionAfterError()
  // Commander's usage errors are printed as one line, without the help that would bury them.
  .configureOutput({ outputError: (text, write) => write(`byob: ${oneLine(text)}\n`) })
  .exitOverride();

/** Joins commander's message and its "(Did you mean …?)" hint into one line. */
function oneLine(text: string): string {
  return text
    .replace(/^error: /, '')
    .trim()
    .replace(/\s*\n\s*/g, ' ');
}

registerLoginCommand(program);
registerWhoamiCommand(program);
registerLsCommand(program);
registerArtifactCommands(program);
registerRunCommands(program);
registerTransfersCommands(program);

// Commander copies exitOverride to subcommands created after it, so every level throws here.
try {
  await program.parseAsync(process.argv);
  process.exit(process.exitCode ?? EXIT_OK);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and --version end with code 0; every other commander error was printed already.
    process.exit(error.exitCode === 0 ? EXIT_OK : EXIT_USAGE);
  }
  const failure = toCliError(error);
  process.stderr.write(`byob: ${failure.message}\n`);
  if (process.env.BYOB_DEBUG && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  process.exit(failure.exitCode);
}
