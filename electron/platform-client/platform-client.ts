// PlatformClient: every browse operation plus the write operations that create runs, run
// files and artifact versions. Each method sends one request and returns the operation's
// data type from shared/graphql/operations.
import {
  commitArtifactMutation,
  completeMultipartUploadArtifactMutation,
  createTeamMutation,
  viewerTeamsStorageQuery,
  createArtifactFilesMutation,
  createArtifactManifestMutation,
  createArtifactMutation,
  createRunFilesMutation,
  markRunFilesUploadedMutation,
  refreshMultipartUploadUrlsMutation,
  updateArtifactManifestMutation,
  upsertRunMutation,
  type ArtifactStorageLayout,
  type CommitArtifactData,
  type CommitArtifactVariables,
  type CompleteMultipartUploadArtifactData,
  type CompleteMultipartUploadArtifactVariables,
  type CreateArtifactData,
  type CreateArtifactFileSpecInput,
  type CreateArtifactFilesData,
  type CreateArtifactFilesVariables,
  type CreateArtifactManifestData,
  type CreateArtifactManifestVariables,
  type CreateArtifactVariables,
  type CreateRunFilesData,
  type CreateTeamData,
  type CreateTeamVariables,
  type CreateRunFilesVariables,
  type MarkRunFilesUploadedData,
  type MarkRunFilesUploadedVariables,
  type RefreshMultipartUploadUrlsData,
  type RefreshMultipartUploadUrlsVariables,
  type UpdateArtifactManifestData,
  type UpdateArtifactManifestVariables,
  type UpsertRunData,
  type UpsertRunVariables,
  type ViewerTeamsStorageData,
} from '../../shared/graphql/operations/index';
import { PlatformIteratingClient } from './iterating-client';
import type { RequestOptions } from './core-client';
import { isPlatformRequestError } from './errors';

export type { PlatformClientOptions, RequestOptions } from './core-client';

export class PlatformClient extends PlatformIteratingClient {
  // Set after the server rejected refreshMultipartUploadUrls as unknown, so later calls fail
  // at once instead of sending one more doomed request per file.
  #refreshUnsupported: unknown = null;

  /**
   * Returns the signed-in user with `admin` and each team's storage. Servers whose schema
   * lacks either field answer NOT_SUPPORTED; fall back to `viewer()` then.
   */
  viewerTeamsStorage(options: RequestOptions = {}): Promise<ViewerTeamsStorageData> {
    return this.request<ViewerTeamsStorageData>(viewerTeamsStorageQuery, {}, options);
  }

  /**
   * Creates a team with its storage (byob-platform's mutation, organisation admins only).
   * Failed bucket checks come back in `errors` with no team; rejected values throw
   * BAD_USER_INPUT, NOT_FOUND (an unknown member) or CONFLICT (an existing team).
   */
  async createTeam(
    variables: CreateTeamVariables,
    options: RequestOptions = {},
  ): Promise<CreateTeamData> {
    const data = await this.request<CreateTeamData, CreateTeamVariables>(
      createTeamMutation,
      variables,
      options,
    );
    if (!data.createTeam) throw this.missingPayload('CreateTeam', 'createTeam payload');
    return data;
  }

  /** Creates or updates a run (W&B's `upsertBucket`). */
  async upsertRun(
    variables: UpsertRunVariables,
    options: RequestOptions = {},
  ): Promise<UpsertRunData> {
    const data = await this.request<UpsertRunData, UpsertRunVariables>(
      upsertRunMutation,
      variables,
      options,
    );
    if (!data.upsertBucket?.bucket) throw this.missingPayload('UpsertRun', 'upsertBucket.bucket');
    return data;
  }

  /** Returns one pre-signed PUT URL per run file, plus the headers every PUT must carry. */
  async createRunFiles(
    variables: CreateRunFilesVariables,
    options: RequestOptions = {},
  ): Promise<CreateRunFilesData> {
    const data = await this.request<CreateRunFilesData, CreateRunFilesVariables>(
      createRunFilesMutation,
      variables,
      options,
    );
    if (!data.createRunFiles) throw this.missingPayload('CreateRunFiles', 'createRunFiles payload');
    return data;
  }

  /** Tells the platform that the named run files are uploaded. */
  markRunFilesUploaded(
    variables: MarkRunFilesUploadedVariables,
    options: RequestOptions = {},
  ): Promise<MarkRunFilesUploadedData> {
    return this.request<MarkRunFilesUploadedData, MarkRunFilesUploadedVariables>(
      markRunFilesUploadedMutation,
      variables,
      options,
    );
  }

  /**
   * Opens a PENDING artifact version. Digest deduplication may instead return the COMMITTED
   * version with the same manifest digest, which then needs no upload.
   */
  async createArtifact(
    variables: CreateArtifactVariables,
    options: RequestOptions = {},
  ): Promise<CreateArtifactData> {
    const data = await this.request<CreateArtifactData, CreateArtifactVariables>(
      createArtifactMutation,
      variables,
      options,
    );
    if (!data.createArtifact?.artifact)
      throw this.missingPayload('CreateArtifact', 'createArtifact.artifact');
    return data;
  }

