import { artifactForUser, loadArtifactScope } from '../../artifacts/scope';
import { MAX_PARTS } from '../../artifacts/upload-urls';
import { badInput } from '../../core/errors';
import type { RequestContext } from '../context';
import { decodeId } from '../ids';

// Resolvers of this platform's own operations (schema/extensions.ts). Their features are
// added to serverInfo.features here, so a feature is listed exactly when its resolver exists.

interface ServerFeature {
  name: string;
  description?: string | null;
  isEnabled: boolean;
}

export const EXTENSION_FEATURES: readonly ServerFeature[] = [
  {
    name: 'BYOB_RESIGN_UPLOAD_PARTS',
    description: 'byobResignUploadParts mints fresh part URLs for an open multipart upload.',
    isEnabled: true,
  },
];

interface ResignInput {
  artifactID: string;
  storagePath: string;
  uploadID: string;
  partNumbers: number[];
  clientMutationId?: string | null;
}

function checkPartNumbers(partNumbers: number[]): void {
  if (partNumbers.length === 0 || partNumbers.length > MAX_PARTS) {
    throw badInput(
      `Invalid partNumbers: ${partNumbers.length} parts; send 1 to ${MAX_PARTS} part numbers.`,
    );
  }
  const seen = new Set<number>();
  for (const number of partNumbers) {
    if (number < 1 || number > MAX_PARTS) {
      throw badInput(`Invalid part number ${number}: part numbers run from 1 to ${MAX_PARTS}.`);
    }
    if (seen.has(number)) {
      throw badInput(`Invalid partNumbers: ${number} is listed twice; list each part once.`);
    }
    seen.add(number);
  }
}

/**
 * Re-signs part URLs of an open multipart upload for a member of the team that owns it.
 * Checks run in an order that reveals nothing to non-members: the artifact's team first
 * (FORBIDDEN), then the bucket kind, then whether the upload exists.
 */
export async function resignUploadParts(ctx: RequestContext, input: ResignInput) {
  checkPartNumbers(input.partNumbers);
  const scope = await artifactForUser(ctx.db, ctx.user, decodeId('Artifact', input.artifactID));
  const provider = await ctx.storage.forEntity(scope.entity);
  if (!provider.supportsMultipart) {
    throw badInput(
      `The ${provider.kind} bucket "${provider.bucket}" has no multipart uploads, so there are no part URLs to re-sign; request a new SAS upload URL with createArtifactFiles.`,
    );
  }

  const unknownUpload = () =>
    badInput(
      `No open multipart upload "${input.uploadID}" at "${input.storagePath}" for artifact ${input.artifactID}; start a new upload with createArtifactFiles.`,
    );
  const file = await ctx.db
    .selectFrom('artifact_files')
    .selectAll()
    .where('storage_path', '=', input.storagePath)
    .where('upload_id', '=', input.uploadID)
    .where('upload_state', '=', 'pending')
    .executeTakeFirst();
  if (!file) throw unknownUpload();

  // The SDK names either the artifact that opened the upload or the one being saved, as for
  // completeMultipartUploadArtifact. Either way the upload must belong to the same team, whose
  // membership was checked above; an upload of another team is reported as unknown.
  const fileScope =
    file.artifact_id === scope.artifact.id
      ? scope
      : await loadArtifactScope(ctx.db, file.artifact_id);
  if (!fileScope || fileScope.entity.id !== scope.entity.id) throw unknownUpload();
  if (fileScope.artifact.state !== 'PENDING') {
    throw badInput(
      `Artifact ${fileScope.collection.name} is already ${fileScope.artifact.state.toLowerCase()}, so its uploads are closed; start a new version with createArtifact.`,
    );
  }

  const signed = await provider.signUploadParts(
    file.storage_path,
    input.uploadID,
    input.partNumbers,
    {
      username: ctx.user.username,
    },
  );
  ctx.log.info(
    { fileId: file.id, artifactId: fileScope.artifact.id, parts: signed.parts.length },
    'multipart upload part URLs re-signed',
  );
  return {
    uploadID: signed.uploadId,
    uploadUrlParts: signed.parts.map((part) => ({
      partNumber: part.partNumber,
      uploadUrl: part.url,
    })),
    expiresAt: signed.expiresAt,
    clientMutationId: input.clientMutationId ?? null,
  };
}

export const extensionResolvers = {
  Mutation: {
    byobResignUploadParts: (_root: unknown, args: { input: ResignInput }, ctx: RequestContext) =>
      resignUploadParts(ctx, args.input),
  },
  ServerInfo: {
    features: (info: { features?: readonly ServerFeature[] | null }) => [
      ...(info.features ?? []),
      ...EXTENSION_FEATURES,
    ],
  },
};
