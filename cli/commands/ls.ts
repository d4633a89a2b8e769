// `byob ls [ENTITY[/PROJECT]]`: the teams of the signed-in user, an entity's projects, or a
// project's artifact collections and runs.

import type { Command } from 'commander';

import type { PlatformClient } from '../../electron/platform-client/index';
import { connect, type ConnectionFlags } from '../connection';
import { failure } from '../errors';
import { parseEntityOrProject } from '../names';
import { formatTime, printLine, printTable } from '../output/table';

export function registerLsCommand(program: Command): void {
  program
    .command('ls')
    .description(
      "List your entities (no argument), an entity's projects (ENTITY), or a project's artifact collections and runs (ENTITY/PROJECT)",
    )
    .argument('[path]', 'ENTITY or ENTITY/PROJECT')
    .action(async (pathText: string | undefined, _options: object, command: Command) => {
      const target = pathText === undefined ? undefined : parseEntityOrProject(pathText);
      const connection = connect(command.optsWithGlobals<ConnectionFlags>());
      try {
        if (target === undefined) await listEntities(connection.client);
        else if (target.project === undefined) await listProjects(connection.client, target.entity);
        else await listProjectContents(connection.client, target.entity, target.project);
      } finally {
        await connection.close();
      }
    });
}

async function listEntities(client: PlatformClient): Promise<void> {
  const viewer = (await client.viewer()).viewer;
  if (viewer === null)
    throw failure(
      `${client.host} returned no user for the API key. Run byob login --host ${client.host}.`,
    );

  const rows: string[][] = [];
  if (viewer.entity) rows.push([viewer.entity, 'user']);
  for (const edge of viewer.teams?.edges ?? []) {
    if (edge.node && edge.node.name !== viewer.entity) rows.push([edge.node.name, 'team']);
  }
  printTable(rows, 'No entities.');
}

async function listProjects(client: PlatformClient, entity: string): Promise<void> {
  const rows: string[][] = [];
  for await (const project of client.iterateProjects(entity)) {
    rows.push([`${entity}/${project.name}`, formatTime(project.createdAt)]);
  }
  printTable(rows, `No projects in ${entity}.`);
}

/** Lists collections as TYPE NAME rows, then runs, under two headings. */
async function listProjectContents(
  client: PlatformClient,
  entity: string,
  project: string,
): Promise<void> {
  const collections = await collectionRows(client, entity, project);
  const runs = await runRows(client, entity, project);

  printLine('Artifacts:');
  printTable(collections, '  (none)');
  printLine('');
  printLine('Runs:');
  printTable(runs, '  (none)');
}

/** Returns one row per artifact collection of a project: path, type and creation time. */
export async function collectionRows(
  client: PlatformClient,
  entity: string,
  project: string,
): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const type of client.iterateArtifactTypes(entity, project)) {
    if (type === null) continue;
    for await (const collection of client.iterateArtifactCollections(entity, project, type.name)) {
      rows.push([
        `${entity}/${project}/${collection.name}`,
        type.name,
        formatTime(collection.createdAt),
      ]);
    }
  }
  return rows;
}

/** Returns one row per run of a project: path, state, creation time and display name. */
export async function runRows(
  client: PlatformClient,
  entity: string,
  project: string,
): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const run of client.iterateRuns(entity, project)) {
    rows.push([
      `${entity}/${project}/${run.name}`,
      run.state ?? '-',
      formatTime(run.createdAt),
      run.displayName ?? '',
    ]);
  }
  return rows;
}
