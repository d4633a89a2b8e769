// Reads the signed-in user and their teams' storage in one request, falling back to W&B's
// plain viewer query on servers without `admin` or `storageBucketInfo`.
import { isPlatformRequestError, type PlatformClient } from '../../platform-client/index';
import type { StorageBucketInfoData } from '../../../shared/graphql/operations/index';
import type { Team, TeamStorage, Viewer } from '../../../shared/ipc/index';
import { ServiceError } from './errors';

export interface ViewerWithTeams {
  viewer: Viewer;
  teams: Team[];
}

export async function fetchViewer(client: PlatformClient): Promise<ViewerWithTeams> {
  try {
    const data = await client.viewerTeamsStorage();
    const viewer = data.viewer;
    if (!viewer) throw noViewer(client.host);

    const teams = (viewer.teams?.edges ?? []).flatMap((edge) =>
      edge.node
        ? [{ name: edge.node.name, storage: toTeamStorage(edge.node.storageBucketInfo) }]
        : [],
    );
    return { viewer: viewerOf(viewer, viewer.admin === true, teams), teams };
  } catch (error) {
    if (!isPlatformRequestError(error, 'NOT_SUPPORTED')) throw error;
  }

  const data = await client.viewer();
  const viewer = data.viewer;
  if (!viewer) throw noViewer(client.host);
  const teams = (viewer.teams?.edges ?? []).flatMap((edge) =>
    edge.node ? [{ name: edge.node.name, storage: null }] : [],
  );
  return { viewer: viewerOf(viewer, false, teams), teams };
}

function viewerOf(
  viewer: { username: string | null; email: string | null; entity: string | null },
  admin: boolean,
  teams: Team[],
): Viewer {
  return {
    username: viewer.username ?? viewer.entity ?? '',
    email: viewer.email,
    entity: viewer.entity,
    admin,
    teams: teams.map((team) => team.name),
  };
}

/** Converts the platform's storage description to the IPC shape; null when there is none. */
export function toTeamStorage(info: StorageBucketInfoData | null): TeamStorage | null {
  if (!info) return null;
  return {
    provider: info.provider,
    bucket: info.name,
    path: info.path,
    level: info.level === 'TEAM' ? 'TEAM' : 'INSTANCE',
    kmsKeyId: info.kmsKeyID,
    azureTenantId: info.azureTenantID,
    azureClientId: info.azureClientID,
  };
}

// The platform returns null for the viewer of an unknown key instead of an error.
function noViewer(host: string): ServiceError {
  return new ServiceError(
    'UNAUTHENTICATED',
    `The platform at ${host} did not accept the API key: it returned no user. Check the key.`,
    { reason: 'wrong-key' },
  );
}
