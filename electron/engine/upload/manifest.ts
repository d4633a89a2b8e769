// The W&B artifact manifest the client uploads, and the artifact digest it sends to
// createArtifact. Both follow the Python SDK: manifest version 1 with storage policy
// `wandb-storage-policy-v1` and layout V2, and the digest algorithm MANIFEST_MD5.

import { createHash } from 'node:crypto';

export interface ManifestEntryInput {
  logicalPath: string;
  /** Base64 MD5 of the file's bytes. */
  md5Base64: string;
  size: number;
  /** The artifact that first stored this content; null when unknown. */
  birthArtifactId: string | null;
}

/** Compares by Unicode code point, as Python's `sorted` does; `<` on strings compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const shared = Math.min(left.length, right.length);
  for (let i = 0; i < shared; i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/**
 * Returns the hex MD5 of "wandb-artifact-manifest-v1\n" followed by "<path>:<digest>\n" for
 * every entry in code-point order of the path: the digest W&B compares for deduplication.
 */
export function artifactDigest(entries: readonly ManifestEntryInput[]): string {
  const hash = createHash('md5').update('wandb-artifact-manifest-v1\n');
  const sorted = [...entries].sort((a, b) => compareCodePoints(a.logicalPath, b.logicalPath));
  for (const entry of sorted) hash.update(`${entry.logicalPath}:${entry.md5Base64}\n`);
  return hash.digest('hex');
}

/** Builds the manifest JSON, with entries in code-point order of the path. */
export function buildManifest(entries: readonly ManifestEntryInput[]): Buffer {
  const contents: Record<string, { digest: string; size: number; birthArtifactID?: string }> = {};
  const sorted = [...entries].sort((a, b) => compareCodePoints(a.logicalPath, b.logicalPath));
  for (const entry of sorted) {
    contents[entry.logicalPath] = {
      digest: entry.md5Base64,
      size: entry.size,
      ...(entry.birthArtifactId === null ? {} : { birthArtifactID: entry.birthArtifactId }),
    };
  }

  const manifest = {
    version: 1,
    storagePolicy: 'wandb-storage-policy-v1',
    storagePolicyConfig: { storageLayout: 'V2' },
    contents,
  };
  return Buffer.from(JSON.stringify(manifest), 'utf8');
}

/** Returns the base64 MD5 of `bytes`, the form W&B uses for file and manifest digests. */
export function md5Base64(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('base64');
}
