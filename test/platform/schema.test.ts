import { createHash } from 'node:crypto';

import {
  Kind,
  NoUnusedFragmentsRule,
  buildSchema,
  parse,
  specifiedRules,
  validate,
  type DefinitionNode,
  type FragmentDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';

import * as operations from '../../shared/graphql/operations/index';
import { manifestDigest } from '../../platform/artifacts/manifest';
import { MAX_URL_LIFETIME_SECONDS, parseLifetime } from '../../platform/cli/durations';
import { PlatformError } from '../../platform/core/errors';
import { checkFilePath } from '../../platform/core/names';
import { typeDefs } from '../../platform/graphql/schema/index';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  pageSize,
  paginate,
  type Connection,
} from '../../platform/graphql/paging';

const schema = buildSchema(typeDefs);

// Every string export of the operations module is a GraphQL document: an operation with its
// fragments appended, or a fragment (or several) for operations to append.
const documents = Object.entries(operations)
  .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  .map(([name, text]) => ({ name, text, definitions: parse(text).definitions }));

const isOperation = (d: DefinitionNode) => d.kind === Kind.OPERATION_DEFINITION;
const operationDocuments = documents.filter((d) => d.definitions.some(isOperation));
const fragmentDocuments = documents.filter((d) => !d.definitions.some(isOperation));

/** Code of the PlatformError that `action` throws, or a failure when it throws none. */
function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof PlatformError) return error.code;
    throw error;
  }
  throw new Error('expected a PlatformError, but nothing was thrown');
}

describe('shared operation documents', () => {
  it('exports operations and fragments', () => {
    expect(operationDocuments.length).toBeGreaterThan(20);
    expect(fragmentDocuments.length).toBeGreaterThan(5);
  });

  it.each(operationDocuments.map((d) => [d.name, d.text]))('%s validates', (_name, text) => {
    const errors = validate(schema, parse(text)).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  it('fragments validate together', () => {
    // A fragment alone may spread others, so validate all of them in one document. No
    // operation uses them there, so the unused-fragment rule is left out.
    const byName = new Map<string, FragmentDefinitionNode>();
    for (const document of fragmentDocuments) {
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION)
          byName.set(definition.name.value, definition);
      }
    }
    const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
    const errors = validate(
      schema,
      { kind: Kind.DOCUMENT, definitions: [...byName.values()] },
      rules,
    ).map((e) => e.message);

    expect(byName.size).toBeGreaterThan(5);
    expect(errors).toEqual([]);
  });
});

describe('manifestDigest', () => {
  const hashOf = (lines: string[]) =>
    createHash('md5')
      .update(`wandb-artifact-manifest-v1\n${lines.map((l) => `${l}\n`).join('')}`)
      .digest('hex');

  it('hashes entries in path order', () => {
    const digest = manifestDigest({ 'b.txt': { digest: 'B' }, 'a.txt': { digest: 'A' } });
    expect(digest).toBe(hashOf(['a.txt:A', 'b.txt:B']));
  });

  it('sorts by code point, not UTF-16 unit', () => {
    // U+1F600 is the surrogate pair D83D DE00, so UTF-16 order puts it before U+FFFD. Code
    // point order (Python's sorted, which W&B's SDK uses) puts it after.
    const emoji = 'data/\u{1F600}.txt';
    const replacement = 'data/\uFFFD.txt';
    const contents = { [emoji]: { digest: 'E' }, [replacement]: { digest: 'R' } };

    expect([emoji, replacement].sort()).toEqual([emoji, replacement]);
    expect(manifestDigest(contents)).toBe(hashOf([`${replacement}:R`, `${emoji}:E`]));
    expect(manifestDigest(contents)).not.toBe(hashOf([`${emoji}:E`, `${replacement}:R`]));
  });

  it('hashes an empty manifest to the header alone', () => {
    expect(manifestDigest({})).toBe(hashOf([]));
  });
});

describe('checkFilePath', () => {
  it.each([
    ['a.txt'],
    ['nested/deeper/file.bin'],
    ['名前 with spaces+%#?.txt'],
    ['.hidden/..dots'],
    ['x'.repeat(1024)],
  ])('accepts %s', (path) => {
    expect(checkFilePath(path)).toBe(path);
  });

  it('normalizes to NFC', () => {
    expect(checkFilePath('cafe\u0301.txt')).toBe('caf\u00e9.txt');
  });

  it.each([
    ['', 'empty'],
    ['/abs.txt', 'leading slash'],
    ['dir/', 'trailing slash'],
    ['a//b', 'empty segment'],
    ['./a', 'dot segment'],
    ['a/../b', 'dot-dot segment'],
    ['..', 'dot-dot alone'],
    ['a\\b', 'backslash'],
    ['a\0b', 'NUL'],
    ['x'.repeat(1025), 'over 1,024 bytes'],
    ['\u00e9'.repeat(513), '1,026 UTF-8 bytes'],
  ])('rejects %j (%s)', (path) => {
    expect(codeOf(() => checkFilePath(path))).toBe('BAD_USER_INPUT');
  });

  it('names the path in the error', () => {
    expect(() => checkFilePath('a/../b')).toThrow(/"a\/\.\.\/b"/);
  });
});

describe('parseLifetime', () => {
  it.each([
    ['30s', 30],
    ['90m', 5400],
    ['24h', 86_400],
    ['7d', MAX_URL_LIFETIME_SECONDS],
    ['45', 45],
    [' 2h ', 7200],
    ['1', 1],
  ])('parses %j as %i seconds', (text, seconds) => {
    expect(parseLifetime(text)).toBe(seconds);
  });

  it.each(['0', '0s', '8d', '9d', '604801', '1w', '', '-1', '1.5h', 'h', '24 h'])(
    'rejects %j',
    (text) => {
      expect(() => parseLifetime(text)).toThrow(`"${text}" is not a valid lifetime`);
    },
  );
});

describe('cursors and page sizes', () => {
  it.each([['name/with ünïcode'], [''], [0], [12_345]])('round-trips %j', (key) => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(decodeCursor(cursor)).toBe(key);
  });

  it.each([
    ['not base64 json', '!!!'],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
  ])('rejects a cursor that is %s', (_what, cursor) => {
    expect(codeOf(() => decodeCursor(cursor))).toBe('BAD_USER_INPUT');
  });

  it('limits page sizes', () => {
    expect(pageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(null)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(0)).toBe(0);
    expect(pageSize(MAX_PAGE_SIZE)).toBe(MAX_PAGE_SIZE);
    for (const bad of [MAX_PAGE_SIZE + 1, -1, 2.5]) {
      expect(
        codeOf(() => pageSize(bad)),
        String(bad),
      ).toBe('BAD_USER_INPUT');
    }
  });

  it('pages through rows with cursors', async () => {
    const rows = ['a', 'b', 'c', 'd', 'e'];
    const fetchAfter = async (after: string | number | null, limit: number) =>
      rows.filter((r) => after === null || r > String(after)).slice(0, limit);

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Connection<string> = await paginate({ first: 2, after }, (r) => r, fetchAfter);
      seen.push(...page.edges.map((e) => e.node));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after !== null);

    expect(seen).toEqual(rows);
    expect(pages).toBe(3);
  });
});
