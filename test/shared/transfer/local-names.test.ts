import { describe, expect, it } from 'vitest';

import {
  fromLocalName,
  isReservedDeviceName,
  LocalNameError,
  toLocalName,
} from '../../../shared/transfer/local-names';

const DEVICE_NAMES = [
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((digit) => [`COM${digit}`, `LPT${digit}`]),
  'COM¹',
  'COM²',
  'COM³',
  'LPT¹',
  'LPT²',
  'LPT³',
];

const WINDOWS_REJECTED = ['<', '>', ':', '"', '|', '?', '*', '\\'];

/** Returns whether Windows accepts exactly this file name. */
function isWindowsSafe(name: string): boolean {
  const hasBadCharacter = [...name].some(
    (character) => WINDOWS_REJECTED.includes(character) || character.charCodeAt(0) < 0x20,
  );
  return !hasBadCharacter && !/[. ]$/.test(name) && !isReservedDeviceName(name);
}

/** Returns a small xorshift generator, so the property test gets the same inputs every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

function expectRoundTrip(segment: string): string {
  const { name } = toLocalName(segment);
  expect(fromLocalName(name), JSON.stringify(segment)).toBe(segment);
  return name;
}

describe('toLocalName reserved device names', () => {
  it('maps every reserved form', () => {
    const forms = DEVICE_NAMES.flatMap((device) => [
      device,
      device.toLowerCase(),
      device.charAt(0) + device.slice(1).toLowerCase(),
      `${device}.txt`,
      `${device.toLowerCase()}.tar.gz`,
      `${device} .txt`,
      `${device}.`,
    ]);

    for (const form of forms) {
      const local = toLocalName(form);
      expect(local.mapped, form).toBe(true);
      expect(local.name.startsWith('%'), form).toBe(true);
      expect(isWindowsSafe(local.name), local.name).toBe(true);
      expectRoundTrip(form);
    }
  });

  it('escapes the first letter', () => {
    expect(toLocalName('CON').name).toBe('%43ON');
    expect(toLocalName('nul.txt').name).toBe('%6Eul.txt');
    expect(toLocalName('Com1.tar.gz').name).toBe('%43om1.tar.gz');
    expect(toLocalName('LPT³').name).toBe('%4CPT³');
  });

  it('leaves lookalike names alone', () => {
    for (const name of ['CONSOLE', 'COM10', 'LPT0', 'NULL.txt', 'xCON', 'con_', 'my.CON', 'AUX1']) {
      expect(toLocalName(name), name).toEqual({ name, mapped: false });
    }
  });
});

describe('toLocalName characters', () => {
  it('escapes each character Windows rejects', () => {
    const expected: Record<string, string> = {
      '<': '%3C',
      '>': '%3E',
      ':': '%3A',
      '"': '%22',
      '|': '%7C',
      '?': '%3F',
      '*': '%2A',
      '\\': '%5C',
    };
    for (const [character, escape] of Object.entries(expected)) {
      expect(toLocalName(`a${character}b`), character).toEqual({
        name: `a${escape}b`,
        mapped: true,
      });
    }
  });

  it('escapes every control character', () => {
    for (let code = 0; code < 0x20; code += 1) {
      const hex = code.toString(16).toUpperCase().padStart(2, '0');
      expect(toLocalName(`x${String.fromCharCode(code)}y`).name).toBe(`x%${hex}y`);
    }
  });

  it('escapes trailing dots and spaces only', () => {
    expect(toLocalName('a.').name).toBe('a%2E');
    expect(toLocalName('a ').name).toBe('a%20');
    expect(toLocalName('a. .').name).toBe('a%2E%20%2E');
    expect(toLocalName('...').name).toBe('%2E%2E%2E');
    expect(toLocalName('.bashrc')).toEqual({ name: '.bashrc', mapped: false });
    expect(toLocalName('a b.c')).toEqual({ name: 'a b.c', mapped: false });
  });

  it('leaves ordinary names alone', () => {
    for (const name of [
      'data.csv',
      '日本語.txt',
      `caf\u00e9`,
      '😀.png',
      '100%.txt',
      '50%',
      '%zz',
    ]) {
      expect(toLocalName(name), name).toEqual({ name, mapped: false });
    }
  });

  it('escapes a percent sign before two hex digits', () => {
    expect(toLocalName('a%3F')).toEqual({ name: 'a%253F', mapped: true });
    expect(toLocalName('%41%')).toEqual({ name: '%2541%', mapped: true });
    expect(toLocalName('%%41').name).toBe('%%2541');
    expect(toLocalName('%2e').name).toBe('%252e');
  });

  it('rejects segments that are not file names', () => {
    for (const segment of ['', '.', '..', 'a/b']) {
      expect(() => toLocalName(segment), JSON.stringify(segment)).toThrow(LocalNameError);
    }
  });
});

describe('fromLocalName', () => {
  it('inverts tricky mappings', () => {
    const tricky = [
      'a?',
      'a%3F',
      'a%253F',
      '%',
      '%%',
      '%4',
      '%4:',
      '%A<',
      '%41',
      '%%41',
      'CON%41',
      '%43ON',
      'con.%2E',
      'x%2E.',
      ' . ',
      '100%.txt',
      'a\\..\\b',
    ];
    for (const segment of tricky) {
      expectRoundTrip(segment);
    }
  });

  it('returns unmapped names unchanged', () => {
    expect(fromLocalName('data.csv')).toBe('data.csv');
    expect(fromLocalName('100%.txt')).toBe('100%.txt');
  });

  it('rejects names downloads never write', () => {
    for (const name of ['a?b', 'a%3fb', 'a%41', 'CON', 'x.', '%2E%2E', '%2E', 'a%2Fb', '']) {
      expect(() => fromLocalName(name), JSON.stringify(name)).toThrow(LocalNameError);
    }
    expect(() => fromLocalName('a%3fb')).toThrow(
      'Invalid local name "a%3fb": downloads write "a?b" as "a%3Fb".',
    );
    expect(() => fromLocalName('%2E%2E')).toThrow(/decodes to "\.\.", which is not a valid/);
  });
});

describe('local name round trip', () => {
  it('is exact and collision-free on random tricky names', () => {
    const alphabet = [
      '%',
      '%',
      '2',
      '5',
      'A',
      'f',
      'g',
      '.',
      ' ',
      '?',
      ':',
      '<',
      '\\',
      '"',
      '|',
      '*',
      '\u0001',
      '\u001f',
      'C',
      'O',
      'N',
      'c',
      'L',
      'P',
      'T',
      '1',
      '¹',
      '\u00e9',
      'e\u0301',
      '😀',
      'x',
    ];
    const prefixes = ['', '', '', 'CON', 'nul', 'Com1', 'LPT²', '%25', '%'];
    const random = seededRandom(20_240_601);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

    const segmentsByName = new Map<string, string>();
    let mappedCount = 0;
    for (let sample = 0; sample < 5_000; sample += 1) {
      const length = 1 + Math.floor(random() * 10);
      let segment = pick(prefixes);
      for (let i = 0; i < length; i += 1) segment += pick(alphabet);
      if (segment === '.' || segment === '..') continue;

      const local = toLocalName(segment);
      if (local.mapped) mappedCount += 1;

      expect(isWindowsSafe(local.name), `${JSON.stringify(segment)} -> ${local.name}`).toBe(true);
      expect(fromLocalName(local.name), JSON.stringify(segment)).toBe(segment);

      const earlier = segmentsByName.get(local.name);
      if (earlier !== undefined) {
        expect(earlier, `collision on ${local.name}`).toBe(segment);
      }
      segmentsByName.set(local.name, segment);
    }

    // The generator must exercise both branches for the test to mean anything.
    expect(mappedCount).toBeGreaterThan(1_000);
    expect(segmentsByName.size).toBeGreaterThan(4_000);
  });
});
