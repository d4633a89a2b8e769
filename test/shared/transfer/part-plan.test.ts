import { describe, expect, it } from 'vitest';

import {
  AZURE_BLOCK_ID_LENGTH,
  AZURE_MAX_BLOCK_SIZE,
  AZURE_MAX_BLOCKS,
  AZURE_MAX_PUT_BLOB_SIZE,
  azureBlockId,
  DEFAULT_MULTIPART_THRESHOLD,
  DEFAULT_PART_SIZE,
  GiB,
  KiB,
  MAX_OBJECT_SIZE,
  MAX_PART_SIZE,
  MAX_PARTS,
  MiB,
  MIN_PART_SIZE,
  PartPlanError,
  planAzureBlocks,
  planParts,
  TiB,
  type Part,
  type PartPlan,
} from '../../../shared/transfer/part-plan';

// Small options, as engine tests use them, so files of a few MiB go multipart.
const SMALL = { multipartThreshold: 10 * MiB, partSize: 5 * MiB };

function multipart(plan: PartPlan): { partSize: number; parts: Part[] } {
  if (plan.kind !== 'multipart') {
    throw new Error(`expected a multipart plan, got ${plan.kind}`);
  }
  return plan;
}

/**
 * Checks the invariants every multipart plan must keep, for a file of `size` bytes. The
 * checks collect problems in plain code and assert once, because 10,000 parts times several
 * expect() calls would make the test slow.
 */
function expectValidParts(size: number, partSize: number, parts: Part[]): void {
  expect(parts.length).toBeGreaterThan(0);
  expect(parts.length).toBeLessThanOrEqual(MAX_PARTS);

  const problems: string[] = [];
  let offset = 0;
  parts.forEach((part, index) => {
    const isLast = index === parts.length - 1;
    if (part.index !== index) problems.push(`part ${index}: index ${part.index}`);
    if (part.partNumber !== index + 1) problems.push(`part ${index}: number ${part.partNumber}`);
    if (part.offset !== offset)
      problems.push(`part ${index}: offset ${part.offset}, not ${offset}`);
    if (part.length <= 0) problems.push(`part ${index}: empty`);
    if (isLast && part.length > partSize) problems.push(`last part: ${part.length} bytes`);
    if (!isLast && part.length !== partSize) problems.push(`part ${index}: ${part.length} bytes`);
    if (!isLast && part.length < MIN_PART_SIZE) problems.push(`part ${index}: under 5 MiB`);
    offset += part.length;
  });

  expect(problems).toEqual([]);
  expect(offset).toBe(size);
}

describe('planParts threshold', () => {
  it('uses wandb-core defaults', () => {
    expect(DEFAULT_MULTIPART_THRESHOLD).toBe(2 * 1024 ** 3);
    expect(DEFAULT_PART_SIZE).toBe(100 * 1024 ** 2);
    expect(planParts(DEFAULT_MULTIPART_THRESHOLD - 1)).toEqual({ kind: 'single' });
    expect(planParts(DEFAULT_MULTIPART_THRESHOLD).kind).toBe('multipart');
  });

  it('sends one byte under the threshold in one PUT', () => {
    expect(planParts(SMALL.multipartThreshold - 1, SMALL)).toEqual({ kind: 'single' });
  });

  it('goes multipart exactly at the threshold', () => {
    const plan = multipart(planParts(SMALL.multipartThreshold, SMALL));

    expect(plan.partSize).toBe(5 * MiB);
    expect(plan.parts).toEqual([
      { index: 0, partNumber: 1, offset: 0, length: 5 * MiB },
      { index: 1, partNumber: 2, offset: 5 * MiB, length: 5 * MiB },
    ]);
  });

  it('gives one byte over the threshold a short last part', () => {
    const size = SMALL.multipartThreshold + 1;
    const plan = multipart(planParts(size, SMALL));

    expect(plan.parts).toHaveLength(3);
    expect(plan.parts[2]).toEqual({ index: 2, partNumber: 3, offset: 10 * MiB, length: 1 });
    expectValidParts(size, plan.partSize, plan.parts);
  });

  it('sends an empty file in one PUT', () => {
    expect(planParts(0)).toEqual({ kind: 'single' });
    expect(planParts(0, { multipartThreshold: 0, partSize: 5 * MiB })).toEqual({
      kind: 'single',
    });
  });

  it('plans a file smaller than one part as one part', () => {
    const plan = multipart(planParts(1, { multipartThreshold: 0, partSize: 5 * MiB }));

    expect(plan.parts).toEqual([{ index: 0, partNumber: 1, offset: 0, length: 1 }]);
  });

  it('splits 2 GiB into 100 MiB parts', () => {
    const plan = multipart(planParts(2 * GiB));

    expect(plan.partSize).toBe(100 * MiB);
    expect(plan.parts).toHaveLength(21);
    expect(plan.parts[20]?.length).toBe(48 * MiB);
    expectValidParts(2 * GiB, plan.partSize, plan.parts);
  });
});

