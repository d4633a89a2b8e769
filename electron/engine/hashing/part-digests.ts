// Feeds consecutive read-buffer slices into one MD5 per part, so the part digests come out
// of the same sequential read as the whole-file digest.

import { createHash, type Hash } from 'node:crypto';

import type { PartHash, PartRange } from './types';

export class PartDigests {
  readonly parts: PartHash[] = [];
  private nextIndex = 0;
  private current: Hash | null = null;

  /** @param ranges ascending, non-overlapping ranges, as `planParts` returns them */
  constructor(private readonly ranges: readonly PartRange[]) {}

  /**
   * Hashes the bytes of `slice`, which starts at byte `sliceOffset` of the file. Slices must
   * arrive in file order without gaps, so every range that ends before `sliceOffset` is
   * already finished when this runs.
   */
  update(slice: Buffer, sliceOffset: number): void {
    const sliceEnd = sliceOffset + slice.length;
    let position = sliceOffset;

    while (this.nextIndex < this.ranges.length) {
      const range = this.ranges[this.nextIndex]!;
      const rangeEnd = range.offset + range.length;

      // The next range starts in a later slice (or in a gap this slice covers).
      if (range.offset >= sliceEnd) return;

      const from = Math.max(position, range.offset);
      const to = Math.min(sliceEnd, rangeEnd);
      this.current ??= createHash('md5');
      this.current.update(slice.subarray(from - sliceOffset, to - sliceOffset));

      // The range continues in the next slice.
      if (to < rangeEnd) return;

      this.finish(range);
      position = to;
    }
  }

  /** Returns true once every range has been hashed. */
  get complete(): boolean {
    return this.nextIndex === this.ranges.length;
  }

  private finish(range: PartRange): void {
    const digest = this.current!.digest();
    this.parts.push({
      index: this.nextIndex,
      partNumber: this.nextIndex + 1,
      offset: range.offset,
      length: range.length,
      md5Hex: digest.toString('hex'),
      md5Base64: digest.toString('base64'),
    });
    this.current = null;
    this.nextIndex += 1;
  }
}
