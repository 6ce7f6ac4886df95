// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../testing/dom';
import { LightTabs } from './LightTabs';
import { PlainTable } from './PlainTable';

interface Row {
  n: number;
}
const rows = (count: number): Row[] => Array.from({ length: count }, (_, i) => ({ n: i + 1 }));
const columns = [
  { key: 'n', title: '序号', render: (r: Row) => `第${r.n}条` },
  { key: 'half', title: '一半', render: (r: Row) => r.n / 2 },
];

describe('PlainTable', () => {
  it('is a table with column headers and one row per record, named by its label', () => {
    render(
      <PlainTable
        label="催办记录"
        columns={columns}
        rows={rows(3)}
        rowKey={(r) => String(r.n)}
        empty="暂无"
      />,
    );
    const table = screen.getByRole('table', { name: '催办记录' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['序号', '一半']);
    // The header row and three records.
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(table).getByRole('cell', { name: '1.5' })).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('says what is missing when there is no record, across every column', () => {
    render(
      <PlainTable label="附件" columns={columns} rows={[]} rowKey={(r) => String(r.n)} empty="暂无附件" />,
    );
    const cell = screen.getByRole('cell', { name: '暂无附件' });
    expect(cell.getAttribute('colspan')).toBe('2');
  });

  it('pages the rows with 共 N 条 and 上一页 / 下一页', () => {
    render(
      <PlainTable
        label="变更记录"
        columns={columns}
        rows={rows(45)}
        rowKey={(r) => String(r.n)}
        empty="暂无"
        pageSize={20}
      />,
    );
    const table = screen.getByRole('table', { name: '变更记录' });
    const pager = screen.getByRole('navigation', { name: '变更记录分页' });
    const firstCells = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.firstChild?.textContent);
    expect(within(pager).getByText('共 45 条')).toBeTruthy();
    expect(firstCells()).toHaveLength(20);
    expect(firstCells()[0]).toBe('第1条');
    const previous = within(pager).getByRole('button', { name: '上一页' }) as HTMLButtonElement;
    const next = within(pager).getByRole('button', { name: '下一页' }) as HTMLButtonElement;
    expect(previous.disabled).toBe(true);
    fireEvent.click(next);
    fireEvent.click(next);
    expect(within(pager).getByText('第 3 / 3 页')).toBeTruthy();
    expect(firstCells()).toEqual(['第41条', '第42条', '第43条', '第44条', '第45条']);
    expect(next.disabled).toBe(true);
    fireEvent.click(previous);
    expect(firstCells()[0]).toBe('第21条');
  });

  it('scrolls sideways in a region the keyboard can reach when it has a minimum width', () => {
    render(
      <PlainTable
        label="变更记录"
        columns={columns}
        rows={rows(1)}
        rowKey={(r) => String(r.n)}
        empty="暂无"
        minWidth={600}
      />,
    );
    const region = screen.getByRole('region', { name: '变更记录' });
    expect(region.tabIndex).toBe(0);
    expect(within(region).getByRole('table').style.minWidth).toBe('600px');
  });
});

describe('LightTabs', () => {
  const items = [
    { key: 'a', label: '办理过程', children: <p>过程内容</p> },
    { key: 'b', label: '催办记录', children: <p>催办内容</p> },
    { key: 'c', label: '变更记录', children: <p>变更内容</p> },
  ];

  it('shows the selected tab’s panel, labelled by its tab, and switches on a click', () => {
    render(<LightTabs label="办理记录" items={items} />);
    expect(screen.getByRole('tablist', { name: '办理记录' })).toBeTruthy();
    expect(screen.getByRole('tabpanel', { name: '办理过程' }).textContent).toBe('过程内容');
    expect(screen.queryByText('催办内容')).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: '催办记录' }));
    expect(screen.getByRole('tab', { name: '催办记录' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tab', { name: '办理过程' }).getAttribute('aria-selected')).toBe('false');
    expect(screen.getByRole('tabpanel', { name: '催办记录' }).textContent).toBe('催办内容');
  });

  it('moves with the arrow keys, Home and End, and only the selected tab is in the tab order', () => {
    render(<LightTabs label="办理记录" items={items} />);
    const tab = (name: string) => screen.getByRole('tab', { name });
    expect(items.map((t) => tab(t.label).tabIndex)).toEqual([0, -1, -1]);
    fireEvent.keyDown(tab('办理过程'), { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(tab('变更记录'));
    expect(screen.getByRole('tabpanel').textContent).toBe('变更内容');
    fireEvent.keyDown(tab('变更记录'), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tab('办理过程'));
    fireEvent.keyDown(tab('办理过程'), { key: 'End' });
    expect(tab('变更记录').tabIndex).toBe(0);
    fireEvent.keyDown(tab('变更记录'), { key: 'Home' });
    expect(screen.getByRole('tabpanel').textContent).toBe('过程内容');
  });
});
