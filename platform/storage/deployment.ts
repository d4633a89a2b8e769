// Bucket levels and providers that each kind of deployment allows. The levels follow W&B's
// BYOB guide ("Bring your own bucket", docs.wandb.ai): Multi-tenant Cloud (SaaS) has
// team-level buckets only, while Dedicated Cloud and Self-Managed have instance-level and
// team-level buckets. Limiting SaaS team buckets to S3 and GCS is this platform's own rule.

import { PlatformError } from '../core/errors';
import type { StorageAddress } from './address';

export const DEPLOYMENTS = ['self-managed', 'dedicated', 'saas'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];
export const DEFAULT_DEPLOYMENT: Deployment = 'self-managed';
export const DEPLOYMENT_ENV = 'BYOB_DEPLOYMENT';

type Provider = StorageAddress['provider'];

const TEAM_PROVIDERS: Record<Deployment, readonly Provider[]> = {
  'self-managed': ['s3', 'gcs', 'azure'],
  dedicated: ['s3', 'gcs', 'azure'],
  saas: ['s3', 'gcs'],
};

const HAS_INSTANCE_BUCKET: Record<Deployment, boolean> = {
  'self-managed': true,
  dedicated: true,
  saas: false,
};

/** Parses `--deployment` or BYOB_DEPLOYMENT; throws BAD_USER_INPUT naming the accepted values. */
export function parseDeployment(text: string): Deployment {
  const value = text.trim().toLowerCase();
  const match = DEPLOYMENTS.find((deployment) => deployment === value);
  if (!match) {
    throw new PlatformError(
      'BAD_USER_INPUT',
      `Unknown deployment "${text}": use one of ${DEPLOYMENTS.join(', ')}.`,
    );
  }
  return match;
}

/**
 * Throws unless the deployment has an instance-level bucket. `setting` names the rejected
 * setting and `fix` is the step to take instead.
 */
export function assertInstanceBucketAllowed(
  deployment: Deployment,
  setting: string,
  fix: string,
): void {
  if (HAS_INSTANCE_BUCKET[deployment]) return;
  throw new PlatformError(
    'BAD_USER_INPUT',
    `Deployment ${deployment} has no instance-level bucket, so ${setting} is not allowed: ${fix}.`,
    { reason: 'INSTANCE_BUCKET_NOT_ALLOWED', params: { deployment } },
  );
}

/** Throws unless the deployment allows team-level buckets on the address's provider. */
export function assertTeamBucketAllowed(deployment: Deployment, provider: Provider): void {
  const allowed = TEAM_PROVIDERS[deployment];
  if (allowed.includes(provider)) return;
  throw new PlatformError(
    'BAD_USER_INPUT',
    `Deployment ${deployment} does not allow team-level buckets on ${provider}: use a file store on ${allowed.join(' or ')}.`,
    {
      reason: 'TEAM_BUCKET_PROVIDER_NOT_ALLOWED',
      params: { deployment, provider, allowed: allowed.join(', ') },
    },
  );
}

/** Checks the storage configured at start: the instance bucket and every file store. */
export function assertDeploymentStorage(
  deployment: Deployment,
  instanceBucket: StorageAddress | null,
  fileStores: readonly StorageAddress[],
): void {
  if (instanceBucket) {
    assertInstanceBucketAllowed(
      deployment,
      'an instance bucket (--instance-bucket or BUCKET)',
      'remove it, and list S3 or GCS buckets for teams with --file-stores',
    );
  }
  for (const store of fileStores) assertTeamBucketAllowed(deployment, store.provider);
}
