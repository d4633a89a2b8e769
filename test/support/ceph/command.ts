import { execFile } from 'node:child_process';

/**
 * Runs a one-shot program (monmaptool, `ceph`, radosgw-admin) and returns its stdout. Killed
 * after `timeoutMs`; a failure names the command and quotes the end of its stderr.
 */
export function runCommand(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve(stdout);
          return;
        }
        const how = error.killed
          ? `was killed after ${timeoutMs} ms`
          : `failed with ${String(error.code ?? error.signal)}`;
        const output = lastLines(`${stderr}\n${stdout}`.trim(), 20);
        const quoted = output === '' ? '' : `\n${output}`;
        reject(new Error(`\`${command} ${args.join(' ')}\` ${how}${quoted}`, { cause: error }));
      },
    );
  });
}

export function lastLines(text: string, count: number): string {
  return text.split('\n').slice(-count).join('\n');
}
