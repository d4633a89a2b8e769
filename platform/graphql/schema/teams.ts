// Team creation for the desktop app's admin screen. This platform's own mutation: the
// external bucket is picked from the file stores the operator configured, so no request
// ever carries bucket credentials.
export const teamTypeDefs = /* GraphQL */ `
  enum StorageLevel {
    INSTANCE
    TEAM
  }

  "Where a new team's files go. For TEAM, provider and bucket name a configured file store."
  input TeamStorageInput {
    level: StorageLevel!
    "s3, gcs or azure (W&B's AWS, COREWEAVE, GCP and AZURE are accepted too)."
    provider: String
    "Bucket name; on Azure the container, or account/container."
    bucket: String
    "Folder inside the bucket for the team's files; default: the team name."
    path: String
    "AWS KMS key ARN, key id or alias for SSE-KMS (S3 only)."
    kmsKeyID: String
    azureTenantID: String
    azureClientID: String
  }

  input CreateTeamInput {
    teamName: String!
    "Default: the instance-level bucket."
    storage: TeamStorageInput
    "Usernames to add as members."
    members: [String!]
    clientMutationId: String
  }

  "A value that a validation message names, such as bucket or status."
  type IssueParam {
    name: String!
    value: String!
  }

  "One finding of the bucket checks. Clients translate by code and fill in the params."
  type ValidationIssue {
    "Stable upper-case code, such as BUCKET_CORS_MISSING."
    code: String!
    "The English message, the same text as in errors or warnings."
    message: String!
    params: [IssueParam!]!
  }

  type CreateTeamPayload {
    "Null when a bucket check in errors stopped the creation."
    team: Entity
    "Bucket settings worth fixing; the team was created anyway."
    warnings: [String!]!
    "Bucket checks that failed; no team was created."
    errors: [String!]!
    "The warnings with codes and params, in the same order."
    warningIssues: [ValidationIssue!]!
    "The errors with codes and params, in the same order."
    errorIssues: [ValidationIssue!]!
    clientMutationId: String
  }

  extend type Mutation {
    "Creates a team with its storage. Organisation admins only; a team's storage is fixed at creation."
    createTeam(input: CreateTeamInput!): CreateTeamPayload
  }
`;
