// Tests of unreadable files and folders need a process that mode bits apply to. Root ignores
// them through CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so as root such a test runs its child
// under util-linux `setpriv`, which drops both capabilities from the bounding set before exec.
// The child keeps uid 0, so it still reaches the checkout and node_modules wherever they sit
// (a parent folder of mode 700 included), yet gets EACCES from a root-owned file of mode 000.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { findOnPath } from './ceph/binaries';
import { REPO_ROOT } from './platform-cli';

/** True when this process runs as root and so reads files whatever their mode bits. */
export const ignoresFileModes = process.getuid?.() === 0;

const FILE_ACCESS_CAPABILITIES = '-dac_override,-dac_read_search';

/** A uid that owns no test file and that no test process runs as (`nobody` on Debian). */
export const OTHER_UID = 65534;

/**
 * Returns the command line that runs `command args` with mode bits enforced: unchanged for
 * a user other than root, prefixed with `setpriv` for root. Throws when root lacks `setpriv`.
 */
export function withFileModesEnforced(
  command: string,
  args: string[],
): { command: string; args: string[] } {
  if (!ignoresFileModes) return { command, args };

  const setpriv = findOnPath('setpriv');
  if (setpriv === null) {
    throw new Error(
      'setpriv not found on PATH: tests of unreadable files run as root need it to drop CAP_DAC_OVERRIDE. Install util-linux (apt-get install util-linux).',
    );
  }
  return {
    command: setpriv,
    args: [
      `--bounding-set=${FILE_ACCESS_CAPABILITIES}`,
      `--inh-caps=${FILE_ACCESS_CAPABILITIES}`,
      '--',
      command,
      ...args,
    ],
  };
}

/**
 * Runs the TypeScript module `script` in a child Node process (through tsx, from the checkout)
 * with mode bits enforced, and returns what it printed on stdout.
 */
export async function runScriptWithFileModesEnforced(script: string): Promise<string> {
  const { command, args } = withFileModesEnforced(process.execPath, ['--import', 'tsx', script]);
  const { stdout } = await promisify(execFile)(command, args, {
    cwd: REPO_ROOT,
    timeout: 30_000,
  });
  return stdout;
}
