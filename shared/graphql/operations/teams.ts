// The signed-in user with each team's storage, and team creation, as byob-platform's schema
// defines them (platform/graphql/schema/). `createTeam` with `storage` is this platform's own
// mutation. NOTE: whether W&B's servers offer `User.admin` and `Entity.storageBucketInfo` is not
// checked, so callers treat NOT_SUPPORTED as "fall back to `ViewerWithTeams`".

export const storageBucketInfoFields = /* GraphQL */ `
  fragment StorageBucketInfoFields on StorageBucketInfo {
    provider
    name
    path
    level
    kmsKeyID
    azureTenantID
    azureClientID
  }
`;

export interface StorageBucketInfoData {
  /** `s3`, `gcs` or `azure`. */
  provider: string;
  /** Bucket name; the container on Azure. */
  name: string;
  path: string | null;
  /** `INSTANCE` for the shared instance-level bucket, `TEAM` for the team's own. */
  level: string;
  kmsKeyID: string | null;
  azureTenantID: string | null;
  azureClientID: string | null;
}

export const viewerTeamsStorageQuery = /* GraphQL */ `
  query ViewerTeamsStorage {
    viewer {
      id
      entity
      username
      email
      admin
      teams {
        edges {
          node {
            name
            storageBucketInfo {
              ...StorageBucketInfoFields
            }
          }
        }
      }
    }
  }
  ${storageBucketInfoFields}
`;

export type ViewerTeamsStorageVariables = Record<string, never>;

export interface ViewerTeamsStorageData {
  viewer: {
    id: string;
    entity: string | null;
    username: string | null;
    email: string | null;
    admin: boolean | null;
    teams: {
      edges: {
        node: { name: string; storageBucketInfo: StorageBucketInfoData | null } | null;
      }[];
    } | null;
  } | null;
}

const validationIssueFields = /* GraphQL */ `
  fragment ValidationIssueFields on ValidationIssue {
    code
    message
    params {
      name
      value
    }
  }
`;

/** One bucket check finding: a stable code, the English message and the values it names. */
export interface ValidationIssueData {
  code: string;
  message: string;
  params: { name: string; value: string }[];
}

// NOTE: A byob-platform without the errorIssues and warningIssues fields fails this whole
// mutation with a GraphQL validation error, so the app needs a platform with those fields.
export const createTeamMutation = /* GraphQL */ `
  mutation CreateTeam($input: CreateTeamInput!) {
    createTeam(input: $input) {
      team {
        id
        name
        storageBucketInfo {
          ...StorageBucketInfoFields
        }
      }
      warnings
      errors
      warningIssues {
        ...ValidationIssueFields
      }
      errorIssues {
        ...ValidationIssueFields
      }
    }
  }
  ${storageBucketInfoFields}
  ${validationIssueFields}
`;

export interface TeamStorageVariables {
  level: 'INSTANCE' | 'TEAM';
  /** `s3`, `gcs` or `azure`. */
  provider?: string | null;
  /** Bucket name; on Azure the container, or `account/container`. */
  bucket?: string | null;
  /** Folder for the team's files inside the bucket; the team name when omitted. */
  path?: string | null;
  /** AWS KMS key ARN, key id or alias (S3 only). */
  kmsKeyID?: string | null;
  azureTenantID?: string | null;
  azureClientID?: string | null;
}

export interface CreateTeamVariables {
  input: {
    teamName: string;
    /** The instance-level bucket when omitted. */
    storage?: TeamStorageVariables | null;
    /** User names to add as members. */
    members?: string[] | null;
  };
}

export interface CreateTeamData {
  createTeam: {
    /** Null when a bucket check listed in `errors` stopped the creation. */
    team: { id: string; name: string; storageBucketInfo: StorageBucketInfoData | null } | null;
    warnings: string[];
    errors: string[];
    /** The warnings with codes and params, in the same order. */
    warningIssues: ValidationIssueData[];
    /** The errors with codes and params, in the same order. */
    errorIssues: ValidationIssueData[];
  } | null;
}
