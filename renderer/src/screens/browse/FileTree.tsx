// A version's or a run's files as a folder tree with sizes and digests. Rows are virtualised
// and pages load as the user scrolls. Check boxes select files or whole folders to download.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { RemoteFileItem } from '../../../../shared/ipc/index';
import { Empty, ErrorNotice, Loading } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { useFormat } from '../../i18n/format';
import type { PagedList } from '../../hooks/usePagedList';
import {
  ancestorSelected,
  FileTreeIndex,
  isSelected,
  toggleSelection,
  type TreeRow,
} from './file-tree-model';

const ROW_HEIGHT = 32;

interface FileTreeProps {
  label: string;
  list: PagedList<RemoteFileItem>;
  selection: ReadonlySet<string>;
  onSelectionChange: (selection: Set<string>) => void;
}

export function FileTree({ label, list, selection, onSelectionChange }: FileTreeProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [index] = useState(() => new FileTreeIndex());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());

  const rows = useMemo(() => {
    index.sync(list.items);
    return index.rows(expanded);
  }, [index, list.items, expanded]);

  if (list.loading) return <Loading />;
  if (list.error && list.items.length === 0) {
    return <ErrorNotice error={list.error} onRetry={list.reload} />;
  }
  if (list.items.length === 0) return <Empty>{t('browse.noFiles')}</Empty>;

  const toggleFolder = (path: string, open?: boolean) => {
    const next = new Set(expanded);
    const shouldOpen = open ?? !next.has(path);
    if (shouldOpen) next.add(path);
    else next.delete(path);
    setExpanded(next);
  };

  const toggleSelected = (row: TreeRow) => {
    if (ancestorSelected(selection, row.path)) return;
    onSelectionChange(toggleSelection(selection, row.path));
  };

  const onRowKey = (key: string, rowIndex: number) => {
    const row = rows[rowIndex];
    if (row === undefined) return false;
    if (key === ' ') toggleSelected(row);
    else if (key === 'ArrowRight' && row.kind === 'folder') toggleFolder(row.path, true);
    else if (key === 'ArrowLeft' && row.kind === 'folder') toggleFolder(row.path, false);
    else return false;
    return true;
  };

  return (
    <div className="list-view">
      <div className="tree-header small muted" aria-hidden="true">
        <span className="cell-name">{t('browse.columnName')}</span>
        <span className="cell-size">{t('browse.columnSize')}</span>
        <span className="cell-digest">{t('browse.columnDigest')}</span>
      </div>
      <VirtualList
        label={label}
        role="tree"
        className="tree"
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        rowKey={(rowIndex) => rows[rowIndex]!.path}
        rowProps={(rowIndex) => {
          const row = rows[rowIndex]!;
          return {
            'aria-label': row.kind === 'folder' ? `${row.name}/` : row.name,
            'aria-level': row.depth + 1,
            'aria-expanded': row.kind === 'folder' ? expanded.has(row.path) : undefined,
            'aria-selected': isSelected(selection, row.path),
          };
        }}
        onActivate={(rowIndex) => {
          const row = rows[rowIndex];
          if (row?.kind === 'folder') toggleFolder(row.path);
        }}
        onRowKey={onRowKey}
        onEndReached={list.hasMore ? list.loadMore : undefined}
        renderRow={(rowIndex) => {
          const row = rows[rowIndex]!;
          const checked = isSelected(selection, row.path);
          return (
            <>
              <input
                type="checkbox"
                className="tree-check"
                checked={checked}
                disabled={ancestorSelected(selection, row.path)}
                aria-label={t('browse.selectPath', { path: row.path })}
                tabIndex={-1}
                onClick={(event) => event.stopPropagation()}
                onChange={() => toggleSelected(row)}
              />
              <span className="cell-name" style={{ paddingInlineStart: row.depth * 18 }}>
                {row.kind === 'folder' ? (
                  <span className="folder">
                    <span aria-hidden="true">{expanded.has(row.path) ? '▾ ' : '▸ '}</span>
                    {row.name}/
                  </span>
                ) : (
                  row.name
                )}
              </span>
              <span className="cell-size">
                {row.kind === 'folder'
                  ? t('browse.sizeAndFiles', {
                      size: format.bytes(row.size),
                      count: row.fileCount,
                      files: format.count(row.fileCount),
                    })
                  : format.bytes(row.file.size)}
              </span>
              <span
                className="cell-digest mono"
                title={row.kind === 'file' ? (row.file.digest ?? '') : ''}
              >
                {row.kind === 'file' ? (row.file.digest ?? row.file.md5 ?? '') : ''}
              </span>
            </>
          );
        }}
      />
      <p className="list-footer muted small" aria-live="polite">
        {list.hasMore
          ? t('browse.filesLoadedSome', {
              count: list.items.length,
              shown: format.count(list.items.length),
              total: list.totalCount === null ? '?' : format.count(list.totalCount),
            })
          : t('browse.loadedAll', {
              count: list.items.length,
              shown: format.count(list.items.length),
            })}
        {list.loadingMore && ` · ${t('common.loading')}`}
      </p>
      {list.error && <ErrorNotice error={list.error} onRetry={list.loadMore} />}
    </div>
  );
}
