import { Command } from 'commander';

import { PlatformError } from '../core/errors';
import { StorageAddressError } from '../storage/address';
import { registerAccountCommands } from './accounts';
import { registerSandboxCommand } from './sandbox';
import { registerServeCommand } from './serve';

const program = new Command('byob-platform')
  .description(
    'W&B-compatible platform that keeps metadata and issues pre-signed URLs for team buckets',
  )
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

registerServeCommand(program);
registerAccountCommands(program);
registerSandboxCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Expected failures get one line and exit code 1; anything else keeps its stack.
  if (error instanceof PlatformError || error instanceof StorageAddressError) {
    process.stderr.write(`byob-platform: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
