// Runs: create or update one, list a project's runs, read one run. W&B's mutations call a
// run a "bucket". Selections match W&B's `UpsertBucket`
// (wandb/core/api/graphql/mutation_run.graphql) and the run list with
// LightweightRunFragment / RunFragment in wandb/apis/public/runs.py.
import type { DateTimeString, GraphQLId, JsonString, JsonValue, PageInfoData } from './common';

export const upsertRunMutation = /* GraphQL */ `
  mutation UpsertRun(
    $id: String
    $name: String
    $project: String
    $entity: String
    $groupName: String
    $description: String
    $displayName: String
    $notes: String
    $commit: String
    $config: JSONString
    $host: String
    $debug: Boolean
    $program: String
    $repo: String
    $jobType: String
    $state: String
    $sweep: String
    $tags: [String!]
    $summaryMetrics: JSONString
  ) {
    upsertBucket(
      input: {
        id: $id
        name: $name
        groupName: $groupName
        modelName: $project
        entityName: $entity
        description: $description
        displayName: $displayName
        notes: $notes
        config: $config
        commit: $commit
        host: $host
        debug: $debug
        jobProgram: $program
        jobRepo: $repo
        jobType: $jobType
        state: $state
        sweep: $sweep
        tags: $tags
        summaryMetrics: $summaryMetrics
      }
    ) {
      bucket {
        id
        name
        displayName
        description
        config
        sweepName
        project {
          id
          name
          entity {
            id
            name
          }
        }
        historyLineCount
      }
      inserted
    }
  }
`;

/** Every field is optional: `id` updates an existing run, `name` + project + entity upserts. */
export interface UpsertRunVariables {
  /** Storage id of an existing run (`Run.id`), not its name. */
  id?: string | null;
  /** Run name, unique within the project (W&B's "run id" in URLs). */
  name?: string | null;
  project?: string | null;
  entity?: string | null;
  groupName?: string | null;
  description?: string | null;
  displayName?: string | null;
  notes?: string | null;
  commit?: string | null;
  config?: JsonString | null;
  host?: string | null;
  debug?: boolean | null;
  program?: string | null;
  repo?: string | null;
  jobType?: string | null;
  state?: string | null;
  sweep?: string | null;
  tags?: string[] | null;
  summaryMetrics?: JsonString | null;
}

export interface UpsertRunData {
  upsertBucket: {
    bucket: {
      id: GraphQLId;
      name: string;
      displayName: string | null;
      description: string | null;
      config: JsonString | null;
      sweepName: string | null;
      project: {
        id: GraphQLId;
        name: string;
        entity: { id: GraphQLId; name: string };
      } | null;
      historyLineCount: number | null;
    } | null;
    inserted: boolean | null;
  } | null;
}

/** Run fields cheap enough to list, called LightweightRunFragment in W&B's SDK. */
export const lightRunFields = /* GraphQL */ `
  fragment LightRunFields on Run {
    id
    tags
    name
    displayName
    sweepName
    state
    group
    jobType
    commit
    readOnly
    createdAt
    heartbeatAt
    description
    notes
    historyLineCount
    projectId
    user {
      name
      username
    }
  }
`;

export interface LightRunFieldsData {
  id: GraphQLId;
  tags: string[] | null;
  name: string;
  displayName: string | null;
  sweepName: string | null;
  state: string | null;
  group: string | null;
  jobType: string | null;
  commit: string | null;
  readOnly: boolean | null;
  createdAt: DateTimeString | null;
  heartbeatAt: DateTimeString | null;
  description: string | null;
  notes: string | null;
  historyLineCount: number | null;
  projectId: number | null;
  user: { name: string; username: string | null } | null;
}

/** All run fields including the large JSON ones, called RunFragment in W&B's SDK. */
export const runFields = /* GraphQL */ `
  fragment RunFields on Run {
    ...LightRunFields
    config
    systemMetrics
    summaryMetrics
    historyKeys
  }
  ${lightRunFields}
`;

export interface RunFieldsData extends LightRunFieldsData {
  config: JsonString | null;
  systemMetrics: JsonString | null;
  summaryMetrics: JsonString | null;
  historyKeys: JsonValue | null;
}

export const projectRunsQuery = /* GraphQL */ `
  query ListProjectRuns(
    $entity: String!
    $project: String!
    $cursor: String
    $perPage: Int = 50
    $order: String
    $filters: JSONString
  ) {
    project(name: $project, entityName: $entity) {
      internalId
      readOnly
      runCount(filters: $filters)
      runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        edges {
          node {
            ...LightRunFields
          }
        }
      }
    }
  }
  ${lightRunFields}
`;

export interface ProjectRunsVariables {
  entity: string;
  project: string;
  cursor?: string | null;
  /** Page size, 50 when omitted. */
  perPage?: number | null;
  /** Sort key such as `+created_at` or `-heartbeat_at` (leading sign sets the direction). */
  order?: string | null;
  /** JSON-encoded filter object, for example `{"state":"finished"}`. */
  filters?: JsonString | null;
}

export interface ProjectRunsData {
  project: {
    internalId: GraphQLId | null;
    readOnly: boolean | null;
    runCount: number | null;
    runs: {
      totalCount: number;
      pageInfo: PageInfoData;
      edges: { node: LightRunFieldsData }[];
    } | null;
  } | null;
}

export const runQuery = /* GraphQL */ `
  query GetRun($entity: String!, $project: String!, $name: String!) {
    project(name: $project, entityName: $entity) {
      run(name: $name) {
        ...RunFields
      }
    }
  }
  ${runFields}
`;

export interface RunVariables {
  entity: string;
  project: string;
  /** Run name (W&B's "run id"). */
  name: string;
}

export interface RunData {
  project: { run: RunFieldsData | null } | null;
}
