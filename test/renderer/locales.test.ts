// Both catalogues carry the same keys with text in each, and every key a component names
// literally exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  ACTIVITY_STATES,
  FILE_STATES,
  IPC_ERROR_CODES,
  IPC_ERROR_REASONS,
  TRANSFER_KINDS,
  TRANSFER_STATES,
  VALIDATION_ISSUE_CODES,
} from '../../shared/ipc/index';
import { TRANSFER_ERROR_CODES } from '../../shared/transfer/error-codes';
import en from '../../renderer/src/locales/en.json';
import ja from '../../renderer/src/locales/ja.json';

// A path string, because jsdom's URL class is global here and node:url rejects its objects.
const SOURCE = join(dirname(fileURLToPath(import.meta.url)), '../../renderer/src');
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (typeof value !== 'object' || value === null) return entries.set(prefix, value);
  for (const [key, child] of Object.entries(value)) {
    for (const [path, leaf] of flatten(child, prefix ? `${prefix}.${key}` : key)) {
      entries.set(path, leaf);
    }
  }
  return entries;
}

// Japanese has one plural form and English two, so keys compare without the plural suffix.
function baseKeys(catalogue: unknown): Set<string> {
  return new Set([...flatten(catalogue).keys()].map((key) => key.replace(PLURAL_SUFFIX, '')));
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('locale catalogues', () => {
  it('have the same keys', () => {
    expect([...baseKeys(ja)].sort()).toEqual([...baseKeys(en)].sort());
  });

  it('have no empty values', () => {
    for (const catalogue of [en, ja]) {
      for (const [key, value] of flatten(catalogue)) {
        expect(typeof value, key).toBe('string');
        expect((value as string).trim(), key).not.toBe('');
      }
    }
  });

  it('give English plurals both forms', () => {
    const keys = [...flatten(en).keys()];
    for (const key of keys.filter((name) => name.endsWith('_one'))) {
      expect(keys, key).toContain(key.replace(/_one$/, '_other'));
    }
  });

  it('use the same placeholders in both', () => {
    const placeholders = (text: unknown) =>
      [...String(text).matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1]).sort();
    const japanese = flatten(ja);
    for (const [key, text] of flatten(en)) {
      const base = key.replace(PLURAL_SUFFIX, '');
      const other = japanese.get(key) ?? japanese.get(base);
      if (other === undefined) continue;
      expect(placeholders(other), key).toEqual(placeholders(text));
    }
  });

  it('name every state, kind and error of the contract', () => {
    const known = baseKeys(en);
    const keys = [
      ...TRANSFER_STATES.map((state) => `transferState.${state}`),
      ...ACTIVITY_STATES.map((state) => `activity.${state}`),
      // A file row shows the file's recorded state or the activity an event reported.
      ...[...FILE_STATES, ...ACTIVITY_STATES].map((state) => `fileState.${state}`),
      ...TRANSFER_KINDS.map((kind) => `transferKind.${kind}`),
      ...IPC_ERROR_CODES.map((code) => `errors.code.${code}`),
      ...IPC_ERROR_REASONS.map((reason) => `errors.reason.${reason}`),
      ...TRANSFER_ERROR_CODES.map((code) => `transferError.${code}`),
      ...VALIDATION_ISSUE_CODES.map((code) => `validation.${code}`),
    ];
    for (const key of keys) expect(known, key).toContain(key);
  });

  it('contain every literal key in the components', () => {
    const known = baseKeys(en);
    const used = new Set<string>();
    for (const file of sourceFiles(SOURCE)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    for (const key of used) expect(known, key).toContain(key);
  });
});
