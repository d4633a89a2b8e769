import { commitArtifact } from '../../artifacts/commit';
import {
  createArtifact,
  upsertArtifactType,
  type CreateArtifactRequest,
} from '../../artifacts/create';
import { updateManifestDigest, upsertManifest } from '../../artifacts/manifests';
import { artifactForUser } from '../../artifacts/scope';
import { createFileUploads, finishMultipartUpload } from '../../artifacts/upload-urls';
import { projectForMember } from '../../projects/projects';
import type { ArtifactManifest } from '../../db/tables';
import type { ArtifactScope } from '../../artifacts/scope';
import type { RequestContext } from '../context';
import { manifestFileView, uploadFileView } from '../files';
import { decodeId } from '../ids';
import { encodeCursor } from '../paging';
import { resignUploadParts } from './extensions';

type Input<T> = { input: T & { clientMutationId?: string | null } };

interface ManifestInput {
  artifactID: string;
  baseArtifactID?: string | null;
  name: string;
  digest: string;
  type?: 'FULL' | 'INCREMENTAL' | 'PATCH' | null;
  includeUpload?: boolean | null;
}

interface FileSpecInput {
  artifactID: string;
  name: string;
  md5: string;
  mimetype?: string | null;
  uploadPartsInput?: { partNumber: number; hexMD5: string }[] | null;
}

interface CompleteInput {
  completeMultipartAction: 'Complete' | 'Abort';
  completedParts: { partNumber: number; hexMD5: string }[];
  artifactID: string;
  storagePath: string;
  uploadID: string;
}

/** The manifest with its file, including an upload URL when the client requested one and has sent the digest. */
async function manifestPayload(
  ctx: RequestContext,
  manifest: ArtifactManifest,
  scope: ArtifactScope,
  includeUpload: boolean,
) {
  let upload: { url: string; headers: string[] } | null = null;
  if (includeUpload && manifest.digest !== '') {
    const provider = await ctx.storage.forEntity(scope.entity);
    upload = await provider.signUpload(
      manifest.storage_path,
      { md5Base64: manifest.digest, contentType: 'application/json' },
      { username: ctx.user.username },
    );
  }
  return { ...manifest, file: manifestFileView(manifest, scope.entity.id, upload) };
}

const optionalId = (id: string | null | undefined) => (id ? decodeId('Artifact', id) : null);

