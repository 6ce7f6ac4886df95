import { type ReactNode, useState } from 'react';
import './plain.css';

export interface PlainColumn<T> {
  key: string;
  title: ReactNode;
  render: (row: T, index: number) => ReactNode;
  /** Width in px (the column keeps it; the others share the rest). */
  width?: number;
  align?: 'right';
}

/**
 * A read-only record table as a semantic `<table>` (column headers, one row per record), drawn like
 * antd's small Table. For tables with no sorting, filters or selection (the item page's 办理人员,
 * 催办记录, 变更记录 and 附件): antd's Table is 33 KB gzip on a first screen (issue 12), and its
 * layout effect (rc-util's `getScrollBarSize`) forces a synchronous layout on every mount.
 * `pageSize` pages the rows in the browser, with 共 N 条 and 上一页 / 下一页 under the table;
 * `minWidth` lets a wide table scroll sideways on a phone instead of squeezing its columns.
 * Lists the server pages and sorts, with row selection (待办, 督办查询, 督办列表) are its sibling
 * ListTable, with the same markup and styles (plain.css); the other pages keep antd's Table.
 */
export function PlainTable<T>({
  label,
  columns,
  rows,
  rowKey,
  empty,
  pageSize,
  minWidth,
}: {
  /** The table's accessible name (and that of its pager and scrolling region). */
  label: string;
  columns: PlainColumn<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
  empty: ReactNode;
  pageSize?: number;
  minWidth?: number;
}) {
  const [page, setPage] = useState(1);
  const pages = pageSize ? Math.max(1, Math.ceil(rows.length / pageSize)) : 1;
  // A shorter list (after a refresh) may leave the page past the end.
  const current = Math.min(page, pages);
  const first = pageSize ? (current - 1) * pageSize : 0;
  const shown = pageSize ? rows.slice(first, first + pageSize) : rows;
  const table = (
    <table className="plain-table" aria-label={label} style={minWidth ? { minWidth } : undefined}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th
              key={c.key}
              scope="col"
              style={c.width ? { width: c.width } : undefined}
              className={c.align === 'right' ? 'plain-table-right' : undefined}
            >
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.length === 0 ? (
          <tr>
            <td colSpan={columns.length} className="plain-table-empty">
              {empty}
            </td>
          </tr>
        ) : (
          shown.map((row, i) => (
            <tr key={rowKey(row, first + i)}>
              {columns.map((c) => (
                <td key={c.key} className={c.align === 'right' ? 'plain-table-right' : undefined}>
                  {c.render(row, first + i)}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
  return (
    <div className="plain-table-box">
      {minWidth ? (
        // Scrolls sideways on a narrow screen: a named, focusable region, so the keyboard can scroll it too.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
        <section className="plain-table-scroll" aria-label={label} tabIndex={0}>
          {table}
        </section>
      ) : (
        table
      )}
      {pageSize && rows.length > 0 ? (
        <nav className="plain-pager" aria-label={`${label}分页`}>
          <span>共 {rows.length} 条</span>
          {pages > 1 ? (
            <>
              <button type="button" disabled={current === 1} onClick={() => setPage(current - 1)}>
                上一页
              </button>
              <span aria-live="polite">
                第 {current} / {pages} 页
              </span>
              <button type="button" disabled={current === pages} onClick={() => setPage(current + 1)}>
                下一页
              </button>
            </>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
