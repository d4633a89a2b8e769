// The `admin` namespace: creating a team with its storage, for organisation admins. The
// platform checks the bucket (it writes, reads and deletes a test object) and returns what
// failed as `errors` and what to fix as `warnings`, each with a code for the app's catalogues.
// The app shows both below the form.
import { z } from 'zod';

import { invoke } from './define';
import { nameSchema } from './values';
import { teamSchema } from './teams';
import { validationIssueSchema } from './validation-issues';

const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

// Azure tenant and client ids are GUIDs.
const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'must be a GUID');

const s3Storage = z.strictObject({
  level: z.literal('TEAM'),
  provider: z.literal('s3'),
  bucket: nameSchema,
  /** Folder inside the bucket; the platform uses the team name when omitted. */
  path: optionalText(1024),
  /** AWS KMS key ARN, key id or alias for SSE-KMS. */
  kmsKeyId: optionalText(2048),
});

const gcsStorage = z.strictObject({
  level: z.literal('TEAM'),
  provider: z.literal('gcs'),
  bucket: nameSchema,
  path: optionalText(1024),
});

const azureStorage = z
  .strictObject({
    level: z.literal('TEAM'),
    provider: z.literal('azure'),
    /** Storage account; the platform picks the configured store with this container when omitted. */
    account: nameSchema.optional(),
    container: nameSchema,
    path: optionalText(1024),
    azureTenantId: guid.optional(),
    azureClientId: guid.optional(),
  })
  .refine((value) => (value.azureTenantId === undefined) === (value.azureClientId === undefined), {
    message: 'give both the tenant id and the managed identity client id, or neither',
    path: ['azureClientId'],
  });

/** `INSTANCE` puts the team in a folder of the instance-level bucket. */
const instanceStorage = z.strictObject({ level: z.literal('INSTANCE') });

export const teamStorageInputSchema = z.union([
  instanceStorage,
  s3Storage,
  gcsStorage,
  azureStorage,
]);

export type TeamStorageInput = z.input<typeof teamStorageInputSchema>;

export const createTeamRequestSchema = z.strictObject({
  teamName: nameSchema,
  storage: teamStorageInputSchema,
  /** User names to add as members. */
  members: z.array(nameSchema).max(1000).default([]),
});

export type CreateTeamRequest = z.input<typeof createTeamRequestSchema>;

export const createTeamResultSchema = z.strictObject({
  /** The new team, or null when `errors` stopped the creation. */
  team: teamSchema.nullable(),
  /** Why no team was created: bucket checks or values the platform rejected. */
  errors: z.array(validationIssueSchema),
  /** Settings worth fixing; the team was created anyway. */
  warnings: z.array(validationIssueSchema),
});

export type CreateTeamResult = z.output<typeof createTeamResultSchema>;

export const admin = {
  createTeam: invoke('admin:create-team', createTeamRequestSchema, createTeamResultSchema),
} as const;
