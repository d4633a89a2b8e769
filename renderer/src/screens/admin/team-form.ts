// The create-team form's values and the request they make. Only the fields of the chosen
// storage go into the request, because the contract rejects fields of another provider.
import type { CreateTeamRequest, TeamStorageInput } from '../../../../shared/ipc/index';

export type Provider = 's3' | 'gcs' | 'azure';

export interface TeamFormValues {
  teamName: string;
  level: 'INSTANCE' | 'TEAM';
  provider: Provider;
  bucket: string;
  account: string;
  container: string;
  path: string;
  kmsKeyId: string;
  azureTenantId: string;
  azureClientId: string;
  /** User names separated by commas, spaces or lines. */
  members: string;
}

export const EMPTY_TEAM_FORM: TeamFormValues = {
  teamName: '',
  level: 'TEAM',
  provider: 's3',
  bucket: '',
  account: '',
  container: '',
  path: '',
  kmsKeyId: '',
  azureTenantId: '',
  azureClientId: '',
  members: '',
};

/** Returns the trimmed value as `{ key: value }`, or no field when the value is blank. */
function optional<K extends string>(key: K, value: string): { [P in K]?: string } {
  const trimmed = value.trim();
  return (trimmed === '' ? {} : { [key]: trimmed }) as { [P in K]?: string };
}

function storageOf(form: TeamFormValues): TeamStorageInput {
  if (form.level === 'INSTANCE') return { level: 'INSTANCE' };
  const path = optional('path', form.path);

  switch (form.provider) {
    case 's3':
      return {
        level: 'TEAM',
        provider: 's3',
        bucket: form.bucket.trim(),
        ...path,
        ...optional('kmsKeyId', form.kmsKeyId),
      };
    case 'gcs':
      return { level: 'TEAM', provider: 'gcs', bucket: form.bucket.trim(), ...path };
    case 'azure':
      return {
        level: 'TEAM',
        provider: 'azure',
        container: form.container.trim(),
        ...optional('account', form.account),
        ...path,
        ...optional('azureTenantId', form.azureTenantId),
        ...optional('azureClientId', form.azureClientId),
      };
  }
}

export function requestOf(form: TeamFormValues): CreateTeamRequest {
  const members = form.members
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    teamName: form.teamName.trim(),
    storage: storageOf(form),
    members: [...new Set(members)],
  };
}
