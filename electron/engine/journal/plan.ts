// Checks of a part plan against the file it cuts, and comparison with a plan already stored.

import type { PartRow } from './rows';
import type { PartPlan } from './types';
import { UPLOAD_MODES } from './types';
import { invalid, requireInteger, requireMd5Base64, requireMd5Hex } from './validate';

/**
 * Checks that `plan` covers a file of `size` bytes from offset 0 without gaps or overlaps,
 * that no part is longer than the part size, and that only the last part is shorter. Only an
 * empty file may have a part of length 0.
 */
export function validatePlan(fileId: number, size: number, plan: PartPlan): void {
  const where = `part plan of file ${fileId}`;

  if (!UPLOAD_MODES.includes(plan.uploadMode)) {
    throw invalid(
      `${where} has upload mode ${String(plan.uploadMode)}; use one of ${UPLOAD_MODES.join(', ')}`,
    );
  }
  requireInteger(plan.partSize, `part size in ${where}`, 1);
  if (plan.md5Base64 !== undefined) requireMd5Base64(plan.md5Base64, `MD5 in ${where}`);
  if (!Array.isArray(plan.parts)) throw invalid(`parts in ${where} must be an array`);

  if (plan.uploadMode === 'single' && plan.parts.length > 1) {
    throw invalid(`${where} has ${plan.parts.length} parts, but a single PUT sends at most one`);
  }

  let expectedOffset = 0;
  plan.parts.forEach((part, index) => {
    const name = `part ${index} in ${where}`;
    const offset = requireInteger(part.offset, `offset of ${name}`);
    const length = requireInteger(part.length, `length of ${name}`, size === 0 ? 0 : 1);

    if (offset !== expectedOffset) {
      throw invalid(
        `${name} starts at byte ${offset}, but the previous part ends at byte ${expectedOffset}`,
      );
    }
    if (length > plan.partSize) {
      throw invalid(`${name} is ${length} bytes, longer than the part size of ${plan.partSize}`);
    }
    const isLast = index === plan.parts.length - 1;
    if (!isLast && length !== plan.partSize) {
      throw invalid(
        `${name} is ${length} bytes; only the last part may be shorter than ${plan.partSize}`,
      );
    }
    if (part.md5Hex !== undefined) requireMd5Hex(part.md5Hex, `MD5 of ${name}`);

    expectedOffset = offset + length;
  });

  // A single PUT may have no parts, because its whole-file URL and state track it.
  const unplannedSingle = plan.uploadMode === 'single' && plan.parts.length === 0;
  if (!unplannedSingle && expectedOffset !== size) {
    throw invalid(`${where} covers ${expectedOffset} bytes, but the file has ${size}`);
  }
}

/** Returns true when the stored parts are the ones `plan` describes, MD5s included. */
export function samePlan(stored: readonly PartRow[], plan: PartPlan): boolean {
  if (stored.length !== plan.parts.length) return false;

  return plan.parts.every((part, index) => {
    const row = stored[index];
    return (
      row !== undefined &&
      row.part_index === index &&
      row.byte_offset === part.offset &&
      row.length === part.length &&
      row.md5_hex === (part.md5Hex ?? null)
    );
  });
}
