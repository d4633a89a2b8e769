import { badInput } from '../core/errors';

// Relay connections with keyset paging: the cursor contains the sort key of the last row
// returned, so pages stay stable while rows are added.

export const DEFAULT_PAGE_SIZE = 50;
// W&B's SDK fetches download URLs 5,000 at a time; allow twice that.
export const MAX_PAGE_SIZE = 10_000;

export type SortKey = string | number;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: {
    startCursor: string | null;
    endCursor: string | null;
    hasNextPage: boolean;
    hasPreviousPage: boolean;
  };
}

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'string' || typeof key === 'number') return key;
  } catch {
    // Falls through to the error below.
  }
  throw badInput(`Invalid cursor "${cursor}": pass an endCursor from a previous page.`);
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`Invalid page size first=${first}: it must be between 0 and ${MAX_PAGE_SIZE}.`);
  }
  return first;
}

/**
 * Runs one page of a keyset query. `fetch` gets the key after which to start (null for
 * the first page) and a row limit one above the page size, so the extra row tells whether
 * another page exists.
 */
export async function paginate<T>(
  args: PageArgs,
  keyOf: (row: T) => SortKey,
  fetch: (after: SortKey | null, limit: number) => Promise<T[]>,
): Promise<Connection<T>> {
  const size = pageSize(args.first);
  const after = args.after ? decodeCursor(args.after) : null;
  const rows = await fetch(after, size + 1);
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));

  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasNextPage: rows.length > size,
      hasPreviousPage: after !== null,
    },
  };
}
