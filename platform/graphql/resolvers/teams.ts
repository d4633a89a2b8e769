import { createTeamWithStorage, type TeamStorageRequest } from '../../accounts/team-storage';
import { PlatformError, badInput, forbidden } from '../../core/errors';
import type { StorageAddress } from '../../storage/address';
import { findFileStore } from '../../storage/file-stores';
import type { RequestContext } from '../context';

interface TeamStorageInput {
  level: 'INSTANCE' | 'TEAM';
  provider?: string | null;
  bucket?: string | null;
  path?: string | null;
  kmsKeyID?: string | null;
  azureTenantID?: string | null;
  azureClientID?: string | null;
}

interface CreateTeamArgs {
  input: {
    teamName: string;
    storage?: TeamStorageInput | null;
    members?: string[] | null;
    clientMutationId?: string | null;
  };
}

// Provider names as this platform writes them and as W&B's CloudProvider enum does.
const PROVIDER_NAMES: Record<string, StorageAddress['provider']> = {
  s3: 's3',
  aws: 's3',
  coreweave: 's3',
  cw: 's3',
  gcs: 'gcs',
  gcp: 'gcs',
  gs: 'gcs',
  azure: 'azure',
  az: 'azure',
};

function parseProvider(value: string | null | undefined): StorageAddress['provider'] {
  const provider = value ? PROVIDER_NAMES[value.trim().toLowerCase()] : undefined;
  if (!provider) {
    throw badInput(
      `Unknown storage provider "${value ?? ''}": use s3, gcs or azure (or AWS, COREWEAVE, GCP, AZURE).`,
      { reason: 'UNKNOWN_STORAGE_PROVIDER', params: { provider: value ?? '' } },
    );
  }
  return provider;
}

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** Turns the API's storage input into a request, picking the bucket from the file stores. */
function storageRequest(ctx: RequestContext, input: TeamStorageInput): TeamStorageRequest {
  const options = {
    path: orUndefined(input.path),
    kmsKeyId: orUndefined(input.kmsKeyID),
    azureTenantId: orUndefined(input.azureTenantID),
    azureClientId: orUndefined(input.azureClientID),
  };
  if (input.level === 'INSTANCE') {
    if (input.provider || input.bucket) {
      throw badInput(
        'Storage level INSTANCE takes no provider or bucket: drop them, or use level TEAM with a configured file store.',
        { reason: 'INSTANCE_STORAGE_WITH_BUCKET' },
      );
    }
    return { level: 'instance', ...options };
  }

  if (!input.bucket) {
    throw badInput('Storage level TEAM needs a bucket: name one of the configured file stores.', {
      reason: 'TEAM_BUCKET_MISSING',
    });
  }
  const stores = ctx.teamStorage?.fileStores ?? [];
  const address = findFileStore(stores, input.bucket, parseProvider(input.provider));
  return { level: 'team', address, ...options };
}

export const teamResolvers = {
  Mutation: {
    createTeam: async (_root: unknown, { input }: CreateTeamArgs, ctx: RequestContext) => {
      if (ctx.user.role !== 'admin') {
        throw forbidden(
          `Only organisation admins may create teams, and ${ctx.user.username} is not one: ask an admin to create team "${input.teamName}".`,
          {
            reason: 'NOT_ORG_ADMIN',
            params: { username: ctx.user.username, team: input.teamName },
          },
        );
      }
      const settings = ctx.teamStorage;
      if (!settings) {
        throw new PlatformError(
          'INTERNAL',
          'This server was started without team storage settings, so it cannot create teams: start it with byob-platform serve.',
          { reason: 'TEAM_STORAGE_NOT_CONFIGURED' },
        );
      }

      const storage = storageRequest(ctx, input.storage ?? { level: 'INSTANCE' });
      const outcome = await createTeamWithStorage(ctx.db, settings, {
        name: input.teamName,
        members: input.members ?? [],
        storage,
      });

      if (outcome.team === null) {
        ctx.log.info(
          {
            team: input.teamName,
            codes: outcome.errorIssues.map((issue) => issue.code),
            errors: outcome.errors,
          },
          'team not created: its bucket failed validation',
        );
      } else {
        ctx.log.info(
          { team: outcome.team.name, level: storage.level, warnings: outcome.warnings.length },
          'team created',
        );
      }
      return {
        team: outcome.team,
        warnings: outcome.warnings,
        errors: outcome.errors,
        warningIssues: outcome.warningIssues,
        errorIssues: outcome.errorIssues,
        clientMutationId: input.clientMutationId ?? null,
      };
    },
  },
};
