// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { departments, renderWithApp, users } from '../testing/dom';
import { buildPickerTree, PersonPicker } from './PersonPicker';

describe('buildPickerTree', () => {
  it('groups candidates under their departments', () => {
    const tree = buildPickerTree(
      users.filter((u) => u.departmentId !== 'd-office'),
      departments,
      '',
    );
    expect(tree.map((n) => n.title)).toEqual(['财务部', '人力资源部']);
    expect(tree[0]?.children?.map((n) => n.key)).toEqual(['u:u-head', 'u:u-deputy', 'u:u-staff']);
  });
  it('search keeps only matching people and their departments', () => {
    const tree = buildPickerTree(users, departments, '孙');
    expect(tree.map((n) => n.title)).toEqual(['人力资源部']);
    expect(tree[0]?.children?.map((n) => n.title)).toEqual(['孙协办（具体负责人）']);
  });
  it('search by username too', () => {
    expect(buildPickerTree(users, departments, 'CWDEP')[0]?.children?.map((n) => n.key)).toEqual([
      'u:u-deputy',
    ]);
  });
});

describe('PersonPicker', () => {
  const fin = users.filter((u) => u.departmentId === 'd-fin');

  it('choose on the left, → moves to the right, 确定 returns the chosen id', async () => {
    const onOk = vi.fn();
    renderWithApp(
      <PersonPicker
        open
        title="选择主办单位部处负责人"
        candidates={fin}
        departments={departments}
        onOk={onOk}
        onCancel={() => {}}
      />,
    );
    const ok = await screen.findByRole('button', { name: /确\s*定/ });
    expect((ok as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByText('张部长（部处负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '添加到已选' }));
    const chosen = screen.getByRole('list', { name: '已选人员' });
    expect(within(chosen).getByText('张部长（部处负责人）')).toBeTruthy();
    expect((ok as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(ok);
    expect(onOk).toHaveBeenCalledWith(['u-head']);
  });

  it('single choice: a second → replaces the first', async () => {
    const onOk = vi.fn();
    renderWithApp(
      <PersonPicker
        open
        title="选人"
        candidates={fin}
        departments={departments}
        onOk={onOk}
        onCancel={() => {}}
      />,
    );
    fireEvent.click(await screen.findByText('张部长（部处负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '添加到已选' }));
    fireEvent.click(screen.getByText('李分管（部处分管负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '添加到已选' }));
    fireEvent.click(screen.getByRole('button', { name: /确\s*定/ }));
    expect(onOk).toHaveBeenCalledWith(['u-deputy']);
  });

  it('multiple choice keeps adding, ← removes the selected ones', async () => {
    const onOk = vi.fn();
    const outside = users.filter((u) => u.departmentId !== 'd-fin');
    renderWithApp(
      <PersonPicker
        open
        multiple
        title="选择协办单位办理人"
        candidates={outside}
        departments={departments}
        onOk={onOk}
        onCancel={() => {}}
      />,
    );
    fireEvent.click(await screen.findByText('孙协办（具体负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '添加到已选' }));
    fireEvent.click(screen.getByText('周部长（部处负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '添加到已选' }));
    const chosen = screen.getByRole('list', { name: '已选人员' });
    fireEvent.click(within(chosen).getByText('孙协办（具体负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '从已选移除' }));
    fireEvent.click(screen.getByRole('button', { name: /确\s*定/ }));
    expect(onOk).toHaveBeenCalledWith(['u-hr2']);
  });

  it('search narrows the tree', async () => {
    renderWithApp(
      <PersonPicker
        open
        title="选人"
        candidates={users}
        departments={departments}
        onOk={() => {}}
        onCancel={() => {}}
      />,
    );
    fireEvent.change(await screen.findByLabelText('搜索人员'), { target: { value: '赵' } });
    await waitFor(() => expect(screen.queryByText('张部长（部处负责人）')).toBeNull());
    expect(screen.getByText('赵专员（具体负责人）')).toBeTruthy();
  });
});
