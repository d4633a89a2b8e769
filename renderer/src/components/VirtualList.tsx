// A keyboard-driven list that renders only the rows in view, so 100,000 rows scroll as fast as
// 100. Focus stays on the list element and `aria-activedescendant` names the active row, which
// keeps the keyboard working while rows mount and unmount during scrolling.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const ROW_ROLES = { listbox: 'option', tree: 'treeitem', list: 'listitem' } as const;

/** Distance in rows from the end at which `onEndReached` fires, so the next page arrives early. */
const END_THRESHOLD = 20;

export interface VirtualListProps {
  label: string;
  /** `listbox` for lists of things to open, `tree` for a file tree, `list` for read-only rows. */
  role: 'listbox' | 'tree' | 'list';
  count: number;
  rowHeight: number;
  /** Stable key of a row, such as its path. */
  rowKey: (index: number) => string;
  renderRow: (index: number, active: boolean) => ReactNode;
  /** ARIA attributes of a row, such as `aria-level` or `aria-selected`. */
  rowProps?: (index: number) => Record<string, string | number | boolean | undefined>;
  /** Enter, or a click on a row. */
  onActivate?: (index: number) => void;
  /** Keys the list does not handle itself; returns true when it handled the key. */
  onRowKey?: (key: string, index: number) => boolean;
  onEndReached?: () => void;
  className?: string;
}

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, onEndReached } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const idPrefix = useId();

  // The compiler cannot memoise around TanStack Virtual's mutable instance; that is expected.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const lastRendered = rows.length > 0 ? rows[rows.length - 1]!.index : -1;

  useEffect(() => {
    if (count > 0 && lastRendered >= count - END_THRESHOLD) onEndReached?.();
  }, [count, lastRendered, onEndReached]);

  const activeIndex = Math.min(active, Math.max(0, count - 1));

  const move = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const page = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight),
    );
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: count - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      move(target);
    } else if (event.key === 'Enter' && props.onActivate) {
      props.onActivate(activeIndex);
    } else if (!props.onRowKey?.(event.key, activeIndex)) {
      return;
    }
    event.preventDefault();
  };

  const rowId = (index: number) => `${idPrefix}-row-${index}`;

  return (
    <div
      ref={scrollRef}
      className={`virtual-list ${props.className ?? ''}`}
      role={props.role}
      aria-label={props.label}
      aria-activedescendant={count > 0 && props.role !== 'list' ? rowId(activeIndex) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      // As high as its rows, up to the stylesheet's max-height; then it scrolls.
      style={{ height: count * rowHeight + 2 }}
    >
      <div className="virtual-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => (
          <div
            key={props.rowKey(row.index)}
            id={rowId(row.index)}
            role={ROW_ROLES[props.role]}
            aria-setsize={count}
            aria-posinset={row.index + 1}
            aria-selected={props.role === 'listbox' ? row.index === activeIndex : undefined}
            {...props.rowProps?.(row.index)}
            className={`virtual-row${row.index === activeIndex ? ' active' : ''}`}
            style={{ height: row.size, transform: `translateY(${row.start}px)` }}
            onClick={() => {
              setActive(row.index);
              props.onActivate?.(row.index);
            }}
          >
            {props.renderRow(row.index, row.index === activeIndex)}
          </div>
        ))}
      </div>
    </div>
  );
}
