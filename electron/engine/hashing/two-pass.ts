// Hashes one multipart file on two workers at once: one computes the whole-file MD5, the
// other the part MD5s. Each pass reads the whole file, the second mostly from the page
// cache, so a lone large file is hashed in about the time of one MD5 instead of two.

import { fileChanged } from './fingerprint';
import type { HashPass } from './messages';
import type { FileHashResult, HashFileOptions, PartLayout } from './types';

/** Queues one pass of a file in the pool and resolves with that worker's result. */
export type EnqueuePass = (
  pass: HashPass,
  layout: PartLayout,
  options: HashFileOptions,
) => Promise<FileHashResult>;

/** True when the layout can yield more than one part, so splitting the work can pay off. */
export function hasSeveralParts(layout: PartLayout): boolean {
  return layout.partSize !== undefined || (layout.ranges?.length ?? 0) > 1;
}

/**
 * Runs the whole-file pass and the parts pass in parallel and merges their results. A failed
 * pass stops the other. Both passes must read the same size and modification time, else the
 * result is FILE_CHANGED, as with a single pass.
 */
export async function hashInTwoPasses(
  path: string,
  layout: PartLayout,
  options: HashFileOptions,
  enqueue: EnqueuePass,
): Promise<FileHashResult> {
  const stopBoth = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, stopBoth.signal])
    : stopBoth.signal;

  // Only the whole-file pass reports progress, because it reads every byte once and in order.
  const whole = enqueue('all', {}, { signal, onProgress: options.onProgress });
  const parts = enqueue('parts', layout, { signal });

  let results: [FileHashResult, FileHashResult];
  try {
    results = await Promise.all([whole, parts]);
  } catch (error) {
    stopBoth.abort(error);
    await Promise.allSettled([whole, parts]);
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  }

  const [wholeResult, partsResult] = results;
  if (wholeResult.size !== partsResult.size) {
    throw fileChanged(
      path,
      `its size went from ${wholeResult.size} to ${partsResult.size} bytes while it was read`,
    );
  }
  if (wholeResult.mtimeMs !== partsResult.mtimeMs) {
    throw fileChanged(path, 'its modification time changed while it was read');
  }
  return { ...wholeResult, parts: partsResult.parts };
}
