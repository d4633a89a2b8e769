import pino, { type Logger } from 'pino';

/**
 * The server log: JSON lines on standard output. Authorization headers are redacted
 * in case a request is ever logged whole.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
  });
}
