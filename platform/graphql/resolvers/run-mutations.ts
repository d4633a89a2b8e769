import { badInput } from '../../core/errors';
import { projectForMember } from '../../projects/projects';
import { confirmRunFiles, createRunFileUploads } from '../../runs/run-files';
import { findRun, upsertRun } from '../../runs/runs';
import type { RequestContext } from '../context';
import { encodeId } from '../ids';

interface UpsertBucketInput {
  id?: string | null;
  name?: string | null;
  modelName?: string | null;
  entityName?: string | null;
  groupName?: string | null;
  description?: string | null;
  displayName?: string | null;
  notes?: string | null;
  commit?: string | null;
  config?: string | null;
  host?: string | null;
  jobProgram?: string | null;
  jobType?: string | null;
  state?: string | null;
  sweep?: string | null;
  tags?: string[] | null;
  summaryMetrics?: string | null;
  clientMutationId?: string | null;
}

interface RunFilesInput {
  entityName: string;
  projectName: string;
  runName: string;
  files: string[];
  clientMutationId?: string | null;
}

async function runScope(ctx: RequestContext, input: RunFilesInput) {
  const { entity, project } = await projectForMember(
    ctx.db,
    ctx.user,
    input.entityName,
    input.projectName,
  );
  const run = await findRun(ctx.db, project, input.runName);
  return { entity, project, run };
}

export const runMutationResolvers = {
  Mutation: {
    upsertBucket: async (
      _root: unknown,
      { input }: { input: UpsertBucketInput },
      ctx: RequestContext,
    ) => {
      // W&B sends the project as modelName; the run is addressed by name (or its id, on update).
      if (!input.modelName)
        throw badInput('Missing modelName: name the project the run belongs to.');
      const { project } = await projectForMember(
        ctx.db,
        ctx.user,
        input.entityName,
        input.modelName,
        { create: true },
      );
      const { run, inserted } = await upsertRun(ctx.db, project, ctx.user, input.name, {
        ...input,
        program: input.jobProgram,
      });
      ctx.log.info({ runId: run.id, inserted }, 'run upserted');
      return {
        bucket: run,
        inserted,
        updateAvailable: false,
        clientMutationId: input.clientMutationId ?? null,
      };
    },

    createRunFiles: async (
      _root: unknown,
      { input }: { input: RunFilesInput },
      ctx: RequestContext,
    ) => {
      const scope = await runScope(ctx, input);
      const provider = await ctx.storage.forEntity(scope.entity);
      const urls = await createRunFileUploads(ctx.db, provider, scope, input.files, {
        username: ctx.user.username,
      });
      ctx.log.info(
        { runId: scope.run.id, files: urls.files.length },
        'run file upload URLs issued',
      );
      return {
        runID: encodeId('Run', scope.run.id),
        uploadHeaders: urls.headers,
        files: urls.files,
        clientMutationId: input.clientMutationId ?? null,
      };
    },

    markRunFilesUploaded: async (
      _root: unknown,
      { input }: { input: RunFilesInput },
      ctx: RequestContext,
    ) => {
      const scope = await runScope(ctx, input);
      await confirmRunFiles(
        ctx.db,
        await ctx.storage.forEntity(scope.entity),
        scope.run,
        input.files,
      );
      return { success: true, clientMutationId: input.clientMutationId ?? null };
    },
  },
};