describe('planParts part count limit', () => {
  it('keeps the part size at exactly 10,000 parts', () => {
    const size = DEFAULT_PART_SIZE * MAX_PARTS;
    const plan = multipart(planParts(size));

    expect(plan.partSize).toBe(DEFAULT_PART_SIZE);
    expect(plan.parts).toHaveLength(10_000);
    expectValidParts(size, plan.partSize, plan.parts);
  });

  it('raises the part size by 4 KiB one byte past 10,000 parts', () => {
    const size = DEFAULT_PART_SIZE * MAX_PARTS + 1;
    const plan = multipart(planParts(size));

    expect(plan.partSize).toBe(DEFAULT_PART_SIZE + 4 * KiB);
    expect(plan.parts).toHaveLength(10_000);
    expectValidParts(size, plan.partSize, plan.parts);
  });

  it('raises a small configured part size to fit', () => {
    const size = 50 * GiB + 7;
    const plan = multipart(planParts(size, SMALL));

    expect(plan.partSize).toBe(Math.ceil(Math.ceil(size / MAX_PARTS) / 4096) * 4096);
    expect(plan.partSize % (4 * KiB)).toBe(0);
    expectValidParts(size, plan.partSize, plan.parts);
  });

  it('plans exactly 5 TiB in at most 10,000 parts', () => {
    const plan = multipart(planParts(5 * TiB));

    expect(MAX_OBJECT_SIZE).toBe(5 * 1024 ** 4);
    expect(plan.partSize).toBe(549_756_928);
    expect(plan.partSize % 4096).toBe(0);
    expect(plan.parts).toHaveLength(10_000);
    expect(plan.parts[9_999]?.length).toBe(5 * TiB - 9_999 * 549_756_928);
    expectValidParts(5 * TiB, plan.partSize, plan.parts);
  });

  it('keeps every plan within the limits', () => {
    const sizes = [10 * MiB, 10 * MiB + 1, 3 * GiB - 1, 977 * GiB, 1000 * GiB + 12_345, 4 * TiB];
    for (const size of sizes) {
      const plan = multipart(planParts(size, SMALL));
      expectValidParts(size, plan.partSize, plan.parts);
      expect(plan.partSize).toBeLessThanOrEqual(MAX_PART_SIZE);
    }
  });
});

describe('planParts rejections', () => {
  it('rejects 5 TiB plus one byte', () => {
    const size = 5 * TiB + 1;

    expect(() => planParts(size)).toThrow(PartPlanError);
    expect(() => planParts(size)).toThrow(/5497558138881 bytes/);
    expect(() => planParts(size)).toThrow(/5497558138880-byte \(5 TiB\) limit/);
  });

  it('rejects a part size under 5 MiB', () => {
    const plan = () => planParts(20 * MiB, { partSize: 5 * MiB - 1 });

    expect(plan).toThrow(PartPlanError);
    expect(plan).toThrow(/part size 5242879 bytes/);
    expect(plan).toThrow(/at least 5242880 bytes/);
    expect(plan).toThrow(/Set partSize to 5242880 or more/);
  });

  it('accepts exactly 5 MiB parts', () => {
    expect(multipart(planParts(20 * MiB, SMALL)).partSize).toBe(MIN_PART_SIZE);
  });

  it('rejects a part size over 5 GiB', () => {
    const plan = () => planParts(20 * GiB, { partSize: 5 * GiB + 1 });

    expect(plan).toThrow(/part size 5368709121 bytes/);
    expect(plan).toThrow(/Set partSize to 5368709120 or less/);
  });

  it('rejects a threshold over 5 GiB', () => {
    const plan = () => planParts(1, { multipartThreshold: 5 * GiB + 1 });

    expect(plan).toThrow(/multipart threshold 5368709121 bytes/);
    expect(plan).toThrow(/Set multipartThreshold to 5368709120 or less/);
  });

  it('rejects sizes that are not whole bytes', () => {
    for (const size of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => planParts(size), String(size)).toThrow(/expected a whole number of bytes/);
    }
    expect(() => planParts(1, { partSize: 6 * MiB + 0.5 })).toThrow(/Invalid part size/);
  });
});

