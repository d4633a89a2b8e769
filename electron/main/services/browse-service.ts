// The `browse` namespace: one platform request per page. The platform's Relay cursors pass
// through as `nextCursor`, and pre-signed URLs in the responses are dropped here so they
// never reach the renderer.
import type { PlatformClient } from '../../platform-client/index';
import type { PageInfoData } from '../../../shared/graphql/operations/index';
import type { IpcContract, RequestOf, ResponseOf } from '../../../shared/ipc/index';
import { ServiceError } from './errors';
import type { SessionState } from './session';
import type { NamespaceService } from './types';

type Browse = IpcContract['browse'];
type Request<M extends keyof Browse> = RequestOf<Browse[M]>;
type Response<M extends keyof Browse> = ResponseOf<Browse[M]>;

export class BrowseService implements NamespaceService<Browse> {
  constructor(private readonly session: SessionState) {}

  private get client(): PlatformClient {
    return this.session.client();
  }

  async projects(request: Request<'projects'>): Promise<Response<'projects'>> {
    const data = await this.client.projects(request.entity, pageOf(request));
    if (!data.models) throw notFound(`entity "${request.entity}"`);
    const items = nodes(data.models.edges).map((project) => ({
      name: project.name,
      entity: project.entityName,
      createdAt: project.createdAt,
    }));
    return page(items, data.models.pageInfo, null);
  }

  async artifactTypes(request: Request<'artifactTypes'>): Promise<Response<'artifactTypes'>> {
    const { entity, project } = request;
    const data = await this.client.artifactTypes(entity, project, pageOf(request));
    const types = data.project?.artifactTypes;
    if (!types) throw notFound(`project "${entity}/${project}"`);
    const items = nodes(types.edges).map((type) => ({
      name: type.name,
      description: type.description,
      createdAt: type.createdAt,
    }));
    return page(items, types.pageInfo, null);
  }

  async collections(request: Request<'collections'>): Promise<Response<'collections'>> {
    const { entity, project, type } = request;
    const data = await this.client.artifactCollections(entity, project, type, pageOf(request));
    const collections = data.project?.artifactType?.artifactCollections;
    if (!collections) throw notFound(`artifact type "${type}" in "${entity}/${project}"`);
    const items = nodes(collections.edges).map((collection) => ({
      name: collection.name,
      type: collection.defaultArtifactType.name,
      description: collection.description,
      createdAt: collection.createdAt,
      kind:
        collection.__typename === 'ArtifactPortfolio'
          ? ('portfolio' as const)
          : ('sequence' as const),
    }));
    return page(items, collections.pageInfo, collections.totalCount);
  }

  async versions(request: Request<'versions'>): Promise<Response<'versions'>> {
    const { entity, project, type, collection } = request;
    const data = await this.client.artifactVersions(entity, project, type, collection, {
      ...pageOf(request),
      includeAliases: true,
    });
    const versions = data.project?.artifactType?.artifactCollection?.artifacts;
    if (!versions)
      throw notFound(`collection "${collection}" of type "${type}" in "${entity}/${project}"`);
    const items = versions.edges.map(({ version, node }) => ({
      id: node.id,
      version,
      // Aliases of this collection only: a version linked into a portfolio has others there.
      aliases: (node.aliases ?? [])
        .filter(
          (alias) => !alias.artifactCollection || alias.artifactCollection.name === collection,
        )
        .map((alias) => alias.alias),
      state: node.state,
      size: node.size,
      fileCount: node.fileCount,
      digest: node.digest,
      description: node.description,
      createdAt: node.createdAt,
    }));
    return page(items, versions.pageInfo, versions.totalCount);
  }

  async versionFiles(request: Request<'versionFiles'>): Promise<Response<'versionFiles'>> {
    const { entity, project, collection, version } = request;
    const data = await this.client.artifactMembershipFiles(
      entity,
      project,
      collection,
      version,
      pageOf(request),
    );
    const files = data.project?.artifactCollection?.artifactMembership?.files;
    if (!files) throw notFound(`version "${collection}:${version}" in "${entity}/${project}"`);
    const items = nodes(files.edges).map((file) => ({
      path: file.name,
      size: file.sizeBytes,
      md5: file.md5,
      digest: file.digest,
      updatedAt: file.updatedAt,
    }));
    return page(items, files.pageInfo, files.totalCount);
  }

  async runs(request: Request<'runs'>): Promise<Response<'runs'>> {
    const { entity, project } = request;
    const data = await this.client.runs(entity, project, {
      ...pageOf(request),
      order: '-created_at',
    });
    const runs = data.project?.runs;
    if (!runs) throw notFound(`project "${entity}/${project}"`);
    const items = nodes(runs.edges).map((run) => ({
      name: run.name,
      displayName: run.displayName,
      state: run.state,
      createdAt: run.createdAt,
    }));
    return page(items, runs.pageInfo, runs.totalCount ?? null);
  }

  async runFiles(request: Request<'runFiles'>): Promise<Response<'runFiles'>> {
    const { entity, project, run } = request;
    const data = await this.client.runFiles(entity, project, run, pageOf(request));
    const files = data.project?.run?.files;
    if (!files) throw notFound(`run "${entity}/${project}/${run}"`);
    const items = nodes(files.edges).map((file) => ({
      path: file.name,
      size: file.sizeBytes,
      md5: file.md5,
      digest: null,
      updatedAt: file.updatedAt,
    }));
    return page(items, files.pageInfo, data.project?.run?.fileCount ?? null);
  }
}

function pageOf(request: { cursor: string | null; pageSize: number }) {
  return { cursor: request.cursor, perPage: request.pageSize };
}

function nodes<T>(edges: { node: T | null }[]): T[] {
  return edges.flatMap((edge) => (edge.node === null ? [] : [edge.node]));
}

function page<T>(items: T[], pageInfo: PageInfoData, totalCount: number | null) {
  return {
    items,
    nextCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null,
    totalCount,
  };
}

function notFound(subject: string): ServiceError {
  return new ServiceError(
    'NOT_FOUND',
    `The platform has no ${subject}: check the names, or reload the list.`,
  );
}
