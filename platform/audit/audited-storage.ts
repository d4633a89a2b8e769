import type { Entity } from '../db/tables';
import type {
  SignedMultipartUpload,
  SignedUpload,
  SigningContext,
  StorageProvider,
} from '../storage/provider';
import type { StorageRegistry } from '../storage/registry';
import type { RequestAudit } from './request-audit';
import { compactPartNumbers, signedUrlDetail } from './url-detail';

// Every pre-signed URL the platform hands out goes through a provider that
// StorageRegistry.forEntity returned. Wrapping that provider for each request records each
// URL where it is minted, so no resolver can issue one without an audit line.

/** Returns the registry as seen by one request: its providers record every URL they sign. */
export function auditedRegistry(registry: StorageRegistry, audit: RequestAudit): StorageRegistry {
  const forEntity = async (entity: Entity) =>
    auditedProvider(await registry.forEntity(entity), entity, audit);

  return new Proxy(registry, {
    get(target, property) {
      if (property === 'forEntity') return forEntity;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Wraps a provider so that signing records an audit event for `entity`. */
export function auditedProvider(
  provider: StorageProvider,
  entity: Entity,
  audit: RequestAudit,
): StorageProvider {
  const manifestPrefix = `${entity.storage_path}/artifacts/manifests/`;
  const urlAction = (path: string, direction: 'upload' | 'download') =>
    path.startsWith(manifestPrefix) ? `url.manifest_${direction}` : `url.${direction}`;

  async function recordIssue<T>(
    action: string,
    path: string,
    sign: () => Promise<T>,
    describe: (signed: T) => Record<string, unknown>,
  ): Promise<T> {
    let signed: T;
    try {
      signed = await sign();
    } catch (error) {
      audit.record({
        action,
        team: entity.name,
        object: path,
        result: 'failed',
        detail: { error: error instanceof Error ? error.message : String(error) },
      });
      throw error;
    }
    audit.record({
      action,
      team: entity.name,
      object: path,
      result: 'allowed',
      detail: describe(signed),
    });
    return signed;
  }

  const signUpload = (
    path: string,
    options: { md5Base64: string | null; contentType?: string },
    context: SigningContext,
  ) =>
    recordIssue(
      urlAction(path, 'upload'),
      path,
      () => provider.signUpload(path, options, context),
      (signed: SignedUpload) => ({
        ...signedUrlDetail(provider.kind, signed.url),
        expiresAt: signed.expiresAt.toISOString(),
      }),
    );

  const signDownload = (path: string, context: SigningContext) =>
    recordIssue(
      urlAction(path, 'download'),
      path,
      () => provider.signDownload(path, context),
      (signed: { url: string; expiresAt: Date }) => ({
        ...signedUrlDetail(provider.kind, signed.url),
        expiresAt: signed.expiresAt.toISOString(),
      }),
    );

  const signUploadParts = (
    path: string,
    uploadId: string,
    partNumbers: number[],
    context: SigningContext,
  ) =>
    recordIssue(
      'url.upload_parts',
      path,
      () => provider.signUploadParts(path, uploadId, partNumbers, context),
      (signed: SignedMultipartUpload) => ({
        ...(signed.parts[0] ? signedUrlDetail(provider.kind, signed.parts[0].url) : {}),
        uploadId: signed.uploadId,
        parts: compactPartNumbers(signed.parts.map((part) => part.partNumber)),
        partCount: signed.parts.length,
        expiresAt: signed.expiresAt.toISOString(),
      }),
    );

  const wrapped: Partial<StorageProvider> = { signUpload, signDownload, signUploadParts };
  return new Proxy(provider, {
    get(target, property) {
      if (typeof property === 'string' && property in wrapped) {
        return wrapped[property as keyof StorageProvider];
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
