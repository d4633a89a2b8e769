// Shared set-up for the journal tests: a temporary folder per test file, a controllable
// clock, and helpers that build targets, files and part plans.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll } from 'vitest';

import { Journal } from '../../../../electron/engine/journal';
import type { NewFile, PartPlan, TransferTarget } from '../../../../electron/engine/journal';

/** Creates a temporary folder that is removed after the test file. */
export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), `byob-journal-${prefix}-`));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A clock the test moves by hand, in milliseconds. */
export class TestClock {
  constructor(public nowMs = 1_700_000_000_000) {}

  readonly now = (): number => this.nowMs;

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

let counter = 0;

/** Opens a journal at a new file inside `folder`. */
export function openJournal(
  folder: string,
  clock = new TestClock(),
): { journal: Journal; path: string } {
  counter += 1;
  const path = join(folder, `journal-${counter}.sqlite`);
  return { journal: Journal.open(path, { now: clock.now }), path };
}

export const UPLOAD_TARGET: TransferTarget = {
  platformHost: 'https://api.wandb.ai',
  entity: 'vision-team',
  project: 'segmentation',
  artifactName: 'cityscapes-train',
  artifactType: 'dataset',
  aliases: ['latest', 'v2-candidate'],
  artifactDescription: 'Training split',
};

export const DOWNLOAD_TARGET: TransferTarget = {
  platformHost: 'https://wandb.example.test',
  entity: 'vision-team',
  project: 'segmentation',
  artifactName: 'cityscapes-train:v3',
  downloadRoot: '/data/cityscapes',
};

export function newFiles(count: number, size = 1024, prefix = 'images'): NewFile[] {
  return Array.from({ length: count }, (_, i) => ({
    logicalPath: `${prefix}/${String(i).padStart(6, '0')}.png`,
    localPath: `/data/${prefix}/${i}.png`,
    size,
    mtimeMs: 1_690_000_000_000 + i + 0.25,
  }));
}

/** MD5 of a string in hex, standing in for the MD5 of a part's bytes. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** MD5 of a string in base64, standing in for the MD5 of a whole file. */
export function md5Base64(text: string): string {
  return createHash('md5').update(text).digest('base64');
}

/** Cuts `size` bytes into equal parts of `partSize`, the last one shorter. */
export function planFor(
  size: number,
  partSize: number,
  uploadMode: PartPlan['uploadMode'] = 'multipart',
): PartPlan {
  const parts: PartPlan['parts'] = [];
  for (let offset = 0; offset < size; offset += partSize) {
    parts.push({
      offset,
      length: Math.min(partSize, size - offset),
      md5Hex: md5Hex(`part@${offset}`),
    });
  }
  return { uploadMode, partSize, parts };
}

/** Builds a pre-signed S3-style URL whose signature is in the query string. */
export function presignedUrl(key: string, partNumber?: number): string {
  const part = partNumber === undefined ? '' : `partNumber=${partNumber}&uploadId=UPLOAD-1&`;
  return (
    `https://bucket.s3.us-east-1.amazonaws.com/${key}?${part}` +
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20240101&X-Amz-Signature=SECRETSIGNATURE0123'
  );
}
