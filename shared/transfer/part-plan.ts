// Part planning for uploads: whether a file goes up in one PUT or in parts, and where each
// part starts and ends.
//
// The plan must be fixed before any hashing starts. For a multipart upload the platform
// receives every part's MD5 up front (W&B's `uploadPartsInput` on `createArtifactFiles`) and
// signs one URL per part number. Each part PUT then carries that MD5 as Content-MD5, as W&B's
// SDK sends it, and the store rejects a body that does not match (400 BadDigest). So the byte
// ranges hashed must be exactly the ranges sent. A plan that changed between hashing and
// upload (a new part size, a different threshold) would make every part after the first
// changed boundary fail that check. The journal therefore stores the part size with the file
// transfer, and a resumed upload reuses it.
//
// The defaults and the rule for raising the part size follow wandb-core
// (core/pkg/artifacts/multipart.go): multipart from 2 GiB, 100 MiB parts, at most 10,000
// parts, objects up to 5 TiB. The limits on parts are those of S3 multipart upload, which the
// GCS XML API shares: part numbers 1 to 10,000 and every part except the last 5 MiB to 5 GiB.

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;

/** Files at or above this size go multipart unless configured otherwise (wandb-core). */
export const DEFAULT_MULTIPART_THRESHOLD = 2 * GiB;

/** Part size unless configured otherwise (wandb-core). */
export const DEFAULT_PART_SIZE = 100 * MiB;

/** Maximum part count of one S3 or GCS XML API multipart upload. */
export const MAX_PARTS = 10_000;

/** Minimum size of every part except the last (S3, GCS XML API). */
export const MIN_PART_SIZE = 5 * MiB;

/** Maximum size of one part, and of one single PUT (S3, GCS XML API). */
export const MAX_PART_SIZE = 5 * GiB;

/** Maximum object size on S3. wandb-core rejects larger files on every provider. */
export const MAX_OBJECT_SIZE = 5 * TiB;

/**
 * Alignment of a part size raised to stay within MAX_PARTS. wandb-core rounds up to 4 KiB,
 * and doing the same gives the same parts, and so the same part MD5s, as W&B's SDK. A
 * multiple of 4 KiB also keeps every part offset on a page and disk-block boundary.
 */
export const PART_SIZE_ALIGNMENT = 4 * KiB;

export interface PartPlanOptions {
  /** Size in bytes from which files go multipart. At most MAX_PART_SIZE. */
  multipartThreshold: number;
  /** Requested part size in bytes, from MIN_PART_SIZE to MAX_PART_SIZE. */
  partSize: number;
}

/** One byte range sent in one request. */
export interface Part {
  /** 0-based position inside the engine and the journal. */
  index: number;
  /** 1-based part number on the wire. */
  partNumber: number;
  /** Byte offset of the first byte in the file. */
  offset: number;
  /** Length in bytes. Only the last part may be shorter than the plan's part size. */
  length: number;
}

export type PartPlan = { kind: 'single' } | { kind: 'multipart'; partSize: number; parts: Part[] };

/** An invalid file size or plan option. The message names the value, the limit and the fix. */
export class PartPlanError extends Error {
  override name = 'PartPlanError';
}

/** Fills in the defaults and validates the options, throwing PartPlanError. */
export function resolvePartPlanOptions(options: Partial<PartPlanOptions> = {}): PartPlanOptions {
  const multipartThreshold = options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD;
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;

  requireWholeBytes('multipart threshold', multipartThreshold);
  requireWholeBytes('part size', partSize);

  if (multipartThreshold > MAX_PART_SIZE) {
    throw new PartPlanError(
      `Invalid multipart threshold ${multipartThreshold} bytes: files below it go up in one PUT, which S3 and GCS limit to ${MAX_PART_SIZE} bytes (5 GiB). Set multipartThreshold to ${MAX_PART_SIZE} or less.`,
    );
  }
  if (partSize < MIN_PART_SIZE) {
    throw new PartPlanError(
      `Invalid part size ${partSize} bytes: S3 and GCS need at least ${MIN_PART_SIZE} bytes (5 MiB) in every part except the last. Set partSize to ${MIN_PART_SIZE} or more.`,
    );
  }
  if (partSize > MAX_PART_SIZE) {
    throw new PartPlanError(
      `Invalid part size ${partSize} bytes: S3 and GCS accept at most ${MAX_PART_SIZE} bytes (5 GiB) in one part. Set partSize to ${MAX_PART_SIZE} or less.`,
    );
  }

  return { multipartThreshold, partSize };
}

/**
 * Plans the upload of a file of `size` bytes. Empty files and files below the threshold get
 * one PUT. Larger files get parts of the requested size, raised when the file would need more
 * than MAX_PARTS parts. Throws PartPlanError for invalid options or files over 5 TiB.
 */
export function planParts(size: number, options: Partial<PartPlanOptions> = {}): PartPlan {
  const resolved = resolvePartPlanOptions(options);
  requireUploadableSize(size);

  if (size === 0 || size < resolved.multipartThreshold) {
    return { kind: 'single' };
  }

  const partSize = partSizeFor(size, resolved.partSize);
  return { kind: 'multipart', partSize, parts: splitIntoParts(size, partSize) };
}

/**
 * Returns the part size for a file: the requested size, or, when that would need more than
 * MAX_PARTS parts, ceil(size / MAX_PARTS) rounded up to PART_SIZE_ALIGNMENT. The raised size
 * never exceeds MAX_PART_SIZE, because MAX_OBJECT_SIZE / MAX_PARTS is about 524 MiB.
 */