  /** Creates the manifest record; with `includeUpload` the response contains its PUT URL. */
  async createArtifactManifest(
    variables: CreateArtifactManifestVariables,
    options: RequestOptions = {},
  ): Promise<CreateArtifactManifestData> {
    const data = await this.request<CreateArtifactManifestData, CreateArtifactManifestVariables>(
      createArtifactManifestMutation,
      variables,
      options,
    );
    if (!data.createArtifactManifest) {
      throw this.missingPayload('CreateArtifactManifest', 'createArtifactManifest payload');
    }
    return data;
  }

  /** Changes a manifest's digest or base; with `includeUpload` the response contains its PUT URL. */
  async updateArtifactManifest(
    variables: UpdateArtifactManifestVariables,
    options: RequestOptions = {},
  ): Promise<UpdateArtifactManifestData> {
    const data = await this.request<UpdateArtifactManifestData, UpdateArtifactManifestVariables>(
      updateArtifactManifestMutation,
      variables,
      options,
    );
    if (!data.updateArtifactManifest) {
      throw this.missingPayload('UpdateArtifactManifest', 'updateArtifactManifest payload');
    }
    return data;
  }

  /**
   * Registers a batch of files and returns one upload target per spec, in the same order:
   * a PUT URL, multipart part URLs, or no URL when the team already stores the content.
   * Size batches with ArtifactFileBatcher. Throws PROTOCOL when the count of returned files
   * differs from the count of specs, as wandb-core also checks.
   */
  async createArtifactFiles(
    specs: CreateArtifactFileSpecInput[],
    options: RequestOptions & { storageLayout?: ArtifactStorageLayout } = {},
  ): Promise<CreateArtifactFilesData> {
    if (specs.length === 0) {
      throw new RangeError(
        'Invalid createArtifactFiles batch: it is empty; pass at least one file spec.',
      );
    }

    const data = await this.request<CreateArtifactFilesData, CreateArtifactFilesVariables>(
      createArtifactFilesMutation,
      { artifactFiles: specs, storageLayout: options.storageLayout ?? 'V2' },
      options,
    );
    const edges = data.createArtifactFiles?.files.edges;
    if (!edges) throw this.missingPayload('CreateArtifactFiles', 'createArtifactFiles.files');
    if (edges.length !== specs.length || edges.some((edge) => !edge.node)) {
      throw this.missingPayload(
        'CreateArtifactFiles',
        `upload target for every file: ${specs.length} specs sent, ${edges.filter((edge) => edge.node).length} files returned`,
      );
    }
    return data;
  }

  /** Finishes one multipart upload from its parts' receipts (1-based part numbers, ETags). */
  async completeMultipartUpload(
    variables: Omit<CompleteMultipartUploadArtifactVariables, 'completeMultipartAction'>,
    options: RequestOptions = {},
  ): Promise<CompleteMultipartUploadArtifactData> {
    const data = await this.request<
      CompleteMultipartUploadArtifactData,
      CompleteMultipartUploadArtifactVariables
    >(
      completeMultipartUploadArtifactMutation,
      { ...variables, completeMultipartAction: 'Complete' },
      options,
    );
    if (!data.completeMultipartUploadArtifact) {
      throw this.missingPayload(
        'CompleteMultipartUploadArtifact',
        'completeMultipartUploadArtifact payload',
      );
    }
    return data;
  }

  /** Closes a PENDING version after its files and manifest are uploaded. */
  async commitArtifact(
    artifactID: string,
    options: RequestOptions = {},
  ): Promise<CommitArtifactData> {
    const data = await this.request<CommitArtifactData, CommitArtifactVariables>(
      commitArtifactMutation,
      { artifactID },
      options,
    );
    if (!data.commitArtifact?.artifact)
      throw this.missingPayload('CommitArtifact', 'commitArtifact.artifact');
    return data;
  }

  /**
   * Returns fresh URLs for parts of an open multipart upload (W&B's
   * `refreshMultipartUploadUrls`). On a platform without that mutation it throws
   * NOT_SUPPORTED, then and on every later call without another request, so the engine can
   * fall back to createArtifactFiles, which opens a new upload.
   */
  async refreshMultipartUploadUrls(
    variables: RefreshMultipartUploadUrlsVariables,
    options: RequestOptions = {},
  ): Promise<RefreshMultipartUploadUrlsData> {
    if (this.#refreshUnsupported !== null) throw this.#refreshUnsupported;

    try {
      const data = await this.request<
        RefreshMultipartUploadUrlsData,
        RefreshMultipartUploadUrlsVariables
      >(refreshMultipartUploadUrlsMutation, variables, options);
      if (!data.refreshMultipartUploadUrls?.uploadUrlParts) {
        throw this.missingPayload(
          'RefreshMultipartUploadUrls',
          'refreshMultipartUploadUrls.uploadUrlParts',
        );
      }
      return data;
    } catch (error) {
      if (isPlatformRequestError(error, 'NOT_SUPPORTED')) this.#refreshUnsupported = error;
      throw error;
    }
  }
}
