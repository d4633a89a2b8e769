// The app's log: pino writing JSON lines to a file in the app's data folder that rotates at
// 10 MB and keeps five old files. Main owns the file; renderer messages reach it through main.
// Plain Node, so the tests can check what it writes.
import { mkdirSync } from 'node:fs';

import pino, { type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';

export const LOG_FILE = 'byob-transfer.log';

export function createAppLogger(folder: string, level = 'info'): Logger {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stream = createStream(LOG_FILE, { path: folder, size: '10M', maxFiles: 5, mode: 0o600 });
  return pino(
    {
      level,
      // Defence in depth: no code logs these fields, and if some does, pino censors them.
      redact: {
        paths: ['apiKey', '*.apiKey', 'url', '*.url', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    stream,
  );
}
