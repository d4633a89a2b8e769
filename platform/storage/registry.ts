import { PlatformError } from '../core/errors';
import type { Entity } from '../db/tables';
import type { StorageProvider } from './provider';

/** Finds the bucket provider that holds an entity's objects, and builds the object paths inside it. */
export class StorageRegistry {
  constructor(private readonly instance: StorageProvider | null) {}

  forEntity(entity: Entity): StorageProvider {
    if (entity.storage_bucket_id !== null) {
      // NOTE: team-level buckets are stored in the database but not yet loaded here.
      throw new PlatformError(
        'STORAGE_ERROR',
        `Team "${entity.name}" uses a team-level bucket, which this server cannot open yet.`,
      );
    }
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
