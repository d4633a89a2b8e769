// A list that main returns one page at a time. The first page loads when `key` changes and the
// next one when the view requests more, usually when its last rows come into view. A view
// with few rows (a tree of collapsed folders) therefore keeps loading pages in the background.
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';

import type { IpcRequestError } from '../../../shared/ipc/index';
import { asRequestError } from '../bridge';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  totalCount: number | null;
}

interface ListState<T> {
  key: string;
  items: T[];
  nextCursor: string | null;
  totalCount: number | null;
  loadingMore: boolean;
  error: IpcRequestError | null;
}

export interface PagedList<T> {
  items: T[];
  /** True until the first page of the current key arrives. */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  /** Items in the whole list when main reports it. */
  totalCount: number | null;
  error: IpcRequestError | null;
  loadMore: () => void;
  reload: () => void;
}

export function usePagedList<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  key: string,
): PagedList<T> {
  const [state, setState] = useState<ListState<T> | null>(null);
  const [version, setVersion] = useState(0);
  const fetchFirst = useEffectEvent(() => fetchPage(null));
  // Cursor of the page in flight, so a burst of scroll events requests each page once.
  const pending = useRef<string | null>(null);

  useEffect(() => {
    let current = true;
    pending.current = null;
    fetchFirst().then(
      (page) => {
        if (current) setState({ key, ...page, loadingMore: false, error: null });
      },
      (error: unknown) => {
        if (!current) return;
        setState({
          key,
          items: [],
          nextCursor: null,
          totalCount: null,
          loadingMore: false,
          error: asRequestError(error),
        });
      },
    );
    return () => {
      current = false;
    };
  }, [key, version]);

  const ready = state !== null && state.key === key ? state : null;

  const loadMore = useCallback(() => {
    const cursor = ready?.nextCursor ?? null;
    if (cursor === null || pending.current === cursor) return;
    pending.current = cursor;
    setState((previous) => previous && { ...previous, loadingMore: true });

    fetchPage(cursor).then(
      (page) => {
        setState((previous) => {
          if (previous === null || previous.key !== key || previous.nextCursor !== cursor) {
            return previous;
          }
          return {
            ...previous,
            items: previous.items.concat(page.items),
            nextCursor: page.nextCursor,
            totalCount: page.totalCount ?? previous.totalCount,
            loadingMore: false,
            error: null,
          };
        });
      },
      (error: unknown) => {
        pending.current = null;
        setState((previous) =>
          previous && previous.key === key
            ? { ...previous, loadingMore: false, error: asRequestError(error) }
            : previous,
        );
      },
    );
  }, [fetchPage, key, ready?.nextCursor]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);

  return {
    items: ready?.items ?? [],
    loading: ready === null,
    loadingMore: ready?.loadingMore ?? false,
    hasMore: (ready?.nextCursor ?? null) !== null,
    totalCount: ready?.totalCount ?? null,
    error: ready?.error ?? null,
    loadMore,
    reload,
  };
}
