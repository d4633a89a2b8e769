// Read-only operations: projects, runs, run files and artifacts, one page per call.
// iterating-client.ts walks every page of them.
import {
  artifactByIdQuery,
  artifactCollectionsQuery,
  artifactMembershipFilesQuery,
  artifactMembershipQuery,
  artifactTypesQuery,
  artifactVersionsQuery,
  projectRunsQuery,
  projectsQuery,
  runFilesQuery,
  type ArtifactByIdData,
  type ArtifactByIdVariables,
  type ArtifactCollectionsData,
  type ArtifactCollectionsVariables,
  type ArtifactMembershipData,
  type ArtifactMembershipVariables,
  type ArtifactMembershipFilesData,
  type ArtifactMembershipFilesVariables,
  type ArtifactTypesData,
  type ArtifactTypesVariables,
  type ArtifactVersionsData,
  type ArtifactVersionsVariables,
  type ProjectRunsData,
  type ProjectRunsVariables,
  type ProjectsData,
  type ProjectsVariables,
  type RunFilesData,
  type RunFilesVariables,
} from '../../shared/graphql/operations/index';
import { PlatformClientCore, type RequestOptions } from './core-client';

/** One page request: the previous page's `endCursor` (null for the first) and the page size. */
export interface PageOptions extends RequestOptions {
  cursor?: string | null;
  /** Page size; the server's default (50 on W&B and this platform) when omitted. */
  perPage?: number | null;
}

export interface RunListOptions {
  /** Sort key such as `-created_at`. */
  order?: string | null;
  /** JSON-encoded filter, such as `{"state":"finished"}`. */
  filters?: string | null;
}

export interface RunFileListOptions {
  fileNames?: string[] | null;
  /** Ask for pre-signed upload URLs in `url` instead of download URLs. */
  upload?: boolean | null;
  /** SQL LIKE pattern such as `%.json`. */
  pattern?: string | null;
}

export interface ArtifactVersionListOptions extends RunListOptions {
  /** Select each version's aliases; true when omitted. */
  includeAliases?: boolean | null;
}

function page(options: PageOptions) {
  return { cursor: options.cursor ?? null, perPage: options.perPage ?? null };
}

export class PlatformBrowseClient extends PlatformClientCore {
  /** Returns one page of the projects of `entity` (a user or team name). */
  projects(entity: string, options: PageOptions = {}): Promise<ProjectsData> {
    return this.request<ProjectsData, ProjectsVariables>(
      projectsQuery,
      { entity, ...page(options) },
      options,
    );
  }

  /** Returns one page of a project's runs, with the project's run count. */
  runs(
    entity: string,
    project: string,
    options: PageOptions & RunListOptions = {},
  ): Promise<ProjectRunsData> {
    const { order = null, filters = null } = options;
    return this.request<ProjectRunsData, ProjectRunsVariables>(
      projectRunsQuery,
      { entity, project, ...page(options), order, filters },
      options,
    );
  }

  /** Returns one page of a run's files. `run` is the run's name (W&B's "run id"). */
  runFiles(
    entity: string,
    project: string,
    run: string,
    options: PageOptions & RunFileListOptions = {},
  ): Promise<RunFilesData> {
    const { fileNames = [], upload = false, pattern = null } = options;
    return this.request<RunFilesData, RunFilesVariables>(
      runFilesQuery,
      { entity, project, run, ...page(options), fileNames, upload, pattern },
      options,
    );
  }

  /** Returns one page of the artifact types used in a project. */
  artifactTypes(
    entity: string,
    project: string,
    options: PageOptions = {},
  ): Promise<ArtifactTypesData> {
    return this.request<ArtifactTypesData, ArtifactTypesVariables>(
      artifactTypesQuery,
      { entity, project, ...page(options) },
      options,
    );
  }

  /** Returns one page of the collections of artifact type `type` in a project. */
  artifactCollections(
    entity: string,
    project: string,
    type: string,
    options: PageOptions = {},
  ): Promise<ArtifactCollectionsData> {
    return this.request<ArtifactCollectionsData, ArtifactCollectionsVariables>(
      artifactCollectionsQuery,
      { entity, project, type, ...page(options) },
      options,
    );
  }

  /** Returns one page of the versions in a collection. */
  artifactVersions(
    entity: string,
    project: string,
    type: string,
    collection: string,
    options: PageOptions & ArtifactVersionListOptions = {},
  ): Promise<ArtifactVersionsData> {
    const { order = null, filters = null, includeAliases = true } = options;
    const variables = {
      entity,
      project,
      type,
      collection,
      ...page(options),
      order,
      filters,
      includeAliases,
    };
    return this.request<ArtifactVersionsData, ArtifactVersionsVariables>(
      artifactVersionsQuery,
      variables,
      options,
    );
  }

  /** Returns one version by `collection:alias` name, such as `mnist:v3` or `mnist:latest`. */
  artifactMembership(
    entity: string,
    project: string,
    name: string,
    options: RequestOptions & { includeAliases?: boolean } = {},
  ): Promise<ArtifactMembershipData> {
    const includeAliases = options.includeAliases ?? false;
    return this.request<ArtifactMembershipData, ArtifactMembershipVariables>(
      artifactMembershipQuery,
      { entity, project, name, includeAliases },
      options,
    );
  }

  /** Returns one page of a version's files with pre-signed download URLs. */
  artifactMembershipFiles(
    entity: string,
    project: string,
    collection: string,
    alias: string,
    options: PageOptions & { fileNames?: string[] | null } = {},
  ): Promise<ArtifactMembershipFilesData> {
    const variables = {
      entity,
      project,
      collection,
      alias,
      ...page(options),
      fileNames: options.fileNames ?? null,
    };
    return this.request<ArtifactMembershipFilesData, ArtifactMembershipFilesVariables>(
      artifactMembershipFilesQuery,
      variables,
      options,
    );
  }

  /** Returns one version by its id, with the pre-signed URL of its manifest. */
  artifactById(
    id: string,
    options: RequestOptions & { includeAliases?: boolean } = {},
  ): Promise<ArtifactByIdData> {
    return this.request<ArtifactByIdData, ArtifactByIdVariables>(
      artifactByIdQuery,
      { id, includeAliases: options.includeAliases ?? true },
      options,
    );
  }
}
