// Pins an artifact download to one version. The request may name an alias such as `latest`,
// which can move to a newer version while the download runs or before it resumes. So the
// first run records the version's artifact id and digest, and every run lists `v<index>` of
// that same artifact.

import { TransferError } from '../transfer/errors';
import type { DownloadContext } from './context';

/** Returns the version name (`v3`) to list, recording the artifact on the first run. */
export async function pinArtifactVersion(ctx: DownloadContext): Promise<string> {
  const { transfer } = ctx.journal.getTransfer(ctx.transferId)!;
  const { entity, project, artifactName } = transfer.target;
  const requested = transfer.target.artifactVersion ?? 'latest';
  const name = `${artifactName!}:${requested}`;

  const data = await ctx.client.artifactMembership(entity, project, name, { signal: ctx.signal });
  const membership = data.project?.artifactCollectionMembership ?? null;
  const artifact = membership?.artifact ?? null;
  if (membership === null || artifact === null) {
    throw new TransferError(
      'INVALID_INPUT',
      `Artifact version "${name}" was not found in "${entity}/${project}"; check the name and the version or alias.`,
      { transferId: ctx.transferId, operation: 'artifactMembership' },
    );
  }

  if (transfer.artifactId === null) {
    ctx.journal.recordPlatformIds(ctx.transferId, {
      artifactId: artifact.id,
      digest: artifact.digest,
    });
  } else if (transfer.artifactId !== artifact.id) {
    return await versionOfRecordedArtifact(ctx, transfer.artifactId, name);
  }
  return membership.versionIndex === null ? requested : `v${membership.versionIndex}`;
}

/** Finds the version name of the artifact an earlier run recorded, after its alias moved. */
async function versionOfRecordedArtifact(
  ctx: DownloadContext,
  artifactId: string,
  name: string,
): Promise<string> {
  const { transfer } = ctx.journal.getTransfer(ctx.transferId)!;
  const data = await ctx.client.artifactById(artifactId, {
    signal: ctx.signal,
    includeAliases: false,
  });
  const artifact = data.artifact;
  if (
    artifact !== null &&
    artifact.versionIndex !== null &&
    artifact.artifactSequence.name === transfer.target.artifactName
  ) {
    ctx.warn(
      `"${name}" now names another version; the download continues with v${artifact.versionIndex}, the version it started with.`,
    );
    return `v${artifact.versionIndex}`;
  }
  throw new TransferError(
    'REMOTE_CHANGED',
    `"${name}" now names another version, and the version this download started with is gone. Start a new download.`,
    { transferId: ctx.transferId, operation: 'artifactById' },
  );
}
