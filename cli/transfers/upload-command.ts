// The steps `byob artifact put` and `byob run put` share: check the input, connect, check
// that the user may write to the entity, then start the upload while the folders are still
// being walked, and run it in the foreground. Everything that can be wrong with the input is
// checked before the journal gets a transfer, so a rejected command leaves nothing behind.

import type { PlatformClient } from '../../electron/platform-client/index';
import type { UploadEngine, UploadFileList } from '../../electron/engine/upload/index';
import { connect } from '../connection';
import { failure, type ExitCode } from '../errors';
import { runNewTransfer } from './new-transfer';
import { createUploadEngine, engineLimits, type TransferFlags } from './options';
import { checkLocalPaths, uploadSources } from './sources';

export interface UploadCommand {
  flags: TransferFlags;
  paths: readonly string[];
  entity: string;
  /** Starts the transfer in `engine` with the walked files and returns its id. */
  start(engine: UploadEngine, files: UploadFileList): string;
}

/** Runs an upload command to its end and returns the exit code. */
export async function runUploadCommand(command: UploadCommand): Promise<ExitCode> {
  const { flags } = command;
  const { singleFolder } = await checkLocalPaths(command.paths);
  const limits = engineLimits(flags);

  const connection = connect(flags);
  try {
    await requireWritableEntity(connection.client, command.entity);
    return await runNewTransfer({
      flags,
      connection,
      createEngine: (journal) => createUploadEngine(connection, journal, limits),
      start: (engine, reporter) => {
        const files = uploadSources(command.paths, singleFolder, (skip) => reporter.skipped(skip));
        return command.start(engine, files);
      },
    });
  } finally {
    await connection.close();
  }
}

/**
 * Throws unless `entity` is the user's own entity or one of their teams. This also checks
 * that the platform is reachable and accepts the key, before any transfer is journaled.
 */
// NOTE: a W&B server admin may write to teams they are not a member of; this check rejects that.
export async function requireWritableEntity(client: PlatformClient, entity: string): Promise<void> {
  const viewer = (await client.viewer()).viewer;
  if (viewer === null) {
    throw failure(
      `${client.host} returned no user for the API key. Run byob login --host ${client.host}.`,
    );
  }

  const entities = [
    viewer.entity,
    ...(viewer.teams?.edges ?? []).map((edge) => edge.node?.name),
  ].filter((name): name is string => typeof name === 'string');
  if (entities.includes(entity)) return;
  throw failure(
    `Entity ${JSON.stringify(entity)} is neither your user nor one of your teams on ${client.host} (yours: ${entities.join(', ') || 'none'}). Check the name, or ask a team admin to add you.`,
  );
}
