// Turns a part layout into the list of byte ranges the hashing loop walks. The loop reads
// the file once from start to end, so ranges must come in ascending order and may not
// overlap. A range that ends past the end of the file is rejected.

import { hashError } from './errors';
import type { PartLayout, PartRange } from './types';

/**
 * Checks a layout before any file is opened. Only the rules that need the file size are
 * left for `planParts`.
 */
export function validateLayout(path: string, layout: PartLayout): void {
  if (layout.partSize !== undefined && layout.ranges !== undefined) {
    throw invalidParts(path, 'both partSize and ranges are set', 'Pass only one of them.');
  }

  if (layout.partSize !== undefined) {
    const { partSize } = layout;
    if (!Number.isSafeInteger(partSize) || partSize < 1) {
      throw invalidParts(
        path,
        `partSize ${partSize} is not a positive integer`,
        'Pass the part size in bytes, such as 5242880 for 5 MiB.',
      );
    }
  }

  if (layout.ranges !== undefined) checkRanges(path, layout.ranges);
}

function checkRanges(path: string, ranges: readonly PartRange[]): void {
  let previousEnd = 0;

  for (const [index, range] of ranges.entries()) {
    const { offset, length } = range;
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw invalidParts(
        path,
        `range ${index} has offset ${offset}`,
        'Offsets must be integers of 0 or more.',
      );
    }
    if (!Number.isSafeInteger(length) || length < 1) {
      throw invalidParts(
        path,
        `range ${index} has length ${length}`,
        'Lengths must be integers of 1 or more.',
      );
    }
    if (offset < previousEnd) {
      throw invalidParts(
        path,
        `range ${index} starts at byte ${offset}, before the previous range ends at byte ${previousEnd}`,
        'Sort the ranges by offset and remove overlaps.',
      );
    }
    previousEnd = offset + length;
  }
}

/**
 * Returns the ranges to hash for a file of `size` bytes. A `partSize` layout covers the
 * whole file and yields no parts for an empty file.
 */
export function planParts(path: string, size: number, layout: PartLayout): PartRange[] {
  validateLayout(path, layout);

  if (layout.partSize !== undefined) {
    const ranges: PartRange[] = [];
    for (let offset = 0; offset < size; offset += layout.partSize) {
      ranges.push({ offset, length: Math.min(layout.partSize, size - offset) });
    }
    return ranges;
  }

  if (layout.ranges !== undefined) {
    const last = layout.ranges.at(-1);
    if (last && last.offset + last.length > size) {
      throw invalidParts(
        path,
        `the last range ends at byte ${last.offset + last.length} but the file has ${size} bytes`,
        'Plan the ranges from the current file size.',
      );
    }
    return layout.ranges.map(({ offset, length }) => ({ offset, length }));
  }

  return [];
}

function invalidParts(path: string, problem: string, fix: string) {
  return hashError('INVALID_PARTS', path, `invalid part layout: ${problem}`, fix);
}