export const artifactMutationResolvers = {
  Mutation: {
    createArtifactType: async (
      _root: unknown,
      {
        input,
      }: Input<{
        entityName: string;
        projectName: string;
        name: string;
        description?: string | null;
      }>,
      ctx: RequestContext,
    ) => {
      const { project } = await projectForMember(
        ctx.db,
        ctx.user,
        input.entityName,
        input.projectName,
        { create: true },
      );
      return {
        artifactType: await upsertArtifactType(
          ctx.db,
          project,
          input.name,
          input.description ?? null,
        ),
        clientMutationId: input.clientMutationId ?? null,
      };
    },

    createArtifact: async (
      _root: unknown,
      { input }: Input<CreateArtifactRequest>,
      ctx: RequestContext,
    ) => {
      const artifact = await createArtifact(ctx.db, ctx.user, input);
      ctx.log.info({ artifactId: artifact.id, state: artifact.state }, 'artifact created');
      return { artifact, clientMutationId: input.clientMutationId ?? null };
    },

    createArtifactManifest: async (
      _root: unknown,
      { input }: Input<ManifestInput>,
      ctx: RequestContext,
    ) => {
      const { manifest, scope } = await upsertManifest(ctx.db, ctx.user, {
        artifactId: decodeId('Artifact', input.artifactID),
        name: input.name,
        digest: input.digest,
        type: input.type ?? 'FULL',
        baseArtifactId: optionalId(input.baseArtifactID),
      });
      return {
        artifactManifest: await manifestPayload(ctx, manifest, scope, input.includeUpload ?? true),
        clientMutationId: input.clientMutationId ?? null,
      };
    },

    updateArtifactManifest: async (
      _root: unknown,
      {
        input,
      }: Input<{
        artifactManifestID: string;
        digest?: string | null;
        baseArtifactID?: string | null;
      }>,
      ctx: RequestContext,
    ) => {
      const { manifest, scope } = await updateManifestDigest(ctx.db, ctx.user, {
        manifestId: decodeId('ArtifactManifest', input.artifactManifestID),
        digest: input.digest ?? null,
        baseArtifactId: optionalId(input.baseArtifactID),
      });
      return {
        artifactManifest: await manifestPayload(ctx, manifest, scope, true),
        clientMutationId: input.clientMutationId ?? null,
      };
    },

    createArtifactFiles: async (
      _root: unknown,
      { input }: Input<{ artifactFiles: FileSpecInput[]; storageLayout: 'V1' | 'V2' }>,
      ctx: RequestContext,
    ) => {
      const uploads = await createFileUploads(
        ctx.db,
        ctx.storage,
        ctx.user,
        input.artifactFiles.map((spec) => ({
          artifactId: decodeId('Artifact', spec.artifactID),
          name: spec.name,
          md5: spec.md5,
          mimetype: spec.mimetype ?? null,
          parts: spec.uploadPartsInput ?? null,
        })),
      );
      const deduplicated = uploads.filter(
        (u) => u.uploadUrl === null && u.multipart === null,
      ).length;
      ctx.log.info({ files: uploads.length, deduplicated }, 'artifact file upload URLs issued');

      const entityIds = new Map<number, number>();
      for (const upload of uploads) {
        if (!entityIds.has(upload.file.artifact_id)) {
          entityIds.set(
            upload.file.artifact_id,
            (await artifactForUser(ctx.db, ctx.user, upload.file.artifact_id)).entity.id,
          );
        }
      }
      return {
        files: {
          totalCount: uploads.length,
          edges: uploads.map((u, index) => ({
            cursor: encodeCursor(index),
            node: uploadFileView(u.file, entityIds.get(u.file.artifact_id)!, u),
          })),
          pageInfo: {
            startCursor: null,
            endCursor: null,
            hasNextPage: false,
            hasPreviousPage: false,
          },
        },
        clientMutationId: input.clientMutationId ?? null,
      };
    },

    completeMultipartUploadArtifact: async (
      _root: unknown,
      { input }: Input<CompleteInput>,
      ctx: RequestContext,
    ) => {
      const digest = await finishMultipartUpload(ctx.db, ctx.storage, ctx.user, {
        action: input.completeMultipartAction,
        artifactId: decodeId('Artifact', input.artifactID),
        storagePath: input.storagePath,
        uploadId: input.uploadID,
        // W&B's SDK sends each part's ETag in the field named hexMD5.
        parts: input.completedParts.map((p) => ({ partNumber: p.partNumber, etag: p.hexMD5 })),
      });
      return { digest, clientMutationId: input.clientMutationId ?? null };
    },

    // W&B's own re-sign operation (wandb-core sends it for long multipart uploads); it
    // shares its checks with the byobResignUploadParts extension.
    refreshMultipartUploadUrls: async (
      _root: unknown,
      {
        input,
      }: Input<{
        artifactID: string;
        storagePath: string;
        uploadID: string;
        uploadPartsInput: { partNumber: number }[];
      }>,
      ctx: RequestContext,
    ) => {
      const signed = await resignUploadParts(ctx, {
        artifactID: input.artifactID,
        storagePath: input.storagePath,
        uploadID: input.uploadID,
        partNumbers: input.uploadPartsInput.map((p) => p.partNumber),
      });
      return {
        uploadUrlParts: signed.uploadUrlParts,
        clientMutationId: input.clientMutationId ?? null,
      };
    },

    commitArtifact: async (
      _root: unknown,
      { input }: Input<{ artifactID: string }>,
      ctx: RequestContext,
    ) => {
      const artifact = await commitArtifact(
        ctx.db,
        ctx.storage,
        ctx.user,
        decodeId('Artifact', input.artifactID),
      );
      ctx.log.info(
        { artifactId: artifact.id, version: artifact.version_index, files: artifact.file_count },
        'artifact committed',
      );
      return { artifact, clientMutationId: input.clientMutationId ?? null };
    },

    // NOTE: use is not recorded yet; the mutation only checks access and returns the artifact.
    useArtifact: async (
      _root: unknown,
      { input }: Input<{ artifactID: string }>,
      ctx: RequestContext,
    ) => {
      const scope = await artifactForUser(
        ctx.db,
        ctx.user,
        decodeId('Artifact', input.artifactID),
        'read',
      );
      return { artifact: scope.artifact, clientMutationId: input.clientMutationId ?? null };
    },
  },
};
