// Resolvers of artifact types and collections (W&B's sequences and portfolios): the versions,
// memberships and aliases a collection lists.
import type { Artifact, ArtifactCollection, ArtifactType } from '../../db/tables';
import type { RequestContext } from '../context';
import { encodeId } from '../ids';
import { byId, findCollection, findVersion, splitVersionRef } from '../lookups';
import { paginate, type PageArgs } from '../paging';
import { membershipView } from './artifacts';
import { listCollections } from './projects';

const collectionFields = {
  id: (c: ArtifactCollection) => encodeId('ArtifactCollection', c.id),
  createdAt: (c: ArtifactCollection) => c.created_at,
  updatedAt: (c: ArtifactCollection) => c.updated_at,
  state: () => 'READY',
  project: (c: ArtifactCollection, _args: unknown, ctx: RequestContext) =>
    byId.project(ctx.db, c.project_id),
  defaultArtifactType: (c: ArtifactCollection, _args: unknown, ctx: RequestContext) =>
    byId.artifactType(ctx.db, c.type_id),

  // Committed versions, newest first; `version` on each edge is the version name (v0, v1, …).
  artifacts: async (c: ArtifactCollection, args: PageArgs, ctx: RequestContext) => {
    const base = () =>
      ctx.db
        .selectFrom('artifacts')
        .where('collection_id', '=', c.id)
        .where('state', '=', 'COMMITTED');
    const connection = await paginate<Artifact>(
      args,
      (a) => a.version_index ?? 0,
      (after, limit) => {
        let query = base().selectAll();
        if (after !== null) query = query.where('version_index', '<', Number(after));
        return query.orderBy('version_index', 'desc').limit(limit).execute();
      },
    );
    const count = await base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return {
      ...connection,
      edges: connection.edges.map((e) => ({ ...e, version: `v${e.node.version_index}` })),
      totalCount: Number(count?.n ?? 0),
    };
  },

  artifactMembership: async (
    c: ArtifactCollection,
    args: { aliasName: string },
    ctx: RequestContext,
  ) => {
    const artifact = await findVersion(ctx.db, c, args.aliasName);
    return artifact ? membershipView(c, artifact) : null;
  },

  artifactMemberships: async (c: ArtifactCollection, args: PageArgs, ctx: RequestContext) => {
    const versions = await collectionFields.artifacts(c, args, ctx);
    return {
      ...versions,
      edges: versions.edges.map((e) => ({ cursor: e.cursor, node: membershipView(c, e.node) })),
    };
  },

  aliases: async (c: ArtifactCollection, args: PageArgs, ctx: RequestContext) => {
    const connection = await paginate(
      args,
      (row: { id: number }) => row.id,
      (after, limit) => {
        let query = ctx.db
          .selectFrom('artifact_aliases')
          .selectAll()
          .where('collection_id', '=', c.id);
        if (after !== null) query = query.where('id', '>', Number(after));
        return query.orderBy('id').limit(limit).execute();
      },
    );
    return {
      ...connection,
      edges: connection.edges.map((e) => ({
        cursor: e.cursor,
        node: {
          id: encodeId('ArtifactAlias', e.node.id),
          alias: e.node.alias,
          artifactCollection: c,
          artifactCollectionName: c.name,
          artifact: () => byId.artifact(ctx.db, e.node.artifact_id),
        },
      })),
    };
  },

  tags: () => ({
    edges: [],
    pageInfo: { startCursor: null, endCursor: null, hasNextPage: false, hasPreviousPage: false },
  }),
};

export const artifactCollectionResolvers = {
  ArtifactType: {
    id: (t: ArtifactType) => encodeId('ArtifactType', t.id),
    createdAt: (t: ArtifactType) => t.created_at,
    project: (t: ArtifactType, _args: unknown, ctx: RequestContext) =>
      byId.project(ctx.db, t.project_id),
    artifactCollections: async (t: ArtifactType, args: PageArgs, ctx: RequestContext) =>
      listCollections(ctx, await byId.project(ctx.db, t.project_id), t.id, args),
    artifactSequences: async (t: ArtifactType, args: PageArgs, ctx: RequestContext) =>
      listCollections(ctx, await byId.project(ctx.db, t.project_id), t.id, args),
    artifactCollection: async (t: ArtifactType, args: { name: string }, ctx: RequestContext) =>
      findCollection(ctx.db, await byId.project(ctx.db, t.project_id), args.name, t.id),
    artifactSequence: async (t: ArtifactType, args: { name: string }, ctx: RequestContext) =>
      findCollection(ctx.db, await byId.project(ctx.db, t.project_id), args.name, t.id),
    artifact: async (t: ArtifactType, args: { name: string }, ctx: RequestContext) => {
      const ref = splitVersionRef(args.name);
      const collection = await findCollection(
        ctx.db,
        await byId.project(ctx.db, t.project_id),
        ref.collection,
        t.id,
      );
      return collection ? findVersion(ctx.db, collection, ref.version) : null;
    },
  },

  // Mercurius reads `resolveType` (not graphql-tools' `__resolveType`) on interfaces and unions.
  ArtifactCollection: { resolveType: () => 'ArtifactSequence' },
  ArtifactSequence: {
    ...collectionFields,
    latestArtifact: (c: ArtifactCollection, _args: unknown, ctx: RequestContext) =>
      findVersion(ctx.db, c, 'latest'),
  },
  ArtifactPortfolio: collectionFields,
};
