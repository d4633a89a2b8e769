import { randomBytes } from 'node:crypto';

import { badInput, notFound } from '../core/errors';
import { checkName } from '../core/names';
import { nowIso } from '../core/time';
import type { PlatformDb } from '../db/open';
import type { Project, Run, User } from '../db/tables';

export interface RunFields {
  displayName?: string | null;
  description?: string | null;
  notes?: string | null;
  config?: string | null;
  summaryMetrics?: string | null;
  tags?: string[] | null;
  groupName?: string | null;
  jobType?: string | null;
  commit?: string | null;
  host?: string | null;
  program?: string | null;
  sweep?: string | null;
  state?: string | null;
}

/** A run id in W&B's style: 8 lowercase letters and digits. */
export function generateRunName(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(8), (b) => alphabet[b % alphabet.length]).join('');
}

function checkJson(field: string, value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  try {
    JSON.parse(value);
  } catch {
    throw badInput(`Invalid ${field}: it must be a JSON string.`);
  }
  return value;
}

/** Creates or updates a run, like W&B's upsertBucket. Only fields given are changed. */
export async function upsertRun(
  db: PlatformDb,
  project: Project,
  user: User,
  name: string | null | undefined,
  fields: RunFields,
): Promise<{ run: Run; inserted: boolean }> {
  const runName = checkName('run', name ?? generateRunName());
  const now = nowIso();
  const changes = {
    ...(fields.displayName !== undefined && { display_name: fields.displayName }),
    ...(fields.description !== undefined && { description: fields.description }),
    ...(fields.notes !== undefined && { notes: fields.notes }),
    ...(fields.config !== undefined && { config: checkJson('config', fields.config) }),
    ...(fields.summaryMetrics !== undefined && {
      summary_metrics: checkJson('summaryMetrics', fields.summaryMetrics),
    }),
    ...(fields.tags !== undefined && fields.tags !== null && { tags: JSON.stringify(fields.tags) }),
    ...(fields.groupName !== undefined && { group_name: fields.groupName }),
    ...(fields.jobType !== undefined && { job_type: fields.jobType }),
    ...(fields.commit !== undefined && { commit_hash: fields.commit }),
    ...(fields.host !== undefined && { host: fields.host }),
    ...(fields.program !== undefined && { program: fields.program }),
    ...(fields.sweep !== undefined && { sweep_name: fields.sweep }),
    ...(fields.state !== undefined && fields.state !== null && { state: fields.state }),
  };

  const existing = await findRunOrNull(db, project, runName);
  if (existing) {
    await db
      .updateTable('runs')
      .set({ ...changes, updated_at: now, heartbeat_at: now })
      .where('id', '=', existing.id)
      .execute();
    return { run: await findRun(db, project, runName), inserted: false };
  }

  const run = await db
    .insertInto('runs')
    .values({
      project_id: project.id,
      name: runName,
      display_name: null,
      state: 'running',
      description: null,
      notes: null,
      config: null,
      summary_metrics: null,
      tags: '[]',
      group_name: null,
      job_type: null,
      commit_hash: null,
      host: null,
      program: null,
      sweep_name: null,
      ...changes,
      created_by: user.id,
      created_at: now,
      updated_at: now,
      heartbeat_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { run, inserted: true };
}

export async function findRunOrNull(
  db: PlatformDb,
  project: Project,
  name: string,
): Promise<Run | null> {
  const run = await db
    .selectFrom('runs')
    .selectAll()
    .where('project_id', '=', project.id)
    .where('name', '=', name)
    .executeTakeFirst();
  return run ?? null;
}

export async function findRun(db: PlatformDb, project: Project, name: string): Promise<Run> {
  const run = await findRunOrNull(db, project, name);
  if (!run) {
    throw notFound(
      `Run "${name}" not found in project "${project.name}"; create it first with upsertBucket.`,
    );
  }
  return run;
}
