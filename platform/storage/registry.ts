import { PlatformError } from '../core/errors';
import type { Entity } from '../db/tables';
import type { StorageProvider } from './provider';

/** Opens the provider of a team-level bucket row; providers are cached by row id. */
export type TeamBucketLoader = (bucketId: number) => Promise<StorageProvider>;

/** Finds the bucket provider that contains an entity's objects. */
export class StorageRegistry {
  private readonly teamProviders = new Map<number, Promise<StorageProvider>>();

  constructor(
    private readonly instance: StorageProvider | null,
    private readonly loadTeamBucket: TeamBucketLoader | null = null,
  ) {}

  async forEntity(entity: Entity): Promise<StorageProvider> {
    if (entity.storage_bucket_id !== null)
      return this.teamProvider(entity, entity.storage_bucket_id);
    if (!this.instance) {
      throw new PlatformError(
        'STORAGE_ERROR',
        'No instance-level bucket is configured, so no URL can be issued; restart the server with --instance-bucket or BUCKET set.',
      );
    }
    return this.instance;
  }

  get instanceProvider(): StorageProvider | null {
    return this.instance;
  }

  private teamProvider(entity: Entity, bucketId: number): Promise<StorageProvider> {
    if (!this.loadTeamBucket) {
      throw new PlatformError(
        'STORAGE_ERROR',
        `Team "${entity.name}" uses a team-level bucket, but this server has no loader for team buckets.`,
      );
    }
    let provider = this.teamProviders.get(bucketId);
    if (!provider) {
      provider = this.loadTeamBucket(bucketId);
      // A failed load is not cached, so a fixed configuration works without a restart.
      provider.catch(() => this.teamProviders.delete(bucketId));
      this.teamProviders.set(bucketId, provider);
    }
    return provider;
  }
}

/** Bucket paths of one entity's objects; every path starts with the entity's storage path. */
export const objectPaths = {
  content: (entity: Entity, md5Hex: string) => `${entity.storage_path}/artifacts/content/${md5Hex}`,
  manifest: (entity: Entity, artifactId: number, name: string) =>
    `${entity.storage_path}/artifacts/manifests/${artifactId}/${name}`,
  runFile: (entity: Entity, project: string, run: string, file: string) =>
    `${entity.storage_path}/runs/${project}/${run}/${file}`,
};

export function base64Md5ToHex(md5: string): string {
  return Buffer.from(md5, 'base64').toString('hex');
}

/** Checks a base64 MD5 as W&B sends it (24 characters, 16 bytes). */
export function isBase64Md5(value: string): boolean {
  return /^[A-Za-z0-9+/]{22}==$/.test(value);
}
