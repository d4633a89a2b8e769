// The `teams` namespace: the signed-in user's teams and where each keeps its files.
import { z } from 'zod';

import { invoke } from './define';
import { noRequest } from './values';

/**
 * Where a team's files live. `INSTANCE`: a folder of the instance-level bucket that the
 * platform shares between teams. `TEAM`: the team's own bucket ("bring your own bucket").
 */
export const teamStorageSchema = z.strictObject({
  /** `s3`, `gcs` or `azure`, as the platform reports it. */
  provider: z.string(),
  /** Bucket name, or the container on Azure. */
  bucket: z.string(),
  /** Folder inside the bucket, or null for the bucket's root. */
  path: z.string().nullable(),
  level: z.enum(['INSTANCE', 'TEAM']),
  kmsKeyId: z.string().nullable(),
  azureTenantId: z.string().nullable(),
  azureClientId: z.string().nullable(),
});

export type TeamStorage = z.output<typeof teamStorageSchema>;

export const teamSchema = z.strictObject({
  name: z.string(),
  /** Null when the platform does not say where the team's files live. */
  storage: teamStorageSchema.nullable(),
});

export type Team = z.output<typeof teamSchema>;

export const teams = {
  list: invoke('teams:list', noRequest, z.strictObject({ teams: z.array(teamSchema) })),
} as const;
