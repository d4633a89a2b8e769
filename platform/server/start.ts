import { readFileSync } from 'node:fs';

import type { Logger } from 'pino';

import {
  createdKeyFileMessage,
  describeTeamStorage,
  prepareTeamStorage,
  type TeamStorageOptions,
} from '../accounts/team-storage-setup';
import { AuditLog, defaultAuditLogPath } from '../audit/audit-log';
import { PlatformError } from '../core/errors';
import { assertDatabasePathUsable, openDatabase, type PlatformDb } from '../db/open';
import type { StorageAddress } from '../storage/address';
import { describeStorageAddress } from '../storage/address';
import { openProvider } from '../storage/open-provider';
import type { StorageProvider, UrlLifetimes } from '../storage/provider';
import { StorageRegistry } from '../storage/registry';
import { createTeamBucketLoader } from '../storage/team-buckets';
import { AddressAllowList } from './address-allowlist';
import { buildApp } from './app';
import type { SourceRules } from './source-rules';

export interface PlatformOptions extends TeamStorageOptions {
  dbPath: string;
  host: string;
  port: number;
  instanceBucket: StorageAddress | null;
  lifetimes: UrlLifetimes;
  log: Logger;
  /** CIDR ranges of clients admitted at all (`--allow-ip`); absent admits every address. */
  allowIp?: readonly string[];
  /** CIDR ranges of clients admitted to admin operations (`--admin-allow-ip`). */
  adminAllowIp?: readonly string[];
  /**
   * Audit log file (`--audit-log`); default `<dbPath>.audit.jsonl`. With an in-memory
   * database (`:memory:`) and no path, nothing is audited.
   */
  auditLogPath?: string;
}

export interface RunningPlatform {
  url: string;
  db: PlatformDb;
  /** The audit log file, or null when nothing is audited. */
  auditLogPath: string | null;
  instanceProvider: StorageProvider | null;
  close(): Promise<void>;
}

export const PLATFORM_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** Opens the database and the instance bucket, then listens on host:port. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  // First, so that a bad database path or storage settings leave no file created or open.
  assertDatabasePathUsable(options.dbPath);
  const prepared = prepareTeamStorage(options);
  const teamStorage = prepared.settings;
  if (prepared.createdKeyFile) {
    options.log.info(
      { keyFile: prepared.createdKeyFile },
      createdKeyFileMessage(prepared.createdKeyFile),
    );
  }
  const sourceRules: SourceRules = {
    allow: options.allowIp ? AddressAllowList.parse(options.allowIp, '--allow-ip') : null,
    adminAllow: options.adminAllowIp
      ? AddressAllowList.parse(options.adminAllowIp, '--admin-allow-ip')
      : null,
  };
  const auditLogPath =
    options.auditLogPath ??
    (options.dbPath === ':memory:' ? null : defaultAuditLogPath(options.dbPath));
  const auditLog = auditLogPath === null ? null : AuditLog.open(auditLogPath, options.log);
  if (!auditLog) {
    options.log.warn('no audit log: the database is in memory and no audit log path was given');
  }
  const db = await openDatabase(options.dbPath);
  const instanceProvider = options.instanceBucket
    ? openProvider(options.instanceBucket, options.lifetimes)
    : null;
  const loadTeamBucket = createTeamBucketLoader({
    db,
    secrets: teamStorage.secrets,
    lifetimes: options.lifetimes,
    log: options.log,
  });
  const storage = new StorageRegistry(instanceProvider, loadTeamBucket);

  const app = await buildApp({
    db,
    storage,
    log: options.log,
    version: PLATFORM_VERSION,
    auditLog,
    sourceRules,
    teamStorage,
  });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    await auditLog?.close();
    await db.destroy();
    throw describeListenError(error, options.host, options.port);
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  options.log.info(
    {
      url,
      db: options.dbPath,
      instanceBucket: options.instanceBucket
        ? describeStorageAddress(options.instanceBucket)
        : null,
      ...describeTeamStorage(teamStorage),
      uploadUrlTtl: options.lifetimes.uploadSeconds,
      downloadUrlTtl: options.lifetimes.downloadSeconds,
      allowIp: sourceRules.allow?.toString() ?? 'any',
      adminAllowIp: sourceRules.adminAllow?.toString() ?? 'same as allowIp',
      auditLog: auditLogPath,
    },
    'platform started',
  );

  return {
    url,
    db,
    auditLogPath,
    instanceProvider,
    async close() {
      await app.close();
      await auditLog?.close();
      await db.destroy();
      options.log.info({ url }, 'platform stopped');
    },
  };
}

/** Turns a listen on a taken port into one line with the fix; other errors pass unchanged. */
function describeListenError(error: unknown, host: string, port: number): unknown {
  if ((error as NodeJS.ErrnoException | null)?.code !== 'EADDRINUSE') return error;
  return new PlatformError(
    'BAD_USER_INPUT',
    `port ${port} on ${host} is already in use: choose another --port, or --port 0 for a free one.`,
    { cause: error },
  );
}
