// Walks a Relay connection page by page, following `pageInfo.endCursor` while
// `hasNextPage` is true.
import type { PageInfoData } from '../../shared/graphql/operations/index';
import { PlatformRequestError } from './errors';
import { hintFor } from './error-mapping';

/** One page of a connection, already unwrapped from the operation's data. */
export interface RelayPage<TNode> {
  nodes: (TNode | null)[];
  pageInfo: PageInfoData;
}

/** Operation and host of a walk, for error messages. */
export interface PageWalkContext {
  operationName: string;
  host: string;
}

/** Page size the iterators request when the caller gives none, as W&B's SDK does. */
export const DEFAULT_PAGE_SIZE = 50;

/** Checks a page size: a whole number of 1 or more. Throws a RangeError. */
export function checkPageSize(pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new RangeError(`Invalid pageSize ${pageSize}: give a whole number of 1 or more.`);
  }
  return pageSize;
}

/**
 * Yields every non-null node of every page. `fetchPage` receives the cursor of the page to
 * read, null for the first. A server that reports another page without a new cursor would
 * make the walk loop forever, so that ends it with a PROTOCOL error.
 */
export async function* walkPages<TNode>(
  fetchPage: (cursor: string | null) => Promise<RelayPage<TNode>>,
  context: PageWalkContext,
): AsyncGenerator<TNode, void, undefined> {
  let cursor: string | null = null;
  const seen = new Set<string>();

  for (;;) {
    const page = await fetchPage(cursor);
    for (const node of page.nodes) {
      if (node !== null) yield node;
    }
    if (!page.pageInfo.hasNextPage) return;

    const next = page.pageInfo.endCursor;
    if (next === null || seen.has(next)) {
      throw new PlatformRequestError({
        code: 'PROTOCOL',
        operationName: context.operationName,
        host: context.host,
        status: null,
        serverMessage: null,
        serverCode: null,
        detail:
          next === null
            ? 'the platform reported another page without an endCursor'
            : 'the platform returned an endCursor it had returned before, so paging would never end',
        hint: hintFor({ code: 'PROTOCOL', host: context.host, status: null }),
        attempts: 1,
      });
    }
    seen.add(next);
    cursor = next;
  }
}
