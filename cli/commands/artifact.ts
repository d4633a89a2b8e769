// `byob artifact put | get | ls`: upload files and folders as a new artifact version,
// download a version, and list a project's collections or a collection's versions.

import path from 'node:path';

import type { Command } from 'commander';

import type { PlatformClient } from '../../electron/platform-client/index';
import { connect, type ConnectionFlags } from '../connection';
import { failure, usageError } from '../errors';
import { checkAlias, parseArtifactPath, parseProjectOrChild } from '../names';
import { formatBytes, formatFileCount } from '../sizes';
import { formatTime, printTable } from '../output/table';
import { collectionRows } from './ls';
import { withTransferOptions, type TransferFlags } from '../transfers/options';
import { runDownloadCommand } from '../transfers/download-command';
import { runUploadCommand } from '../transfers/upload-command';

interface PutFlags extends TransferFlags {
  name: string;
  type: string;
  description?: string;
  alias?: string[];
  metadata?: string;
}

export function registerArtifactCommands(program: Command): void {
  const artifact = program
    .command('artifact')
    .description('Upload, download and list artifact versions');

  withTransferOptions(
    artifact
      .command('put')
      .description(
        'Upload files and folders as a new version of an artifact. A single folder puts its contents at the artifact root; with several paths each folder keeps its name.',
      )
      .argument('<paths...>', 'files and folders to upload')
      .requiredOption('--name <name>', 'ENTITY/PROJECT/NAME[:ALIAS] of the artifact')
      .requiredOption('--type <type>', 'artifact type, such as dataset or model')
      .option('--description <text>', 'description of the new version')
      .option('--alias <alias>', 'alias for the new version; repeat for several', collect, [])
      .option(
        '--metadata <json>',
        'JSON object stored as the version metadata, such as \'{"epochs": 10}\'',
      ),
  ).action(async (paths: string[], _options: object, command: Command) => {
    const flags = command.optsWithGlobals<PutFlags>();
    const target = parseArtifactPath(flags.name);
    const aliases = [
      ...new Set([
        ...(target.alias === undefined ? [] : [target.alias]),
        ...(flags.alias ?? []).map(checkAlias),
      ]),
    ];
    if (flags.type.trim() === '')
      throw usageError('Invalid --type "": give an artifact type such as dataset or model.');
    const metadata = flags.metadata === undefined ? undefined : parseMetadata(flags.metadata);

    process.exitCode = await runUploadCommand({
      flags,
      paths,
      entity: target.entity,
      start: (engine, files) =>
        engine.uploadArtifact({
          entity: target.entity,
          project: target.project,
          name: target.name,
          type: flags.type,
          aliases,
          files,
          ...(flags.description === undefined ? {} : { description: flags.description }),
          ...(metadata === undefined ? {} : { metadata }),
        }),
    });
  });

  withTransferOptions(
    artifact
      .command('get')
      .description(
        'Download an artifact version. Files go to ./artifacts/NAME:vN unless --root names another folder; files already there with the right content are kept.',
      )
      .argument(
        '<name>',
        'ENTITY/PROJECT/NAME:VERSION or ENTITY/PROJECT/NAME:ALIAS, such as demo/mnist/images:latest',
      )
      .option('--root <dir>', 'folder to write the files into'),
  ).action(async (nameText: string, _options: object, command: Command) => {
    const flags = command.optsWithGlobals<TransferFlags & { root?: string }>();
    const target = parseArtifactPath(nameText, true);
    const alias = target.alias!;
    let root = flags.root;

    process.exitCode = await runDownloadCommand({
      flags,
      async prepare(connection) {
        const version = await resolveVersion(
          connection.client,
          target.entity,
          target.project,
          target.name,
          alias,
        );
        root ??= defaultArtifactRoot(target.name, version);
      },
      start: (engine) =>
        engine.downloadArtifact({
          entity: target.entity,
          project: target.project,
          name: target.name,
          version: alias,
          root: root!,
        }),
    });
  });

  artifact
    .command('ls')
    .description(
      "List a project's artifact collections (ENTITY/PROJECT), or a collection's versions with aliases, size and creation time (ENTITY/PROJECT/NAME)",
    )
    .argument('<path>', 'ENTITY/PROJECT or ENTITY/PROJECT/NAME')
    .action(async (pathText: string, _options: object, command: Command) => {
      const target = parseProjectOrChild(pathText, 'NAME');
      const connection = connect(command.optsWithGlobals<ConnectionFlags>());
      try {
        if (target.child === undefined) {
          const rows = await collectionRows(connection.client, target.entity, target.project);
          printTable(rows, `No artifacts in ${target.entity}/${target.project}.`);
        } else {
          await listVersions(connection.client, target.entity, target.project, target.child);
        }
      } finally {
        await connection.close();
      }
    });
}

async function listVersions(
  client: PlatformClient,
  entity: string,
  project: string,
  name: string,
): Promise<void> {
  const type = await collectionType(client, entity, project, name);
  const rows: string[][] = [];
  for await (const edge of client.iterateArtifactVersions(entity, project, type, name)) {
    const aliases = (edge.node.aliases ?? [])
      .map((alias) => alias.alias)
      .filter((alias) => alias !== edge.version);
    rows.push([
      `${entity}/${project}/${name}:${edge.version}`,
      aliases.join(',') || '-',
      formatBytes(Number(edge.node.size)),
      formatFileCount(edge.node.fileCount),
      formatTime(edge.node.createdAt),
    ]);
  }
  printTable(rows, `No versions of ${entity}/${project}/${name}.`);
}

/** Returns the artifact type of collection `name`, which the versions query needs. */
async function collectionType(
  client: PlatformClient,
  entity: string,
  project: string,
  name: string,
): Promise<string> {
  for await (const type of client.iterateArtifactTypes(entity, project)) {
    if (type === null) continue;
    for await (const collection of client.iterateArtifactCollections(entity, project, type.name)) {
      if (collection.name === name) return type.name;
    }
  }
  throw failure(
    `Artifact ${entity}/${project}/${name} not found. List the project's artifacts with byob artifact ls ${entity}/${project}.`,
  );
}

/** Returns the version index that `alias` names, such as 3 for `v3` or for the alias `latest`. */
async function resolveVersion(
  client: PlatformClient,
  entity: string,
  project: string,
  name: string,
  alias: string,
): Promise<number> {
  const data = await client.artifactMembership(entity, project, `${name}:${alias}`);
  if (data.project === null) {
    throw failure(
      `Project ${entity}/${project} not found. List the projects with byob ls ${entity}.`,
    );
  }
  const membership = data.project.artifactCollectionMembership;
  const index = membership?.versionIndex ?? membership?.artifact?.versionIndex ?? null;
  if (index === null) {
    throw failure(
      `Artifact version ${entity}/${project}/${name}:${alias} not found. List the versions with byob artifact ls ${entity}/${project}/${name}.`,
    );
  }
  return index;
}

/**
 * Returns the default download folder, `artifacts/NAME:vN` as W&B's SDK names it. Windows
 * does not allow `:` in file names, so there the folder is `NAME-vN`.
 */
export function defaultArtifactRoot(name: string, version: number): string {
  const separator = process.platform === 'win32' ? '-' : ':';
  return path.join('artifacts', `${name}${separator}v${version}`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseMetadata(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageError(
      `Invalid --metadata: ${(error as Error).message}. Pass a JSON object such as '{"epochs": 10}'.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(
      `Invalid --metadata ${JSON.stringify(text)}: expected a JSON object such as '{"epochs": 10}'.`,
    );
  }
  return parsed as Record<string, unknown>;
}
