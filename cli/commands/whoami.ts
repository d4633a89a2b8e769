// `byob whoami [--json]`: the signed-in user, the default entity and the teams.

import type { Command } from 'commander';

import { connect, type ConnectionFlags } from '../connection';
import { failure } from '../errors';
import { printLine } from '../output/table';

export function registerWhoamiCommand(program: Command): void {
  program
    .command('whoami')
    .description('Show the signed-in user, the default entity and the teams')
    .option('--json', 'print one JSON object with username, entity, teams and host')
    .action(async (options: { json?: boolean }, command: Command) => {
      const connection = connect(command.optsWithGlobals<ConnectionFlags>());
      try {
        const viewer = (await connection.client.viewer()).viewer;
        const host = connection.credentials.host;
        if (viewer === null) {
          throw failure(
            `${host} returned no user for the API key from ${connection.credentials.source}. Run byob login --host ${host}.`,
          );
        }
        const teams = (viewer.teams?.edges ?? []).flatMap((edge) =>
          edge.node ? [edge.node.name] : [],
        );

        if (options.json) {
          printLine(
            JSON.stringify({ username: viewer.username, entity: viewer.entity, teams, host }),
          );
          return;
        }
        printLine(`${viewer.username ?? viewer.id} on ${host}`);
        printLine(`default entity: ${viewer.entity ?? '-'}`);
        printLine(`teams: ${teams.length === 0 ? '-' : teams.join(', ')}`);
      } finally {
        await connection.close();
      }
    });
}
