// The signed-in user with their teams, and the server's version and feature flags.
// Selections match W&B's `Viewer`, `ServerInfo` and `ServerFeaturesQuery` documents
// (wandb/core/api/graphql/query_viewer.graphql, query_server_info.graphql,
// query_server_features.graphql).
import type { JsonString, JsonValue, NodeEdge } from './common';

export const viewerQuery = /* GraphQL */ `
  query ViewerWithTeams {
    viewer {
      id
      entity
      username
      email
      flags
      teams {
        edges {
          node {
            name
          }
        }
      }
    }
  }
`;

export type ViewerVariables = Record<string, never>;

export interface ViewerData {
  viewer: {
    id: string;
    /** Name of the user's default entity. */
    entity: string | null;
    username: string | null;
    email: string | null;
    flags: JsonString | null;
    teams: { edges: NodeEdge<{ name: string } | null>[] } | null;
  } | null;
}

export const serverInfoQuery = /* GraphQL */ `
  query ServerInfoWithFeatures {
    serverInfo {
      cliVersionInfo
      latestLocalVersionInfo {
        outOfDate
        latestVersionString
        versionOnThisInstanceString
      }
      features {
        name
        isEnabled
      }
    }
  }
`;

export type ServerInfoVariables = Record<string, never>;

/** One named server capability, such as `ARTIFACT_COLLECTION_MEMBERSHIP_FILES`. */
export interface ServerFeatureData {
  name: string;
  isEnabled: boolean;
}

export interface ServerInfoData {
  serverInfo: {
    /** Free-form object. W&B's SDK reads `max_cli_version` from it. */
    cliVersionInfo: JsonValue | null;
    latestLocalVersionInfo: {
      outOfDate: boolean;
      latestVersionString: string;
      versionOnThisInstanceString: string;
    } | null;
    features: (ServerFeatureData | null)[] | null;
  } | null;
}
