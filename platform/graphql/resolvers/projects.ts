import { badInput } from '../../core/errors';
import type { ArtifactCollection, ArtifactType, Project, Run } from '../../db/tables';
import type { RequestContext } from '../context';
import { encodeId } from '../ids';
import { byId, findCollection, findVersion, splitVersionRef } from '../lookups';
import { paginate, type PageArgs } from '../paging';
import { membershipView } from './artifacts';

interface RunsArgs extends PageArgs {
  filters?: string | null;
  order?: string | null;
}

// Run fields that `filters` may compare for equality, with their columns.
const FILTERABLE_RUN_FIELDS = {
  name: 'name',
  displayName: 'display_name',
  display_name: 'display_name',
  state: 'state',
  group: 'group_name',
  jobType: 'job_type',
} as const;

/** Parses W&B's run `filters` JSON. This server supports equality on a few fields. */
function parseRunFilters(filters: string | null | undefined): [string, string][] {
  if (!filters) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(filters);
  } catch {
    throw badInput(`Invalid run filters ${filters}: they must be a JSON object.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badInput(`Invalid run filters ${filters}: they must be a JSON object.`);
  }
  return Object.entries(parsed).map(([key, value]) => {
    const column = FILTERABLE_RUN_FIELDS[key as keyof typeof FILTERABLE_RUN_FIELDS];
    if (!column || typeof value !== 'string') {
      throw badInput(
        `Unsupported run filter "${key}": this server filters by equality on ${Object.keys(FILTERABLE_RUN_FIELDS).join(', ')}.`,
      );
    }
    return [column, value];
  });
}

function runsQuery(ctx: RequestContext, project: Project, filters: string | null | undefined) {
  let query = ctx.db.selectFrom('runs').where('project_id', '=', project.id);
  for (const [column, value] of parseRunFilters(filters)) {
    query = query.where(column as 'name', '=', value);
  }
  return query;
}

export const projectResolvers = {
  Project: {
    id: (project: Project) => encodeId('Project', project.id),
    internalId: (project: Project) => encodeId('Project', project.id),
    entityName: async (project: Project, _args: unknown, ctx: RequestContext) =>
      (await byId.entity(ctx.db, project.entity_id)).name,
    entity: (project: Project, _args: unknown, ctx: RequestContext) =>
      byId.entity(ctx.db, project.entity_id),
    createdAt: (project: Project) => project.created_at,
    updatedAt: (project: Project) => project.updated_at,
    isBenchmark: () => false,
    readOnly: () => false,
    access: () => 'PRIVATE',
    views: () => '{}',
    totalSweeps: () => 0,
    allowAllArtifactTypesInRegistry: () => false,
    user: (project: Project, _args: unknown, ctx: RequestContext) =>
      ctx.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', project.created_by)
        .executeTakeFirst(),

    runCount: async (project: Project, args: { filters?: string | null }, ctx: RequestContext) => {
      const row = await runsQuery(ctx, project, args.filters)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    runs: async (project: Project, args: RunsArgs, ctx: RequestContext) => {
      const order = args.order ?? '-created_at';
      if (
        ![
          '-created_at',
          '+created_at',
          'created_at',
          '-createdAt',
          '+createdAt',
          'createdAt',
        ].includes(order)
      ) {
        throw badInput(
          `Unsupported run order "${order}": use "-created_at" (newest first) or "+created_at".`,
        );
      }
      const descending = order.startsWith('-');
      const connection = await paginate<Run>(
        args,
        (r) => r.id,
        (after, limit) => {
          let query = runsQuery(ctx, project, args.filters).selectAll();
          if (after !== null) query = query.where('id', descending ? '<' : '>', Number(after));
          return query
            .orderBy('id', descending ? 'desc' : 'asc')
            .limit(limit)
            .execute();
        },
      );
      return {
        ...connection,
        totalCount: () => projectResolvers.Project.runCount(project, args, ctx),
      };
    },

    run: (project: Project, args: { name: string }, ctx: RequestContext) =>
      ctx.db
        .selectFrom('runs')
        .selectAll()
        .where('project_id', '=', project.id)
        .where('name', '=', args.name)
        .executeTakeFirst()
        .then((r) => r ?? null),
    bucket: (project: Project, args: { name: string }, ctx: RequestContext) =>
      projectResolvers.Project.run(project, args, ctx),

    artifactTypes: (project: Project, args: PageArgs, ctx: RequestContext) =>
      paginate<ArtifactType>(
        args,
        (t) => t.id,
        (after, limit) => {
          let query = ctx.db
            .selectFrom('artifact_types')
            .selectAll()
            .where('project_id', '=', project.id);
          if (after !== null) query = query.where('id', '>', Number(after));
          return query.orderBy('id').limit(limit).execute();
        },
      ),

    artifactType: async (project: Project, args: { name: string }, ctx: RequestContext) =>
      (await ctx.db
        .selectFrom('artifact_types')
        .selectAll()
        .where('project_id', '=', project.id)
        .where('name', '=', args.name)
        .executeTakeFirst()) ?? null,

    artifactCollections: (project: Project, args: PageArgs, ctx: RequestContext) =>
      listCollections(ctx, project, null, args),

    artifactCollection: (project: Project, args: { name: string }, ctx: RequestContext) =>
      findCollection(ctx.db, project, args.name),

    artifactCollectionMembership: async (
      project: Project,
      args: { name: string },
      ctx: RequestContext,
    ) => {
      const ref = splitVersionRef(args.name);
      const collection = await findCollection(ctx.db, project, ref.collection);
      const artifact = collection && (await findVersion(ctx.db, collection, ref.version));
      return collection && artifact ? membershipView(collection, artifact) : null;
    },

    artifact: async (project: Project, args: { name: string }, ctx: RequestContext) => {
      const ref = splitVersionRef(args.name);
      const collection = await findCollection(ctx.db, project, ref.collection);
      return collection ? findVersion(ctx.db, collection, ref.version) : null;
    },

    totalArtifacts: async (project: Project, _args: unknown, ctx: RequestContext) => {
      const row = await ctx.db
        .selectFrom('artifacts')
        .innerJoin('artifact_collections', 'artifact_collections.id', 'artifacts.collection_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('artifact_collections.project_id', '=', project.id)
        .where('artifacts.state', '=', 'COMMITTED')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  },
};

/** Collections of a project, optionally of one type, oldest first, with their total count. */
export async function listCollections(
  ctx: RequestContext,
  project: Project,
  typeId: number | null,
  args: PageArgs,
) {
  const base = () => {
    let query = ctx.db.selectFrom('artifact_collections').where('project_id', '=', project.id);
    if (typeId !== null) query = query.where('type_id', '=', typeId);
    return query;
  };
  const connection = await paginate<ArtifactCollection>(
    args,
    (c) => c.id,
    (after, limit) => {
      let query = base().selectAll();
      if (after !== null) query = query.where('id', '>', Number(after));
      return query.orderBy('id').limit(limit).execute();
    },
  );
  const count = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return { ...connection, totalCount: Number(count?.n ?? 0) };
}
