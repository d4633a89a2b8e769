import { Command } from 'commander';

import { PlatformError } from '../core/errors';
import { StorageAddressError } from '../storage/address';
import { registerAccountCommands } from './accounts';
import { registerAuditCommand } from './audit';
import { registerSandboxCommand } from './sandbox';
import { registerServeCommand } from './serve';

const program = new Command('byob-platform')
  .description(
    'W&B-compatible platform that keeps metadata and issues pre-signed URLs for team buckets',
  )
  // No help after an error: the error line itself names the value and the fix, and a
  // screen of help would bury it.
  .configureOutput({ outputError: (text, write) => write(text) });

registerServeCommand(program);
registerAccountCommands(program);
registerSandboxCommand(program);
registerAuditCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Every failure is one line and exit code 1. Unexpected ones keep their stack for
  // debugging when BYOB_DEBUG is set.
  const expected = error instanceof PlatformError || error instanceof StorageAddressError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`byob-platform: ${message}\n`);
  if (!expected && process.env.BYOB_DEBUG && error instanceof Error) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(1);
}
