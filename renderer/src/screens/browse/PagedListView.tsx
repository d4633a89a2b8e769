// A paged list of things to open (projects, types, collections, versions, runs), with its
// loading, error and empty states. Rows come from `renderRow`; Enter or a click opens one.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Empty, ErrorNotice, Loading } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { useFormat } from '../../i18n/format';
import type { PagedList } from '../../hooks/usePagedList';

const ROW_HEIGHT = 44;

interface PagedListViewProps<T> {
  label: string;
  list: PagedList<T>;
  emptyText: string;
  rowKey: (item: T) => string;
  renderRow: (item: T) => ReactNode;
  onOpen: (item: T) => void;
}

export function PagedListView<T>(props: PagedListViewProps<T>) {
  const { t } = useTranslation();
  const format = useFormat();
  const { list } = props;

  if (list.loading) return <Loading />;
  if (list.error && list.items.length === 0) {
    return <ErrorNotice error={list.error} onRetry={list.reload} />;
  }
  if (list.items.length === 0) return <Empty>{props.emptyText}</Empty>;

  const total = list.totalCount ?? (list.hasMore ? null : list.items.length);
  return (
    <div className="list-view">
      <VirtualList
        label={props.label}
        role="listbox"
        count={list.items.length}
        rowHeight={ROW_HEIGHT}
        rowKey={(index) => props.rowKey(list.items[index]!)}
        renderRow={(index) => props.renderRow(list.items[index]!)}
        onActivate={(index) => props.onOpen(list.items[index]!)}
        onEndReached={list.hasMore ? list.loadMore : undefined}
      />
      <p className="list-footer muted small" aria-live="polite">
        {total === null
          ? t('browse.loadedSome', {
              count: list.items.length,
              shown: format.count(list.items.length),
            })
          : t('browse.loadedAll', { count: total, shown: format.count(total) })}
        {list.loadingMore && ` · ${t('common.loading')}`}
      </p>
      {list.error && <ErrorNotice error={list.error} onRetry={list.loadMore} />}
    </div>
  );
}
