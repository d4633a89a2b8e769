// The sandbox's choice of Azurite port, kept in `<dir>/sandbox.json` so that the bucket's
// address, and any `?endpoint=` address built on it, stays the same from one start to the next.
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

const STATE_FILE = 'sandbox.json';
const HOST = '127.0.0.1';

interface SandboxState {
  azuritePort: number;
}

/** Returns the Azurite port of the previous start, or null when none was saved. */
export function readSavedAzuritePort(dir: string): number | null {
  let text: string;
  try {
    text = readFileSync(join(dir, STATE_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const port = (JSON.parse(text) as Partial<SandboxState>).azuritePort;
    return Number.isInteger(port) && port! > 0 && port! <= 65535 ? port! : null;
  } catch {
    // A damaged file loses only the saved port, because the next start writes a new one.
    return null;
  }
}

export function saveAzuritePort(dir: string, port: number): void {
  const state: SandboxState = { azuritePort: port };
  writeFileSync(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Resolves true when nothing listens on 127.0.0.1:`port` right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}
