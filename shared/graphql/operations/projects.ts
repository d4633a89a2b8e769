// Projects of an entity, page by page, and one project by name. W&B's schema calls the
// project list `models`. Selections match W&B's `GetProjects` and `GetProject` documents
// (wandb/tools/graphql_codegen/api/projects.graphql).
import type { DateTimeString, GraphQLId, NodeConnection } from './common';

export const projectFields = /* GraphQL */ `
  fragment ProjectFields on Project {
    id
    name
    entityName
    createdAt
    isBenchmark
  }
`;

export interface ProjectFieldsData {
  id: GraphQLId;
  name: string;
  entityName: string;
  createdAt: DateTimeString;
  isBenchmark: boolean;
}

export const projectsQuery = /* GraphQL */ `
  query ListProjects($entity: String, $cursor: String, $perPage: Int = 50) {
    models(entityName: $entity, after: $cursor, first: $perPage) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          ...ProjectFields
        }
      }
    }
  }
  ${projectFields}
`;

export interface ProjectsVariables {
  /** Name of the user or team whose projects to list. */
  entity?: string | null;
  /** `pageInfo.endCursor` of the previous page. */
  cursor?: string | null;
  /** Page size, 50 when omitted. */
  perPage?: number | null;
}

export interface ProjectsData {
  models: NodeConnection<ProjectFieldsData | null> | null;
}

export const projectQuery = /* GraphQL */ `
  query GetProject($entity: String!, $project: String!) {
    project(name: $project, entityName: $entity) {
      ...ProjectFields
    }
  }
  ${projectFields}
`;

export interface ProjectVariables {
  entity: string;
  project: string;
}

export interface ProjectData {
  project: ProjectFieldsData | null;
}
