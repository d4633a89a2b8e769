// Async iterators over every page of the browse operations, such as
// `for await (const file of client.iterateArtifactFiles(entity, project, name, alias))`.
// A parent object that the platform does not return (an unknown project, collection or
// version) ends the walk with NOT_FOUND, so a misspelt name is not mistaken for an empty list.
import type {
  ArtifactCollectionFieldsData,
  ArtifactFieldsData,
  ArtifactFileFieldsData,
  ArtifactTypeData,
  LightRunFieldsData,
  ProjectFieldsData,
  RunFileFieldsData,
} from '../../shared/graphql/operations/index';
import {
  PlatformBrowseClient,
  type ArtifactVersionListOptions,
  type RunFileListOptions,
  type RunListOptions,
} from './browse-client';
import type { RequestOptions } from './core-client';
import { DEFAULT_PAGE_SIZE, checkPageSize, walkPages, type RelayPage } from './paging';

/** Options of the iterators. */
export interface IterateOptions extends RequestOptions {
  /** Nodes per request, 50 when omitted. */
  pageSize?: number;
}

/** One version as the versions list returns it: its name in the collection and its fields. */
export interface ArtifactVersionEdge {
  /** Version name within the collection, such as `v3`. */
  version: string;
  node: ArtifactFieldsData;
}

export class PlatformIteratingClient extends PlatformBrowseClient {
  /** Yields every project of `entity`. */
  iterateProjects(entity: string, options: IterateOptions = {}): AsyncGenerator<ProjectFieldsData> {
    return this.walk('ListProjects', options, async (cursor, perPage) => {
      const data = await this.projects(entity, { ...options, cursor, perPage });
      if (!data.models) throw this.notFound('ListProjects', `entity "${entity}"`);
      return { nodes: data.models.edges.map((edge) => edge.node), pageInfo: data.models.pageInfo };
    });
  }

  /** Yields every run of a project. */
  iterateRuns(
    entity: string,
    project: string,
    options: IterateOptions & RunListOptions = {},
  ): AsyncGenerator<LightRunFieldsData> {
    return this.walk('ListProjectRuns', options, async (cursor, perPage) => {
      const data = await this.runs(entity, project, { ...options, cursor, perPage });
      const runs = data.project?.runs;
      if (!runs) throw this.notFound('ListProjectRuns', `project "${entity}/${project}"`);
      return { nodes: runs.edges.map((edge) => edge.node), pageInfo: runs.pageInfo };
    });
  }

  /** Yields every file of a run. */
  iterateRunFiles(
    entity: string,
    project: string,
    run: string,
    options: IterateOptions & RunFileListOptions = {},
  ): AsyncGenerator<RunFileFieldsData> {
    return this.walk('ListRunFiles', options, async (cursor, perPage) => {
      const data = await this.runFiles(entity, project, run, { ...options, cursor, perPage });
      const files = data.project?.run?.files;
      if (!files) throw this.notFound('ListRunFiles', `run "${entity}/${project}/${run}"`);
      return { nodes: files.edges.map((edge) => edge.node), pageInfo: files.pageInfo };
    });
  }

  /** Yields every artifact type used in a project. */
  iterateArtifactTypes(
    entity: string,
    project: string,
    options: IterateOptions = {},
  ): AsyncGenerator<ArtifactTypeData> {
    return this.walk('ListArtifactTypes', options, async (cursor, perPage) => {
      const data = await this.artifactTypes(entity, project, { ...options, cursor, perPage });
      const types = data.project?.artifactTypes;
      if (!types) throw this.notFound('ListArtifactTypes', `project "${entity}/${project}"`);
      return { nodes: types.edges.map((edge) => edge.node), pageInfo: types.pageInfo };
    });
  }

  /** Yields every collection of one artifact type in a project. */
  iterateArtifactCollections(
    entity: string,
    project: string,
    type: string,
    options: IterateOptions = {},
  ): AsyncGenerator<ArtifactCollectionFieldsData> {
    return this.walk('ListArtifactCollections', options, async (cursor, perPage) => {
      const data = await this.artifactCollections(entity, project, type, {
        ...options,
        cursor,
        perPage,
      });
      const collections = data.project?.artifactType?.artifactCollections;
      if (!collections) {
        throw this.notFound(
          'ListArtifactCollections',
          `artifact type "${type}" in "${entity}/${project}"`,
        );
      }
      return { nodes: collections.edges.map((edge) => edge.node), pageInfo: collections.pageInfo };
    });
  }

  /** Yields every version in a collection with its version name. */
  iterateArtifactVersions(
    entity: string,
    project: string,
    type: string,
    collection: string,
    options: IterateOptions & ArtifactVersionListOptions = {},
  ): AsyncGenerator<ArtifactVersionEdge> {
    return this.walk('ListArtifactVersions', options, async (cursor, perPage) => {
      const data = await this.artifactVersions(entity, project, type, collection, {
        ...options,
        cursor,
        perPage,
      });
      const versions = data.project?.artifactType?.artifactCollection?.artifacts;
      if (!versions) {
        throw this.notFound(
          'ListArtifactVersions',
          `collection "${collection}" of type "${type}" in "${entity}/${project}"`,
        );
      }
      return { nodes: versions.edges, pageInfo: versions.pageInfo };
    });
  }

  /** Yields every file of the version `collection:alias`, with pre-signed download URLs. */
  iterateArtifactFiles(
    entity: string,
    project: string,
    collection: string,
    alias: string,
    options: IterateOptions & { fileNames?: string[] | null } = {},
  ): AsyncGenerator<ArtifactFileFieldsData> {
    return this.walk('ListArtifactMembershipFiles', options, async (cursor, perPage) => {
      const data = await this.artifactMembershipFiles(entity, project, collection, alias, {
        ...options,
        cursor,
        perPage,
      });
      const files = data.project?.artifactCollection?.artifactMembership?.files;
      if (!files) {
        throw this.notFound(
          'ListArtifactMembershipFiles',
          `version "${collection}:${alias}" in "${entity}/${project}"`,
        );
      }
      return { nodes: files.edges.map((edge) => edge.node), pageInfo: files.pageInfo };
    });
  }

  private walk<TNode>(
    operationName: string,
    options: IterateOptions,
    fetchPage: (cursor: string | null, perPage: number) => Promise<RelayPage<TNode>>,
  ): AsyncGenerator<TNode> {
    const perPage = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
    return walkPages((cursor) => fetchPage(cursor, perPage), { operationName, host: this.host });
  }
}
