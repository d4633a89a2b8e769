// The `admin` namespace: team creation. Values the platform rejects (an unknown store or
// member, an existing team, a KMS key on Azure) come back as `errors` beside the form instead of
// as a failed request, because the form is where the user fixes them.
import { isPlatformRequestError, type PlatformRequestError } from '../../platform-client/index';
import type {
  TeamStorageVariables,
  ValidationIssueData,
} from '../../../shared/graphql/operations/index';
import {
  VALIDATION_ISSUE_CODES,
  type CreateTeamResult,
  type IpcContract,
  type RequestOf,
  type ValidationIssue,
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
      if (!isPlatformRequestError(error)) throw error;

      // A known reason is a form error whatever its class, such as NOT_ORG_ADMIN (FORBIDDEN).
      const rejection = rejectionIssue(error);
      if (rejection) return { team: null, errors: [rejection], warnings: [] };
      throw error;
    }
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(VALIDATION_ISSUE_CODES);

/**
 * Turns a rejected createTeam into a form error: under its reason when VALIDATION_ISSUE_CODES
 * lists it, else as REQUEST_REJECTED for the input classes. Returns null for other failures.
 */
function rejectionIssue(error: PlatformRequestError): ValidationIssue | null {
  const message = error.serverMessage ?? error.message;
  const reason = error.serverReason;
  if (reason && KNOWN_CODES.has(reason.reason)) {
    return { code: reason.reason, message, params: reason.params };
  }

  if (isPlatformRequestError(error, 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT')) {
    return { code: 'REQUEST_REJECTED', message, params: {} };
  }
  return null;
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
