import type { Command } from 'commander';

import { checkInstanceBucket } from '../storage/access-check';
import { describeStorageAddress, parseStorageAddress } from '../storage/address';
import { DEFAULT_URL_LIFETIMES } from '../storage/provider';
import { startPlatform } from '../server/start';
import { AUDIT_LOG_OPTION_HELP, auditLogPathOf, parseAllowListOption } from './audit-option';
import { dbPathOf, noticeNewDatabase, withDbOption } from './database-option';
import { parseLifetime, parsePort } from './durations';
import { logLevelOption, parseHost } from './listen-options';
import { createLogger } from './logger';
import { stopOnSignals } from './signals';
import {
  teamStorageOptionsOf,
  withTeamStorageOptions,
  type TeamStorageCliOptions,
} from './team-storage-options';

interface ServeOptions extends TeamStorageCliOptions {
  port: number;
  host: string;
  db?: string;
  instanceBucket?: string;
  uploadUrlTtl: number;
  downloadUrlTtl: number;
  logLevel: string;
  allowIp?: string[];
  adminAllowIp?: string[];
  auditLog?: string;
}

export function registerServeCommand(program: Command): void {
  withTeamStorageOptions(
    withDbOption(
      program
        .command('serve')
        .description('Serve the GraphQL API at POST /graphql')
        .option('--port <port>', 'TCP port to listen on (0 picks a free port)', parsePort, 8080)
        .option(
          '--host <address>',
          'IP address to listen on, or localhost (0.0.0.0 or :: for every interface)',
          parseHost,
          '127.0.0.1',
        ),
    ),
  )
    .option(
      '--instance-bucket <address>',
      'instance-level bucket in any storage address form (s3://, cw://, gs://, az://), e.g. az://:<urlEncodedKey>@<account>/<container> (default: $BUCKET)',
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
    .addOption(logLevelOption('info'))
    .option(
      '--allow-ip <cidrs>',
      'serve only clients in these IPv4/IPv6 CIDR ranges, comma-separated (e.g. 127.0.0.1/32,10.0.0.0/8); others get 403',
      parseAllowListOption('--allow-ip'),
    )
    .option(
      '--admin-allow-ip <cidrs>',
      'allow admin operations (such as createTeam) only from these CIDR ranges, within --allow-ip',
      parseAllowListOption('--admin-allow-ip'),
    )
    .option('--audit-log <path>', AUDIT_LOG_OPTION_HELP)
    .action(async (options: ServeOptions) => {
      const bucketText = options.instanceBucket ?? process.env.BUCKET;
      const log = createLogger(options.logLevel);
      const teamStorage = teamStorageOptionsOf(options);
      // A SaaS deployment has no instance-level bucket by design, so only others are warned.
      if (!bucketText && teamStorage.deployment !== 'saas')
        log.warn(
          'no instance-level bucket configured (--instance-bucket or BUCKET): URL requests will fail',
        );

      const instanceBucket = bucketText ? parseStorageAddress(bucketText) : null;
      // SaaS rejects an instance bucket in startPlatform, so it is not contacted first.
      if (instanceBucket && teamStorage.deployment !== 'saas') {
        await checkInstanceBucket(instanceBucket);
        log.info(
          { instanceBucket: describeStorageAddress(instanceBucket) },
          'instance bucket reachable',
        );
      }

      const dbPath = dbPathOf(options);
      const platform = await noticeNewDatabase(dbPath, () =>
        startPlatform({
          dbPath,
          host: options.host,
          port: options.port,
          instanceBucket,
          lifetimes: {
            uploadSeconds: options.uploadUrlTtl,
            downloadSeconds: options.downloadUrlTtl,
          },
          log,
          allowIp: options.allowIp,
          adminAllowIp: options.adminAllowIp,
          auditLogPath: auditLogPathOf(options),
          ...teamStorage,
        }),
      );
      stopOnSignals(() => platform.close());
    });
}
