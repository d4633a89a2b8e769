// `byob login [--host URL] [KEY]`: checks an API key with the viewer query, then stores it in
// the netrc file (mode 0600) as W&B's SDK does. With --host, the host also becomes the
// default for later commands. The key is never printed, logged or echoed.

import { createInterface } from 'node:readline';

import type { Command } from 'commander';
import { read } from 'read';

import { PlatformClient } from '../../electron/platform-client/index';
import { createDispatcher, type ConnectionFlags } from '../connection';
import { machineFor, netrcPath, NetrcError, writeNetrcEntry } from '../credentials/netrc';
import { checkKey, resolveHost } from '../credentials/resolve';
import { settingsPath, writeSettings } from '../credentials/settings';
import { failure, usageError } from '../errors';
import { printLine } from '../output/table';

/** The netrc login W&B's SDK writes; the platform reads only the password. */
const NETRC_LOGIN = 'user';

export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description(
      'Check an API key and store it in the netrc file for the platform host. Without KEY, the key is read from a prompt that does not echo it, or from the first line of standard input.',
    )
    .argument('[key]', 'API key (visible to other users in the process list; prefer the prompt)')
    .action(async (key: string | undefined, _options: object, command: Command) => {
      const flags = command.optsWithGlobals<ConnectionFlags>();
      const host = resolveHost(flags);
      const apiKey = checkKey(
        key ?? (await readKey(host)),
        key === undefined ? 'the prompt' : 'the KEY argument',
      );

      const username = await verifyKey(host, apiKey, flags);

      const file = netrcPath();
      const machine = machineFor(host);
      try {
        writeNetrcEntry(file, machine, NETRC_LOGIN, apiKey);
      } catch (error) {
        if (!(error instanceof NetrcError)) throw error;
        throw failure(
          `Failed to store the API key: ${error.message}. Check the folder's permissions or set NETRC to another file.`,
        );
      }
      if (flags.host !== undefined) writeSettings(settingsPath(), { host });

      printLine(
        `Logged in to ${host} as ${username}. The key is stored in ${file} for machine ${machine}.`,
      );
      if (flags.host !== undefined) printLine(`${host} is now the default host.`);
    });
}

/** Reads the key from a prompt without echo on a terminal, else from the first line of stdin. */
async function readKey(host: string): Promise<string> {
  if (process.stdin.isTTY) {
    const key = await read({
      prompt: `API key for ${host}: `,
      silent: true,
      replace: '',
      output: process.stderr,
    });
    // The prompt leaves the cursor after the hidden input, so the next message needs a new line.
    process.stderr.write('\n');
    return key;
  }

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw usageError(
    'Missing API key: standard input ended without a line. Pass the key as KEY, pipe it in, or run byob login in a terminal.',
  );
}

/** Returns the user name the platform reports for `apiKey`, or throws when the key is rejected. */
async function verifyKey(host: string, apiKey: string, flags: ConnectionFlags): Promise<string> {
  const dispatcher = createDispatcher(flags);
  try {
    const client = new PlatformClient({ host, apiKey, dispatcher });
    const viewer = (await client.viewer()).viewer;
    if (viewer === null) {
      throw failure(
        `The API key was rejected by ${host}: the platform returned no user for it. Copy the key again from your user settings and retry.`,
      );
    }
    return viewer.username ?? viewer.entity ?? viewer.id;
  } finally {
    await dispatcher.close();
  }
}