describe('azureBlockId', () => {
  it('gives equal lengths for index 0 and 49,999', () => {
    const first = azureBlockId(0);
    const last = azureBlockId(AZURE_MAX_BLOCKS - 1);

    expect(first).toHaveLength(AZURE_BLOCK_ID_LENGTH);
    expect(last).toHaveLength(AZURE_BLOCK_ID_LENGTH);
    expect(atob(first)).toBe('000000');
    expect(atob(last)).toBe('049999');
  });

  it('gives distinct URL-safe ids for every index', () => {
    const ids = Array.from({ length: AZURE_MAX_BLOCKS }, (_, index) => azureBlockId(index));
    const malformed = ids.filter((id) => !/^[A-Za-z0-9]{8}$/.test(id));

    expect(malformed).toEqual([]);
    expect(new Set(ids).size).toBe(AZURE_MAX_BLOCKS);
  });

  it('rejects indexes outside 0 to 49,999', () => {
    for (const index of [-1, 50_000, 1.5]) {
      expect(() => azureBlockId(index), String(index)).toThrow(/integer from 0 to 49999/);
    }
  });
});

describe('planAzureBlocks', () => {
  it('reuses the part boundaries of planParts', () => {
    const size = 23 * MiB + 17;
    const parts = multipart(planParts(size, SMALL)).parts;
    const plan = planAzureBlocks(size, SMALL);

    expect(plan.kind).toBe('blocks');
    if (plan.kind !== 'blocks') return;
    expect(plan.blockSize).toBe(5 * MiB);
    expect(plan.blocks.map(({ offset, length }) => ({ offset, length }))).toEqual(
      parts.map(({ offset, length }) => ({ offset, length })),
    );
    expect(plan.blocks.map((block) => block.blockId)).toEqual(
      parts.map((part) => azureBlockId(part.index)),
    );
  });

  it('uses Put Blob below the threshold up to 256 MiB', () => {
    expect(planAzureBlocks(0)).toEqual({ kind: 'single' });
    expect(planAzureBlocks(AZURE_MAX_PUT_BLOB_SIZE)).toEqual({ kind: 'single' });
  });

  it('stages blocks below the threshold over 256 MiB', () => {
    const size = AZURE_MAX_PUT_BLOB_SIZE + 1;
    const plan = planAzureBlocks(size);

    expect(planParts(size)).toEqual({ kind: 'single' });
    expect(plan.kind).toBe('blocks');
    if (plan.kind !== 'blocks') return;
    expect(plan.blockSize).toBe(DEFAULT_PART_SIZE);
    expect(plan.blocks).toHaveLength(3);
    expect(plan.blocks[2]?.length).toBe(56 * MiB + 1);
  });

  it('lowers a part size over 4000 MiB', () => {
    const plan = planAzureBlocks(9 * GiB, { multipartThreshold: 0, partSize: 5 * GiB });

    expect(plan.kind).toBe('blocks');
    if (plan.kind !== 'blocks') return;
    expect(plan.blockSize).toBe(AZURE_MAX_BLOCK_SIZE);
    expect(plan.blocks.map((block) => block.length)).toEqual([
      4000 * MiB,
      4000 * MiB,
      9 * GiB - 8000 * MiB,
    ]);
  });

  it('plans 5 TiB within 50,000 blocks and rejects one byte more', () => {
    const plan = planAzureBlocks(5 * TiB);

    expect(plan.kind).toBe('blocks');
    if (plan.kind !== 'blocks') return;
    expect(plan.blocks.length).toBeLessThanOrEqual(AZURE_MAX_BLOCKS);
    expect(plan.blocks.every((block) => block.length <= AZURE_MAX_BLOCK_SIZE)).toBe(true);
    expect(() => planAzureBlocks(5 * TiB + 1)).toThrow(/5 TiB/);
  });
});
