// `byob run put | get | ls`: upload files to a run, download a run's files, and list a
// project's runs or a run's files.

import type { Command } from 'commander';

import { connect, type ConnectionFlags } from '../connection';
import { failure } from '../errors';
import { parseProjectOrChild, parseRunPath } from '../names';
import { formatBytes } from '../sizes';
import { formatTime, printTable } from '../output/table';
import { runRows } from './ls';
import { withTransferOptions, type TransferFlags } from '../transfers/options';
import { runDownloadCommand } from '../transfers/download-command';
import { runUploadCommand } from '../transfers/upload-command';

interface RunPutFlags extends TransferFlags {
  run: string;
}

export function registerRunCommands(program: Command): void {
  const run = program.command('run').description("Upload, download and list a run's files");

  withTransferOptions(
    run
      .command('put')
      .description(
        "Upload files and folders to a run, creating the run if needed. A single folder puts its contents at the run's root; with several paths each folder keeps its name.",
      )
      .argument('<paths...>', 'files and folders to upload')
      .requiredOption('--run <run>', 'ENTITY/PROJECT/RUN_ID of the run'),
  ).action(async (paths: string[], _options: object, command: Command) => {
    const flags = command.optsWithGlobals<RunPutFlags>();
    const target = parseRunPath(flags.run);

    process.exitCode = await runUploadCommand({
      flags,
      paths,
      entity: target.entity,
      start: (engine, files) =>
        engine.uploadRunFiles({
          entity: target.entity,
          project: target.project,
          run: target.run,
          files,
        }),
    });
  });

  withTransferOptions(
    run
      .command('get')
      .description(
        "Download a run's files, or only the FILEs named, into the current folder unless --root names another, as wandb pull does",
      )
      .argument('<run>', 'ENTITY/PROJECT/RUN_ID')
      .argument('[files...]', 'paths of the files inside the run; every file when omitted')
      .option('--root <dir>', 'folder to write the files into (default: the current folder)'),
  ).action(async (runText: string, files: string[], _options: object, command: Command) => {
    const flags = command.optsWithGlobals<TransferFlags & { root?: string }>();
    const target = parseRunPath(runText);

    process.exitCode = await runDownloadCommand({
      flags,
      async prepare(connection) {
        const data = await connection.client.runFiles(target.entity, target.project, target.run, {
          perPage: 1,
        });
        if (data.project?.run == null) {
          throw failure(
            `Run ${runText} not found. List the project's runs with byob run ls ${target.entity}/${target.project}.`,
          );
        }
      },
      start: (engine) =>
        engine.downloadRunFiles({
          entity: target.entity,
          project: target.project,
          run: target.run,
          root: flags.root ?? '.',
          ...(files.length === 0 ? {} : { files }),
        }),
    });
  });

  run
    .command('ls')
    .description(
      "List a project's runs (ENTITY/PROJECT), or a run's files with size and update time (ENTITY/PROJECT/RUN_ID)",
    )
    .argument('<path>', 'ENTITY/PROJECT or ENTITY/PROJECT/RUN_ID')
    .action(async (pathText: string, _options: object, command: Command) => {
      const target = parseProjectOrChild(pathText, 'RUN_ID');
      const connection = connect(command.optsWithGlobals<ConnectionFlags>());
      try {
        if (target.child === undefined) {
          const rows = await runRows(connection.client, target.entity, target.project);
          printTable(rows, `No runs in ${target.entity}/${target.project}.`);
          return;
        }
        const rows: string[][] = [];
        for await (const file of connection.client.iterateRunFiles(
          target.entity,
          target.project,
          target.child,
        )) {
          rows.push([file.name, formatBytes(Number(file.sizeBytes)), formatTime(file.updatedAt)]);
        }
        printTable(rows, `No files in run ${target.entity}/${target.project}/${target.child}.`);
      } finally {
        await connection.close();
      }
    });
}
