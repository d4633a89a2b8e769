import type { Artifact, ArtifactFile, ArtifactManifest, RunFile } from '../db/tables';
import type { SignedMultipartUpload } from '../storage/provider';
import type { RequestContext } from './context';
import { encodeId } from './ids';
import { byId } from './lookups';

/** The parent object of GraphQL `File`, whatever the file belongs to. */
export interface FileView {
  id: string;
  name: string;
  displayName: string;
  sizeBytes: number;
  md5: string | null;
  digest: string | null;
  mimetype: string | null;
  createdAt: string;
  updatedAt: string;
  storagePath: string;
  isReference: boolean;
  uploadUrl: string | null;
  uploadHeaders: string[];
  uploadMultipartUrls: {
    uploadID: string;
    uploadUrlParts: { partNumber: number; uploadUrl: string }[];
  } | null;
  /** The entity whose bucket contains the object, for signing. */
  entityId: number;
  birthArtifactId: number | null;
}

/** Fields shared by every stored file: one row of artifact_files, run_files or manifests. */
interface StoredFile {
  id: string;
  name: string;
  size: number;
  md5: string | null;
  mimetype: string | null;
  createdAt: string;
  updatedAt: string;
  storagePath: string;
}

/** Builds the view of a stored file without upload URLs. */
function storedFileView(
  file: StoredFile,
  entityId: number,
  birthArtifactId: number | null,
): FileView {
  return {
    id: file.id,
    name: file.name,
    displayName: file.name,
    sizeBytes: file.size,
    md5: file.md5,
    digest: file.md5,
    mimetype: file.mimetype,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
    storagePath: file.storagePath,
    isReference: false,
    uploadUrl: null,
    uploadHeaders: [],
    uploadMultipartUrls: null,
    entityId,
    birthArtifactId,
  };
}

/** Picks the shared fields of an artifact file or run file row. */
function storedFileOf(prefix: 'a' | 'r', file: ArtifactFile | RunFile): StoredFile {
  return {
    id: encodeId('File', `${prefix}${file.id}`),
    name: file.name,
    size: file.size ?? 0,
    md5: file.md5,
    mimetype: file.mimetype,
    createdAt: file.created_at,
    updatedAt: file.updated_at,
    storagePath: file.storage_path,
  };
}

export function artifactFileView(file: ArtifactFile, entityId: number): FileView {
  return storedFileView(storedFileOf('a', file), entityId, file.birth_artifact_id);
}

export function uploadFileView(
  file: ArtifactFile,
  entityId: number,
  upload: {
    uploadUrl: string | null;
    uploadHeaders: string[];
    multipart: SignedMultipartUpload | null;
  },
): FileView {
  return {
    ...artifactFileView(file, entityId),
    uploadUrl: upload.uploadUrl,
    uploadHeaders: upload.uploadHeaders,
    uploadMultipartUrls: upload.multipart && {
      uploadID: upload.multipart.uploadId,
      uploadUrlParts: upload.multipart.parts.map((p) => ({
        partNumber: p.partNumber,
        uploadUrl: p.url,
      })),
    },
  };
}

export function runFileView(file: RunFile, entityId: number): FileView {
  return storedFileView(storedFileOf('r', file), entityId, null);
}

export function manifestFileView(
  manifest: ArtifactManifest,
  entityId: number,
  upload: { url: string; headers: string[] } | null,
): FileView {
  const stored: StoredFile = {
    id: encodeId('File', `m${manifest.id}`),
    name: manifest.name,
    size: 0,
    md5: manifest.digest || null,
    mimetype: 'application/json',
    createdAt: manifest.created_at,
    updatedAt: manifest.updated_at,
    storagePath: manifest.storage_path,
  };
  return {
    ...storedFileView(stored, entityId, null),
    uploadUrl: upload?.url ?? null,
    uploadHeaders: upload?.headers ?? [],
  };
}

async function signDownload(file: FileView, ctx: RequestContext): Promise<string> {
  const entity = await byId.entity(ctx.db, file.entityId);
  const provider = await ctx.storage.forEntity(entity);
  const signed = await provider.signDownload(file.storagePath, { username: ctx.user.username });
  return signed.url;
}

export const fileResolvers = {
  File: {
    directUrl: (file: FileView, _args: unknown, ctx: RequestContext) => signDownload(file, ctx),
    // W&B's `url` is a download URL on the API host; here it is the same pre-signed URL,
    // except that `upload: true` returns the upload URL when the file has one.
    url: (file: FileView, args: { upload?: boolean | null }, ctx: RequestContext) =>
      args.upload ? file.uploadUrl : signDownload(file, ctx),
    storageBucket: async (file: FileView, _args: unknown, ctx: RequestContext) =>
      (await ctx.storage.forEntity(await byId.entity(ctx.db, file.entityId))).bucket,
    artifact: (file: FileView, _args: unknown, ctx: RequestContext): Promise<Artifact> | null =>
      file.birthArtifactId === null ? null : byId.artifact(ctx.db, file.birthArtifactId),
  },
};
