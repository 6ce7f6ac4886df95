import { type MouseEvent, type ReactNode, useEffect, useRef } from 'react';
import PageSizeSelect from './PageSizeSelect';
import type { PlainColumn } from './PlainTable';
import './plain.css';

export type SortOrder = 'ascend' | 'descend';

export interface ListColumn<T> extends PlainColumn<T> {
  /** The field the server sorts by when this column's header is clicked (none: not sortable). */
  sortField?: string;
  /** Kept in view at the right edge while the table scrolls sideways (the row's actions). */
  fixed?: 'right';
  /** The breakpoints at which the column shows (lib/screens.ts `byScreen` reads it). */
  responsive?: ('xs' | 'sm' | 'md' | 'lg')[];
}

const PAGE_SIZES = [10, 20, 50, 100];

/** antd's order: a click sorts ascending, the next descending, the third not at all. */
function nextOrder(current: SortOrder | null): SortOrder | null {
  return current === null ? 'ascend' : current === 'ascend' ? 'descend' : null;
}

const ARIA_SORT = { ascend: 'ascending', descend: 'descending' } as const;

/**
 * A list the server pages and sorts, as a semantic `<table>` drawn like antd's middle Table (待办,
 * 督办查询 and the item lists that share its view). antd's Table cost those first screens its code
 * and a forced synchronous layout (rc-util's `getScrollBarSize` in a layout effect): Lighthouse's
 * total blocking time (issue 12, issue 14 point 7).
 *
 * The page owns the state, in its URL: `sort` says which field is sorted, `onSort` gets the next
 * (antd's ascend → descend → none); `page`/`pageSize`/`total` drive the pager (共 N 条, 上一页 /
 * 下一页, 条/页) and `onPage` gets the new ones. While `loading`, the rows shown stay, dimmed, and the
 * table is `aria-busy`. With `selected`/`onSelect`, each row gets a checkbox and the header one for
 * the page (checked, or mixed when some are); like antd's Table without `preserveSelectedRowKeys`, a
 * change keeps only rows of the page shown. `onRowClick` opens a row on a click outside its links,
 * buttons and checkbox (their keyboard path is the row's link).
 */
