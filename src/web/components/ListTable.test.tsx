// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { describe, expect, it, vi } from 'vitest';
import '../testing/dom';
import { type ListColumn, ListTable } from './ListTable';

interface Row {
  id: string;
  title: string;
}
const rows = (count: number, from = 1): Row[] =>
  Array.from({ length: count }, (_, i) => ({ id: `r${from + i}`, title: `事项${from + i}` }));
const columns: ListColumn<Row>[] = [
  { key: 'id', title: '督办编号', sortField: 'number', render: (r) => r.id },
  { key: 'title', title: '督办事项', render: (r) => <a href={`#${r.id}`}>{r.title}</a> },
  { key: 'due', title: '办结时间', sortField: 'dueAt', render: () => '2026-12-01' },
];

type Props = ComponentProps<typeof ListTable<Row>>;
const list = (props: Partial<Props> = {}) => (
  <ListTable<Row>
    label="督办事项列表"
    columns={columns}
    rows={rows(3)}
    rowKey={(r) => r.id}
    rowLabel={(r) => r.title}
    empty="暂无数据"
    page={1}
    pageSize={20}
    total={3}
    onPage={() => {}}
    {...props}
  />
);
const renderList = (props: Partial<Props> = {}) => render(list(props));

const header = (name: string) => screen.getByRole('columnheader', { name });

describe('ListTable', () => {
  it('sorts by a header button: aria-sort says the order, a click asks for the next one', () => {
    const onSort = vi.fn();
    renderList({ sort: { field: 'dueAt', order: 'ascend' }, onSort });
    expect(header('督办编号').getAttribute('aria-sort')).toBe('none');
    expect(header('办结时间').getAttribute('aria-sort')).toBe('ascending');
    // Not sortable: no aria-sort, no button.
    expect(header('督办事项').hasAttribute('aria-sort')).toBe(false);
    expect(within(header('督办事项')).queryByRole('button')).toBeNull();

    fireEvent.click(within(header('督办编号')).getByRole('button', { name: '督办编号' }));
    expect(onSort).toHaveBeenLastCalledWith('number', 'ascend');
    fireEvent.click(within(header('办结时间')).getByRole('button'));
    expect(onSort).toHaveBeenLastCalledWith('dueAt', 'descend');
  });

  it('turns a descending sort off on the third click, as antd did', () => {
    const onSort = vi.fn();
    renderList({ sort: { field: 'dueAt', order: 'descend' }, onSort });
    expect(header('办结时间').getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(within(header('办结时间')).getByRole('button'));
    expect(onSort).toHaveBeenLastCalledWith('dueAt', null);
  });

  it('ticks rows one by one, and all or none of the page from the header (mixed in between)', () => {
    const onSelect = vi.fn();
    const { rerender } = renderList({ selected: [], onSelect });
    const all = screen.getByRole('checkbox', { name: '全选本页' }) as HTMLInputElement;
    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(false);

    fireEvent.click(screen.getByRole('checkbox', { name: '选择 事项2' }));
    expect(onSelect).toHaveBeenLastCalledWith(['r2']);
    fireEvent.click(all);
    expect(onSelect).toHaveBeenLastCalledWith(['r1', 'r2', 'r3']);

    rerender(list({ selected: ['r2'], onSelect }));
    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(true);
    expect((screen.getByRole('checkbox', { name: '选择 事项2' }) as HTMLInputElement).checked).toBe(true);
    // From mixed, the header ticks the whole page.
    fireEvent.click(all);
    expect(onSelect).toHaveBeenLastCalledWith(['r1', 'r2', 'r3']);

    rerender(list({ selected: ['r1', 'r2', 'r3'], onSelect }));
    expect(all.checked).toBe(true);
    expect(all.indeterminate).toBe(false);
    fireEvent.click(all);
    expect(onSelect).toHaveBeenLastCalledWith([]);

    // A tick of a row not shown (an earlier page) is dropped with the next change.
    rerender(list({ selected: ['r9'], onSelect }));
    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(false);
    fireEvent.click(screen.getByRole('checkbox', { name: '选择 事项1' }));
    expect(onSelect).toHaveBeenLastCalledWith(['r1']);
  });

  it('opens a row on a click, but not from its link or its checkbox', () => {
    const onRowClick = vi.fn();
    renderList({ selected: [], onSelect: () => {}, onRowClick });
    fireEvent.click(screen.getAllByRole('cell', { name: '2026-12-01' })[1] as Element);
    expect(onRowClick).toHaveBeenLastCalledWith({ id: 'r2', title: '事项2' });
    onRowClick.mockClear();
    fireEvent.click(screen.getByRole('checkbox', { name: '选择 事项1' }));
    fireEvent.click(screen.getByRole('link', { name: '事项1' }));
    expect(onRowClick).not.toHaveBeenCalled();
  });

  it('pages on the server: 共 N 条, 上一页 / 下一页 and the page size', () => {
    const onPage = vi.fn();
    renderList({ rows: rows(20, 21), page: 2, pageSize: 20, total: 45, onPage });
    const pager = screen.getByRole('navigation', { name: '督办事项列表分页' });
    expect(within(pager).getByText('共 45 条')).toBeTruthy();
    expect(within(pager).getByText('第 2 / 3 页')).toBeTruthy();
    fireEvent.click(within(pager).getByRole('button', { name: '下一页' }));
    expect(onPage).toHaveBeenLastCalledWith(3, 20);
    fireEvent.click(within(pager).getByRole('button', { name: '上一页' }));
    expect(onPage).toHaveBeenLastCalledWith(1, 20);
    const size = within(pager).getByRole('combobox', { name: '每页条数' });
    expect([...(size as HTMLSelectElement).options].map((o) => o.text)).toEqual([
      '10 条/页',
      '20 条/页',
      '50 条/页',
      '100 条/页',
    ]);
    // The page stays unless the new size leaves it past the end (45 rows at 50 a page: one page).
    fireEvent.change(size, { target: { value: '10' } });
    expect(onPage).toHaveBeenLastCalledWith(2, 10);
    fireEvent.change(size, { target: { value: '50' } });
    expect(onPage).toHaveBeenLastCalledWith(1, 50);
  });

  it('keeps the rows while loading, dimmed and busy; says 加载中 before the first answer', () => {
    const { rerender } = renderList({ loading: true });
    const table = screen.getByRole('table', { name: '督办事项列表' });
    expect(table.getAttribute('aria-busy')).toBe('true');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(table.closest('.plain-table-loading')).not.toBeNull();
    const none = { label: '待办事项', rows: [], total: 0, empty: '暂无待办事项' };
    rerender(list({ ...none, loading: true }));
    expect(screen.getByRole('cell', { name: '加载中…' })).toBeTruthy();
    rerender(list({ ...none, loading: false }));
    const cell = screen.getByRole('cell', { name: '暂无待办事项' });
    expect(cell.getAttribute('colspan')).toBe('3');
    expect(screen.getByRole('table').getAttribute('aria-busy')).toBe('false');
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('scrolls sideways in a region the keyboard can reach when it has a minimum width', () => {
    renderList({ minWidth: 960 });
    const region = screen.getByRole('region', { name: '督办事项列表' });
    expect(region.tabIndex).toBe(0);
    expect(within(region).getByRole('table').style.minWidth).toBe('960px');
  });
});
