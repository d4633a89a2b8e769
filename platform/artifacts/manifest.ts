import { createHash } from 'node:crypto';

import { z } from 'zod';

import { badInput } from '../core/errors';

// The W&B artifact manifest (`wandb_manifest.json`, version 1) as the Python SDK writes it:
// `contents` maps each logical path to its base64 MD5 digest and size.

const entrySchema = z.object({
  digest: z.string().min(1),
  size: z.number().int().nonnegative().nullable().optional(),
  birthArtifactID: z.string().nullable().optional(),
  ref: z.string().nullable().optional(),
  extra: z.record(z.string(), z.unknown()).nullable().optional(),
});

const manifestSchema = z.object({
  version: z.literal(1),
  storagePolicy: z.string(),
  storagePolicyConfig: z.record(z.string(), z.unknown()).optional(),
  contents: z.record(z.string(), entrySchema),
});

export type ManifestEntry = z.infer<typeof entrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export function parseManifest(bytes: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw badInput(
      `The uploaded manifest is not valid JSON (${(error as Error).message}); upload a version 1 W&B manifest.`,
    );
  }

  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the top level';
    throw badInput(
      `The uploaded manifest is invalid at ${where}: ${issue?.message}; upload a version 1 W&B manifest.`,
    );
  }
  return parsed.data;
}

/** Compares strings by Unicode code point, as Python's `sorted` does (JavaScript's default compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/**
 * The artifact digest W&B clients send to createArtifact (MANIFEST_MD5): hex MD5 of
 * "wandb-artifact-manifest-v1\n" followed by "<path>:<digest>\n" for every entry in path order.
 */
export function manifestDigest(contents: Record<string, { digest: string }>): string {
  const hash = createHash('md5').update('wandb-artifact-manifest-v1\n');
  for (const path of Object.keys(contents).sort(compareCodePoints)) {
    hash.update(`${path}:${contents[path]!.digest}\n`);
  }
  return hash.digest('hex');
}

export function base64Md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('base64');
}