export function partSizeFor(size: number, requestedPartSize: number): number {
  if (Math.ceil(size / requestedPartSize) <= MAX_PARTS) {
    return requestedPartSize;
  }
  const smallestFitting = Math.ceil(size / MAX_PARTS);
  return Math.ceil(smallestFitting / PART_SIZE_ALIGNMENT) * PART_SIZE_ALIGNMENT;
}

/** Splits `size` bytes into consecutive parts of `partSize` bytes, the last one shorter. */
export function splitIntoParts(size: number, partSize: number): Part[] {
  const parts: Part[] = [];

  for (let offset = 0, index = 0; offset < size; offset += partSize, index += 1) {
    parts.push({
      index,
      partNumber: index + 1,
      offset,
      length: Math.min(partSize, size - offset),
    });
  }

  return parts;
}

/** Throws PartPlanError unless `size` is a whole number of bytes no larger than 5 TiB. */
export function requireUploadableSize(size: number): void {
  requireWholeBytes('file size', size);

  if (size > MAX_OBJECT_SIZE) {
    throw new PartPlanError(
      `File size ${size} bytes is over the ${MAX_OBJECT_SIZE}-byte (5 TiB) limit of one object. Split the file into smaller files before uploading.`,
    );
  }
}

function requireWholeBytes(quantityName: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PartPlanError(
      `Invalid ${quantityName} ${String(value)}: expected a whole number of bytes, 0 or more. Pass an integer byte count.`,
    );
  }
}

// Azure has no multipart upload. The client stages blocks with Put Block on the one upload
// SAS URL and commits them with Put Block List, and the platform never receives per-block MD5s.
// The block limits are those of Azure's Put Block reference and Blob storage scale targets
// for service version 2019-12-12 or later, so requests must send that x-ms-version or newer.

/** Maximum committed blocks in one block blob. */
export const AZURE_MAX_BLOCKS = 50_000;

/** Maximum size of one staged block. */
export const AZURE_MAX_BLOCK_SIZE = 4000 * MiB;

/**
 * Maximum size of a blob written in one Put Blob, as @azure/storage-blob 12.32 caps it
 * (BLOCK_BLOB_MAX_UPLOAD_BLOB_BYTES). Every service version from 2016-05-31 accepts it.
 */
// NOTE: Newer service versions are documented to accept larger Put Blob bodies. This stays at
// the SDK's value until a test against Azure shows the larger limit.
export const AZURE_MAX_PUT_BLOB_SIZE = 256 * MiB;

/**
 * Digits of the zero-padded decimal index inside a block id. Azure requires every block id
 * of a blob to have the same length, at most 64 bytes before base64 encoding. Six ASCII
 * digits encode to exactly eight base64 characters with no `=` padding, and the base64 of
 * ASCII digits uses only letters and digits, so the ids need no escaping in a query string.
 */
export const AZURE_BLOCK_ID_DIGITS = 6;

/** Length of every block id returned by azureBlockId. */
export const AZURE_BLOCK_ID_LENGTH = 8;

/** One staged block: a part without a part number, named by its block id. */
export interface AzureBlock {
  index: number;
  /** Fixed-length base64 id that Put Block and Put Block List carry. */
  blockId: string;
  offset: number;
  length: number;
}

export type AzureBlockPlan =
  { kind: 'single' } | { kind: 'blocks'; blockSize: number; blocks: AzureBlock[] };

/** Returns the block id of the block at 0-based `index`: base64 of the index as six digits. */
export function azureBlockId(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index >= AZURE_MAX_BLOCKS) {
    throw new PartPlanError(
      `Invalid block index ${String(index)}: Azure allows ${AZURE_MAX_BLOCKS} blocks per blob, so the index must be an integer from 0 to ${AZURE_MAX_BLOCKS - 1}.`,
    );
  }
  return btoa(String(index).padStart(AZURE_BLOCK_ID_DIGITS, '0'));
}

/**
 * Plans the upload of a file of `size` bytes to Azure. It takes the same options and the
 * same decisions as planParts, so a file gets the same byte ranges on every provider. Two
 * differences follow from Azure's limits. A file below the threshold but over 256 MiB is
 * staged in blocks, because Put Blob cannot carry it. A part size over 4000 MiB is lowered
 * to 4000 MiB for the blocks. Files over 5 TiB are rejected as on S3 and GCS, because
 * wandb-core applies that limit on every provider, although a block blob may be larger.
 */
export function planAzureBlocks(
  size: number,
  options: Partial<PartPlanOptions> = {},
): AzureBlockPlan {
  const resolved = resolvePartPlanOptions(options);
  requireUploadableSize(size);

  const needsBlocks = size >= resolved.multipartThreshold || size > AZURE_MAX_PUT_BLOB_SIZE;
  if (size === 0 || !needsBlocks) {
    return { kind: 'single' };
  }

  // The shared boundaries always fit within 50,000 blocks: planParts never makes more than
  // 10,000 parts, and 4000 MiB blocks split a 5 TiB file into 1,311 blocks.
  const blockSize = Math.min(partSizeFor(size, resolved.partSize), AZURE_MAX_BLOCK_SIZE);
  const blocks = splitIntoParts(size, blockSize).map((part): AzureBlock => ({
    index: part.index,
    blockId: azureBlockId(part.index),
    offset: part.offset,
    length: part.length,
  }));

  return { kind: 'blocks', blockSize, blocks };
}
