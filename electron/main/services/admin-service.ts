// The `admin` namespace: team creation. Values the platform rejects (an unknown store or
// member, an existing team, a KMS key on Azure) come back as `errors` beside the form instead of
// as a failed request, because the form is where the user fixes them.
import { isPlatformRequestError } from '../../platform-client/index';
import type {
  TeamStorageVariables,
  ValidationIssueData,
} from '../../../shared/graphql/operations/index';
import type {
  CreateTeamResult,
  IpcContract,
  RequestOf,
  ValidationIssue,
} from '../../../shared/ipc/index';
import type { SessionState } from './session';
import type { NamespaceService } from './types';
import { toTeamStorage } from './viewer';

type CreateTeamRequest = RequestOf<IpcContract['admin']['createTeam']>;

export class AdminService implements NamespaceService<IpcContract['admin']> {
  constructor(private readonly session: SessionState) {}

  async createTeam(request: CreateTeamRequest): Promise<CreateTeamResult> {
    const client = this.session.client();

    try {
      const data = await client.createTeam({
        input: {
          teamName: request.teamName,
          storage: storageVariables(request.storage),
          members: request.members,
        },
      });
      const payload = data.createTeam!;
      const team = payload.team
        ? { name: payload.team.name, storage: toTeamStorage(payload.team.storageBucketInfo) }
        : null;
      return {
        team,
        errors: payload.errorIssues.map(toIssue),
        warnings: payload.warningIssues.map(toIssue),
      };
    } catch (error) {
      if (isPlatformRequestError(error, 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT')) {
        const message = error.serverMessage ?? error.message;
        return {
          team: null,
          errors: [{ code: 'REQUEST_REJECTED', message, params: {} }],
          warnings: [],
        };
      }
      throw error;
    }
  }
}

function toIssue(issue: ValidationIssueData): ValidationIssue {
  const params = Object.fromEntries(issue.params.map((param) => [param.name, param.value]));
  return { code: issue.code, message: issue.message, params };
}

function storageVariables(storage: CreateTeamRequest['storage']): TeamStorageVariables {
  if (storage.level === 'INSTANCE') return { level: 'INSTANCE' };

  switch (storage.provider) {
    case 's3':
      return {
        level: 'TEAM',
        provider: 's3',
        bucket: storage.bucket,
        path: storage.path ?? null,
        kmsKeyID: storage.kmsKeyId ?? null,
      };
    case 'gcs':
      return { level: 'TEAM', provider: 'gcs', bucket: storage.bucket, path: storage.path ?? null };
    case 'azure':
      return {
        level: 'TEAM',
        provider: 'azure',
        bucket: storage.account ? `${storage.account}/${storage.container}` : storage.container,
        path: storage.path ?? null,
        azureTenantID: storage.azureTenantId ?? null,
        azureClientID: storage.azureClientId ?? null,
      };
  }
}
