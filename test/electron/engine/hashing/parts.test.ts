// Part layouts and the per-part digests, without worker threads: the slices here are cut at
// awkward places on purpose, so part boundaries fall inside, at the start of, and at the end
// of a read-buffer slice.
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { PartDigests } from '../../../../electron/engine/hashing/part-digests.ts';
import { planParts, validateLayout } from '../../../../electron/engine/hashing/parts.ts';
import { expectedDigests, rangesOf } from './hashing-fixture.ts';

describe('planParts', () => {
  it('splits by part size with a shorter last part', () => {
    expect(planParts('/f', 11, { partSize: 4 })).toEqual([
      { offset: 0, length: 4 },
      { offset: 4, length: 4 },
      { offset: 8, length: 3 },
    ]);
  });

  it('returns no parts for an empty file or no layout', () => {
    expect(planParts('/f', 0, { partSize: 4 })).toEqual([]);
    expect(planParts('/f', 100, {})).toEqual([]);
  });

  it('keeps explicit ranges as given', () => {
    const ranges = [
      { offset: 2, length: 3 },
      { offset: 5, length: 1 },
    ];

    expect(planParts('/f', 6, { ranges })).toEqual(ranges);
  });

  it('rejects a range past the end of the file', () => {
    expect(() => planParts('/f', 5, { ranges: [{ offset: 2, length: 4 }] })).toThrow(
      'the last range ends at byte 6 but the file has 5 bytes',
    );
  });
});

describe('validateLayout', () => {
  const invalid = [
    {
      name: 'zero part size',
      layout: { partSize: 0 },
      text: 'partSize 0 is not a positive integer',
    },
    { name: 'fractional part size', layout: { partSize: 1.5 }, text: 'partSize 1.5' },
    { name: 'both fields', layout: { partSize: 4, ranges: [] }, text: 'both partSize and ranges' },
    { name: 'negative offset', layout: { ranges: [{ offset: -1, length: 1 }] }, text: 'offset -1' },
    { name: 'empty range', layout: { ranges: [{ offset: 0, length: 0 }] }, text: 'length 0' },
    {
      name: 'overlapping ranges',
      layout: {
        ranges: [
          { offset: 0, length: 4 },
          { offset: 3, length: 4 },
        ],
      },
      text: 'range 1 starts at byte 3, before the previous range ends at byte 4',
    },
  ];

  for (const { name, layout, text } of invalid) {
    it(`rejects ${name}`, () => {
      expect(() => validateLayout('/data/f.bin', layout)).toThrow(
        expect.objectContaining({ code: 'INVALID_PARTS', path: '/data/f.bin' }),
      );
      expect(() => validateLayout('/data/f.bin', layout)).toThrow(text);
    });
  }
});

describe('PartDigests', () => {
  // Slice lengths chosen so boundaries of 7-byte parts land at every position in a slice.
  const sliceLengths = [1, 6, 7, 8, 13, 14, 2, 3, 40];
  const bytes = randomBytes(sliceLengths.reduce((sum, length) => sum + length, 0));

  function feed(digests: PartDigests): void {
    let offset = 0;
    for (const length of sliceLengths) {
      digests.update(bytes.subarray(offset, offset + length), offset);
      offset += length;
    }
  }

  it('matches node:crypto across uneven slices', () => {
    const ranges = rangesOf(bytes.length, 7);
    const digests = new PartDigests(ranges);

    feed(digests);

    expect(digests.complete).toBe(true);
    expect(digests.parts).toEqual(expectedDigests(bytes, ranges).parts);
  });

  it('skips the bytes between ranges', () => {
    const ranges = [
      { offset: 3, length: 5 },
      { offset: 20, length: 1 },
      { offset: 50, length: bytes.length - 50 },
    ];
    const digests = new PartDigests(ranges);

    feed(digests);

    expect(digests.parts).toEqual(expectedDigests(bytes, ranges).parts);
  });
});