export function ListTable<T>({
  label,
  columns,
  rows,
  rowKey,
  rowLabel,
  empty,
  loading = false,
  minWidth,
  sort,
  onSort,
  selected,
  onSelect,
  onRowClick,
  page,
  pageSize,
  total,
  onPage,
}: {
  /** The table's accessible name (and that of its pager and scrolling region). */
  label: string;
  columns: ListColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** Names a row's checkbox (选择 + this). */
  rowLabel?: (row: T) => string;
  empty: ReactNode;
  loading?: boolean;
  minWidth?: number;
  sort?: { field: string; order: SortOrder };
  onSort?: (field: string, order: SortOrder | null) => void;
  selected?: string[];
  onSelect?: (keys: string[]) => void;
  onRowClick?: (row: T) => void;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number, pageSize: number) => void;
}) {
  const selectable = selected !== undefined && onSelect !== undefined;
  const keys = rows.map(rowKey);
  // Ticks of rows no longer shown (another page, a new filter) do not count, as in antd's Table.
  const shown = new Set(keys);
  const ticked = new Set((selected ?? []).filter((k) => shown.has(k)));
  const all = keys.length > 0 && ticked.size === keys.length;
  const some = ticked.size > 0 && !all;
  const toggle = (key: string, on: boolean) =>
    onSelect?.(keys.filter((k) => (k === key ? on : ticked.has(k))));
  const span = columns.length + (selectable ? 1 : 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));

  const click = onRowClick
    ? (row: T) => (event: MouseEvent<HTMLTableRowElement>) => {
        // Links, buttons and the row's checkbox do their own thing: ticking a row must not open it.
        if ((event.target as HTMLElement).closest('a,button,input,label,.plain-table-select')) return;
        onRowClick(row);
      }
    : undefined;

  const cellClass = (c: ListColumn<T>) =>
    [c.align === 'right' ? 'plain-table-right' : '', c.fixed === 'right' ? 'plain-table-fixed' : '']
      .filter(Boolean)
      .join(' ') || undefined;

  const table = (
    <table
      className={`plain-table plain-table-middle${onRowClick ? ' plain-table-clickable' : ''}`}
      aria-label={label}
      aria-busy={loading}
      style={minWidth ? { minWidth } : undefined}
    >
      <thead>
        <tr>
          {selectable ? (
            <th scope="col" className="plain-table-select">
              <SelectAll
                checked={all}
                mixed={some}
                disabled={keys.length === 0}
                onChange={(on) => onSelect(on ? keys : [])}
              />
            </th>
          ) : null}
          {columns.map((c) => {
            const order = c.sortField && sort?.field === c.sortField ? sort.order : null;
            return (
              <th
                key={c.key}
                scope="col"
                style={c.width ? { width: c.width } : undefined}
                className={cellClass(c)}
                aria-sort={c.sortField ? (order ? ARIA_SORT[order] : 'none') : undefined}
              >
                {c.sortField && onSort ? (
                  <button
                    type="button"
                    className="plain-sort"
                    onClick={() => onSort(c.sortField as string, nextOrder(order))}
                  >
                    {c.title}
                    <span className="plain-sort-icons" aria-hidden="true">
                      <span className={order === 'ascend' ? 'plain-sort-up on' : 'plain-sort-up'} />
                      <span className={order === 'descend' ? 'plain-sort-down on' : 'plain-sort-down'} />
                    </span>
                  </button>
                ) : (
                  c.title
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={span} className="plain-table-empty">
              {/* The first answer is on its way: not "none" yet. */}
              {loading ? '加载中…' : empty}
            </td>
          </tr>
        ) : (
          rows.map((row, i) => {
            const key = keys[i] as string;
            return (
              <tr
                key={key}
                onClick={click?.(row)}
                className={ticked.has(key) ? 'plain-row-selected' : undefined}
              >
                {selectable ? (
                  <td className="plain-table-select">
                    <input
                      type="checkbox"
                      aria-label={`选择 ${rowLabel ? rowLabel(row) : key}`}
                      checked={ticked.has(key)}
                      onChange={(event) => toggle(key, event.target.checked)}
                    />
                  </td>
                ) : null}
                {columns.map((c) => (
                  <td key={c.key} className={cellClass(c)}>
                    {c.render(row, i)}
                  </td>
                ))}
              </tr>
            );
          })
        )}
      </tbody>
    </table>
  );

  return (
    <div className={loading ? 'plain-table-box plain-table-loading' : 'plain-table-box'}>
      {minWidth ? (
        // Scrolls sideways on a narrow screen: a named, focusable region, so the keyboard can scroll it too.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
        <section className="plain-table-scroll" aria-label={label} tabIndex={0}>
          {table}
        </section>
      ) : (
        table
      )}
      {total > 0 ? (
        <nav className="plain-pager" aria-label={`${label}分页`}>
          <span>共 {total} 条</span>
          <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1, pageSize)}>
            上一页
          </button>
          <span aria-live="polite">
            第 {Math.min(page, pages)} / {pages} 页
          </span>
          <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1, pageSize)}>
            下一页
          </button>
          <PageSizeSelect
            aria-label="每页条数"
            value={pageSize}
            options={(PAGE_SIZES.includes(pageSize) ? PAGE_SIZES : [...PAGE_SIZES, pageSize])
              .sort((a, b) => a - b)
              .map((n) => ({ value: n, label: `${n} 条/页` }))}
            // As antd's Pagination: the page stays unless the new size leaves it past the end.
            onChange={(size) => {
              const next = Number(size);
              onPage(Math.min(page, Math.max(1, Math.ceil(total / next))), next);
            }}
          />
        </nav>
      ) : null}
    </div>
  );
}

/** The header's checkbox: ticks or clears the page; `mixed` (indeterminate) when some rows are ticked. */
function SelectAll({
  checked,
  mixed,
  disabled,
  onChange,
}: {
  checked: boolean;
  mixed: boolean;
  disabled: boolean;
  onChange: (on: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  // `indeterminate` is a property only, no attribute React could render.
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = mixed;
  }, [mixed]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="全选本页"
      checked={checked}
      disabled={disabled}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
}
