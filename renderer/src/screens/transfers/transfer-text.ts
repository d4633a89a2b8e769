// Text the queue shows for a transfer: its title, the state in words and the copyable report.
import type { TransferSummary } from '../../../../shared/ipc/index';
import type { LiveInfo } from '../../hooks/transfer-queue';

/** "entity/project/name:version" or "entity/project/run", the way W&B names them. */
export function targetName(summary: TransferSummary): string {
  const { entity, project, artifactName, artifactVersion, runId } = summary.target;
  const base = `${entity}/${project}`;
  if (artifactName !== null) {
    return artifactVersion !== null
      ? `${base}/${artifactName}:${artifactVersion}`
      : `${base}/${artifactName}`;
  }
  return runId !== null ? `${base}/${runId}` : base;
}

/**
 * Translation key of what the transfer is doing: the live activity while it runs (hashing,
 * uploading, re-minting…), else its recorded state.
 */
export function stateKey(summary: TransferSummary, live: LiveInfo | undefined): string {
  const activity = live?.activity ?? null;
  if ((summary.state === 'running' || summary.state === 'queued') && activity !== null) {
    return `activity.${activity}`;
  }
  return `transferState.${summary.state}`;
}

export function canPause(summary: TransferSummary): boolean {
  return summary.state === 'running' || summary.state === 'queued';
}

export function canCancel(summary: TransferSummary): boolean {
  return summary.state === 'running' || summary.state === 'queued' || summary.state === 'paused';
}

/**
 * Builds a report to paste into a support request: the transfer's record, what this window saw of
 * it, and the failed files of the loaded page. It contains no keys and no URLs, because the
 * records crossing IPC carry neither.
 */
export function errorReport(
  summary: TransferSummary,
  live: LiveInfo | undefined,
  failedFiles: { path: string; code: string; message: string }[],
): string {
  const report = {
    transfer: summary,
    activity: live?.activity ?? null,
    retries: live?.retries ?? 0,
    warnings: live?.warnings ?? [],
    failedFiles,
    userAgent: navigator.userAgent,
    reportedAt: new Date().toISOString(),
  };
  return JSON.stringify(report, null, 2);
}
