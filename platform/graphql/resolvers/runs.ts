import { sql } from 'kysely';

import { badInput } from '../../core/errors';
import type { Run, RunFile } from '../../db/tables';
import { confirmRunFiles } from '../../runs/run-files';
import type { RequestContext } from '../context';
import { runFileView } from '../files';
import { encodeId } from '../ids';
import { byId } from '../lookups';
import { paginate, type PageArgs } from '../paging';

interface RunFilesArgs extends PageArgs {
  names?: (string | null)[] | null;
  pattern?: string | null;
}

function parseJsonField(value: string | null): string | null {
  return value ?? null;
}

async function storageOfRun(ctx: RequestContext, run: Run) {
  const project = await byId.project(ctx.db, run.project_id);
  const entity = await byId.entity(ctx.db, project.entity_id);
  return { entity, provider: await ctx.storage.forEntity(entity) };
}

export const runResolvers = {
  Run: {
    id: (run: Run) => encodeId('Run', run.id),
    displayName: (run: Run) => run.display_name ?? run.name,
    config: (run: Run) => parseJsonField(run.config),
    summaryMetrics: (run: Run) => parseJsonField(run.summary_metrics),
    systemMetrics: () => '{}',
    tags: (run: Run) => JSON.parse(run.tags) as string[],
    group: (run: Run) => run.group_name,
    jobType: (run: Run) => run.job_type,
    commit: (run: Run) => run.commit_hash,
    sweepName: (run: Run) => run.sweep_name,
    readOnly: () => false,
    createdAt: (run: Run) => run.created_at,
    updatedAt: (run: Run) => run.updated_at,
    heartbeatAt: (run: Run) => run.heartbeat_at,
    historyLineCount: () => 0,
    historyKeys: () => null,
    eventsLineCount: () => 0,
    // Metrics, console logs and sweeps are W&B features outside this platform's scope.
    logLineCount: () => 0,
    stopped: () => false,
    wandbConfig: () => '{}',
    history: () => [],
    events: () => [],
    sampledHistory: () => [],
    projectId: (run: Run) => encodeId('Project', run.project_id),
    project: (run: Run, _args: unknown, ctx: RequestContext) =>
      byId.project(ctx.db, run.project_id),
    user: (run: Run, _args: unknown, ctx: RequestContext) =>
      ctx.db.selectFrom('users').selectAll().where('id', '=', run.created_by).executeTakeFirst(),

    fileCount: async (run: Run, _args: unknown, ctx: RequestContext) => {
      const { provider } = await storageOfRun(ctx, run);
      await confirmRunFiles(ctx.db, provider, run);
      const row = await ctx.db
        .selectFrom('run_files')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', run.id)
        .where('state', '=', 'stored')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    files: async (run: Run, args: RunFilesArgs, ctx: RequestContext) => {
      const names = (args.names ?? []).filter((n): n is string => typeof n === 'string');
      const { entity, provider } = await storageOfRun(ctx, run);
      await confirmRunFiles(ctx.db, provider, run, names);
      if (args.pattern !== undefined && args.pattern !== null && args.pattern.length > 1024) {
        throw badInput('Invalid file pattern: it must be at most 1,024 characters.');
      }

      const connection = await paginate<RunFile>(
        args,
        (f) => f.name,
        (after, limit) => {
          let query = ctx.db
            .selectFrom('run_files')
            .selectAll()
            .where('run_id', '=', run.id)
            .where('state', '=', 'stored');
          if (names.length > 0) query = query.where('name', 'in', names);
          // W&B documents `pattern` as MySQL LIKE syntax ("%.json"), whose default escape is `\`.
          if (args.pattern)
            query = query.where(sql<boolean>`name like ${args.pattern} escape '\\'`);
          if (after !== null) query = query.where('name', '>', String(after));
          return query.orderBy('name').limit(limit).execute();
        },
      );
      return {
        ...connection,
        edges: connection.edges.map((e) => ({ ...e, node: runFileView(e.node, entity.id) })),
        totalCount: () => runResolvers.Run.fileCount(run, null, ctx),
      };
    },

    // NOTE: runs do not record artifact use yet, so these lists are empty.
    inputArtifacts: () => emptyConnection(),
    outputArtifacts: () => emptyConnection(),
  },
};

function emptyConnection() {
  return {
    totalCount: 0,
    edges: [],
    pageInfo: { startCursor: null, endCursor: null, hasNextPage: false, hasPreviousPage: false },
  };
}
