import { entityForUser } from '../../accounts/access';
import type { Entity, Project } from '../../db/tables';
import { artifactForUser } from '../../artifacts/scope';
import { forbidden } from '../../core/errors';
import type { RequestContext } from '../context';
import { decodeId, encodeId } from '../ids';
import { paginate, type PageArgs } from '../paging';

interface ProjectsArgs extends PageArgs {
  entityName?: string | null;
}

/** Projects of an entity, newest first, as W&B's `models` lists them. */
export async function listProjects(ctx: RequestContext, entity: Entity, args: PageArgs) {
  return paginate<Project>(
    args,
    (p) => p.id,
    (after, limit) => {
      let query = ctx.db.selectFrom('projects').selectAll().where('entity_id', '=', entity.id);
      if (after !== null) query = query.where('id', '<', Number(after));
      return query.orderBy('id', 'desc').limit(limit).execute();
    },
  );
}

export const rootResolvers = {
  Query: {
    viewer: (_root: unknown, _args: unknown, ctx: RequestContext) => ctx.user,

    serverInfo: (_root: unknown, _args: unknown, ctx: RequestContext) => ({
      cliVersionInfo: { max_cli_version: null },
      latestLocalVersionInfo: {
        outOfDate: false,
        latestVersionString: ctx.version,
        versionOnThisInstanceString: ctx.version,
      },
      features: [],
      availableBucketProviders: ctx.storage.instanceProvider
        ? [ctx.storage.instanceProvider.kind]
        : [],
      isPublicServer: false,
      frontendHost: null,
    }),

    entity: (_root: unknown, args: { name: string }, ctx: RequestContext) =>
      entityForUser(ctx.db, ctx.user, args.name, 'read'),

    // W&B's SDK uses both names for the same list.
    models: projectsOfEntity,
    projects: projectsOfEntity,

    project: (
      _root: unknown,
      args: { name?: string | null; entityName?: string | null },
      ctx: RequestContext,
    ) => findProjectOrNull(ctx, args),
    model: (
      _root: unknown,
      args: { name?: string | null; entityName?: string | null },
      ctx: RequestContext,
    ) => findProjectOrNull(ctx, args),

    artifact: async (_root: unknown, args: { id: string }, ctx: RequestContext) =>
      (await artifactForUser(ctx.db, ctx.user, decodeId('Artifact', args.id), 'read')).artifact,

    artifactCollection: async (_root: unknown, args: { id: string }, ctx: RequestContext) => {
      const id = decodeId('ArtifactCollection', args.id);
      const collection = await ctx.db
        .selectFrom('artifact_collections')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      const project = collection
        ? await ctx.db
            .selectFrom('projects')
            .selectAll()
            .where('id', '=', collection.project_id)
            .executeTakeFirstOrThrow()
        : null;
      const entity = project
        ? await ctx.db
            .selectFrom('entities')
            .select('name')
            .where('id', '=', project.entity_id)
            .executeTakeFirstOrThrow()
        : null;
      if (!entity)
        throw forbidden(
          `Permission denied for artifact collection ${args.id}, or it does not exist.`,
        );
      await entityForUser(ctx.db, ctx.user, entity.name, 'read');
      return collection;
    },

    clientIDMapping: async (_root: unknown, args: { clientID: string }, ctx: RequestContext) => {
      const artifact = await ctx.db
        .selectFrom('artifacts')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('client_id', '=', args.clientID),
            eb('sequence_client_id', '=', args.clientID),
          ]),
        )
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (!artifact) return null;

      const scope = await artifactForUser(ctx.db, ctx.user, artifact.id, 'read');
      const isSequence = scope.artifact.client_id !== args.clientID;
      return {
        serverID: isSequence
          ? encodeId('ArtifactCollection', scope.collection.id)
          : encodeId('Artifact', scope.artifact.id),
      };
    },
  },
};

/** Lists the projects of `entityName` (default: the viewer's own entity). */
async function projectsOfEntity(_root: unknown, args: ProjectsArgs, ctx: RequestContext) {
  const entity = await entityForUser(
    ctx.db,
    ctx.user,
    args.entityName ?? ctx.user.username,
    'read',
  );
  return listProjects(ctx, entity, args);
}

/** W&B returns null for `project` when the project does not exist in an entity the viewer may read. */
async function findProjectOrNull(
  ctx: RequestContext,
  args: { name?: string | null; entityName?: string | null },
) {
  const entity = await entityForUser(
    ctx.db,
    ctx.user,
    args.entityName ?? ctx.user.username,
    'read',
  );
  return args.name ? projectByName(ctx, entity.id, args.name) : null;
}

/** The project of that name in the entity, or null. */
export async function projectByName(ctx: RequestContext, entityId: number, name: string) {
  const project = await ctx.db
    .selectFrom('projects')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('name', '=', name)
    .executeTakeFirst();
  return project ?? null;
}
