import type { Command } from 'commander';

import { parseStorageAddress } from '../storage/address';
import { DEFAULT_URL_LIFETIMES } from '../storage/provider';
import { startPlatform } from '../server/start';
import { dbPathOf, withDbOption } from './database-option';
import { parseLifetime, parsePort } from './durations';
import { createLogger } from './logger';
import { stopOnSignals } from './signals';

interface ServeOptions {
  port: number;
  host: string;
  db?: string;
  instanceBucket?: string;
  uploadUrlTtl: number;
  downloadUrlTtl: number;
  logLevel: string;
}

export function registerServeCommand(program: Command): void {
  withDbOption(
    program
      .command('serve')
      .description('Serve the GraphQL API at POST /graphql')
      .option('--port <port>', 'TCP port to listen on (0 picks a free port)', parsePort, 8080)
      .option('--host <address>', 'address to listen on', '127.0.0.1'),
  )
    .option(
      '--instance-bucket <address>',
      'instance-level bucket, e.g. az://:<urlEncodedKey>@<account>/<container> (default: $BUCKET)',
    )
    .option(
      '--upload-url-ttl <duration>',
      'lifetime of upload URLs (30s, 90m, 24h, 7d)',
      parseLifetime,
      DEFAULT_URL_LIFETIMES.uploadSeconds,
    )
    .option(
      '--download-url-ttl <duration>',
      'lifetime of download URLs',
      parseLifetime,
      DEFAULT_URL_LIFETIMES.downloadSeconds,
    )
    .option('--log-level <level>', 'pino log level: debug, info, warn, error', 'info')
    .action(async (options: ServeOptions) => {
      const bucketText = options.instanceBucket ?? process.env.BUCKET;
      const log = createLogger(options.logLevel);
      if (!bucketText)
        log.warn(
          'no instance-level bucket configured (--instance-bucket or BUCKET): URL requests will fail',
        );

      const platform = await startPlatform({
        dbPath: dbPathOf(options),
        host: options.host,
        port: options.port,
        instanceBucket: bucketText ? parseStorageAddress(bucketText) : null,
        lifetimes: { uploadSeconds: options.uploadUrlTtl, downloadSeconds: options.downloadUrlTtl },
        log,
      });
      stopOnSignals(() => platform.close());
    });
}
