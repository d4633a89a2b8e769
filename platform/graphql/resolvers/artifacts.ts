// Resolvers of artifact versions, their memberships in collections, manifests and files.
import type { Artifact, ArtifactCollection, ArtifactFile, ArtifactManifest } from '../../db/tables';
import { currentManifest } from '../../artifacts/manifests';
import type { RequestContext } from '../context';
import { artifactFileView, manifestFileView, type FileView } from '../files';
import { encodeId } from '../ids';
import { byId } from '../lookups';
import { paginate, type PageArgs } from '../paging';

/** The parent object of `ArtifactCollectionMembership`: one version seen through its collection. */
export interface MembershipView {
  collection: ArtifactCollection;
  artifact: Artifact;
}

export const membershipView = (
  collection: ArtifactCollection,
  artifact: Artifact,
): MembershipView => ({ collection, artifact });

interface FilesArgs extends PageArgs {
  names?: string[] | null;
}

async function entityIdOfCollection(
  ctx: RequestContext,
  collection: ArtifactCollection,
): Promise<number> {
  return (await byId.project(ctx.db, collection.project_id)).entity_id;
}

/** Files of one artifact version in name order, each with a download URL on demand. */
async function listArtifactFiles(ctx: RequestContext, artifact: Artifact, args: FilesArgs) {
  const collection = await byId.collection(ctx.db, artifact.collection_id);
  const entityId = await entityIdOfCollection(ctx, collection);
  const names = args.names ?? [];
  const base = () => {
    let query = ctx.db.selectFrom('artifact_files').where('artifact_id', '=', artifact.id);
    if (names.length > 0) query = query.where('name', 'in', names);
    return query;
  };

  const connection = await paginate<ArtifactFile>(
    args,
    (f) => f.name,
    (after, limit) => {
      let query = base().selectAll();
      if (after !== null) query = query.where('name', '>', String(after));
      return query.orderBy('name').limit(limit).execute();
    },
  );
  const count = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return {
    ...connection,
    edges: connection.edges.map((e) => ({ ...e, node: artifactFileView(e.node, entityId) })),
    totalCount: Number(count?.n ?? 0),
  };
}

async function aliasesOf(ctx: RequestContext, artifact: Artifact) {
  const rows = await ctx.db
    .selectFrom('artifact_aliases')
    .selectAll()
    .where('artifact_id', '=', artifact.id)
    .orderBy('alias')
    .execute();
  const collection = await byId.collection(ctx.db, artifact.collection_id);
  return rows.map((row) => ({
    id: encodeId('ArtifactAlias', row.id),
    alias: row.alias,
    artifact,
    artifactCollection: collection,
    artifactCollectionName: collection.name,
  }));
}

export const artifactResolvers = {
  Initiator: { resolveType: (value: object) => ('username' in value ? 'User' : 'Run') },

  Artifact: {
    id: (a: Artifact) => encodeId('Artifact', a.id),
    size: (a: Artifact) => a.size ?? 0,
    fileCount: async (a: Artifact, _args: unknown, ctx: RequestContext) => {
      if (a.file_count !== null) return a.file_count;
      const row = await ctx.db
        .selectFrom('artifact_files')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('artifact_id', '=', a.id)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    commitHash: (a: Artifact) => a.commit_hash,
    versionIndex: (a: Artifact) => a.version_index,
    createdAt: (a: Artifact) => a.created_at,
    updatedAt: (a: Artifact) => a.updated_at,
    ttlDurationSeconds: (a: Artifact) => a.ttl_duration_seconds,
    ttlIsInherited: () => false,
    historyStep: (a: Artifact) => a.history_step,
    storageRegion: () => null,
    labels: () => null,
    aliases: (a: Artifact, _args: unknown, ctx: RequestContext) => aliasesOf(ctx, a),
    tags: () => [],
    artifactType: async (a: Artifact, _args: unknown, ctx: RequestContext) =>
      byId.artifactType(ctx.db, (await byId.collection(ctx.db, a.collection_id)).type_id),
    artifactSequence: (a: Artifact, _args: unknown, ctx: RequestContext) =>
      byId.collection(ctx.db, a.collection_id),
    artifactCollection: (a: Artifact, _args: unknown, ctx: RequestContext) =>
      byId.collection(ctx.db, a.collection_id),
    artifactCollections: async (a: Artifact, _args: unknown, ctx: RequestContext) => {
      const collection = await byId.collection(ctx.db, a.collection_id);
      return {
        totalCount: 1,
        edges: [{ node: collection, cursor: '' }],
        pageInfo: {
          startCursor: null,
          endCursor: null,
          hasNextPage: false,
          hasPreviousPage: false,
        },
      };
    },
    artifactMemberships: async (a: Artifact, _args: unknown, ctx: RequestContext) => {
      const collection = await byId.collection(ctx.db, a.collection_id);
      return {
        totalCount: 1,
        edges: [{ node: membershipView(collection, a), cursor: '' }],
        pageInfo: {
          startCursor: null,
          endCursor: null,
          hasNextPage: false,
          hasPreviousPage: false,
        },
      };
    },
    currentManifest: (a: Artifact, _args: unknown, ctx: RequestContext) =>
      currentManifest(ctx.db, a.id),
    createdBy: async (a: Artifact, _args: unknown, ctx: RequestContext) => {
      if (a.run_id !== null)
        return ctx.db.selectFrom('runs').selectAll().where('id', '=', a.run_id).executeTakeFirst();
      return ctx.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', a.created_by)
        .executeTakeFirst();
    },
    files: (a: Artifact, args: FilesArgs, ctx: RequestContext) => listArtifactFiles(ctx, a, args),
    // W&B's Go downloader requests URLs by manifest entry, 5,000 at a time.
    filesByManifestEntries: (
      a: Artifact,
      args: PageArgs & { entries?: { name: string }[] | null },
      ctx: RequestContext,
    ) => listArtifactFiles(ctx, a, { ...args, names: (args.entries ?? []).map((e) => e.name) }),
  },

  ArtifactCollectionMembership: {
    id: (m: MembershipView) => encodeId('ArtifactCollectionMembership', m.artifact.id),
    versionIndex: (m: MembershipView) => m.artifact.version_index,
    createdAt: (m: MembershipView) => m.artifact.committed_at ?? m.artifact.created_at,
    commitHash: (m: MembershipView) => m.artifact.commit_hash,
    aliases: (m: MembershipView, _args: unknown, ctx: RequestContext) => aliasesOf(ctx, m.artifact),
    artifact: (m: MembershipView) => m.artifact,
    artifactCollection: (m: MembershipView) => m.collection,
    files: (m: MembershipView, args: FilesArgs, ctx: RequestContext) =>
      listArtifactFiles(ctx, m.artifact, args),
  },

  ArtifactManifest: {
    id: (m: ArtifactManifest) => encodeId('ArtifactManifest', m.id),
    createdAt: (m: ArtifactManifest) => m.created_at,
    artifact: (m: ArtifactManifest, _args: unknown, ctx: RequestContext) =>
      byId.artifact(ctx.db, m.artifact_id),
    file: async (
      m: ArtifactManifest & { file?: FileView },
      _args: unknown,
      ctx: RequestContext,
    ) => {
      // Mutations attach the file with its upload URL; queries build it here.
      if (m.file) return m.file;
      const artifact = await byId.artifact(ctx.db, m.artifact_id);
      const entityId = await entityIdOfCollection(
        ctx,
        await byId.collection(ctx.db, artifact.collection_id),
      );
      return manifestFileView(m, entityId, null);
    },
  },
};
