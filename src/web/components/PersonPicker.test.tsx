// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../api/types';
import { departments, renderWithApp, users } from '../testing/dom';
import { jsonResponse } from '../testing/json';
import { buildPickerTree, PersonPicker } from './PersonPicker';
import { UserSelect } from './UserSelect';

/**
 * GET /api/users as the server answers it, over the fixture's users: `q` on name and username,
 * the filters, one page. Every URL asked is kept, to count requests.
 */
function fakeDirectory(people: User[] = users) {
  const asked: URL[] = [];
  const fetch = vi.fn(async (url: string) => {
    const u = new URL(url, 'http://duban.test');
    asked.push(u);
    const p = u.searchParams;
    const q = (p.get('q') ?? '').toLowerCase();
    const ids = p.get('ids')?.split(',');
    const found = people
      .filter((x) => !q || x.name.includes(q) || x.username.toLowerCase().includes(q))
      .filter((x) => !p.get('departmentId') || x.departmentId === p.get('departmentId'))
      .filter((x) => !p.get('position') || x.position === p.get('position'))
      .filter((x) => !ids || ids.includes(x.id))
      .slice(0, Number(p.get('pageSize') ?? 1000));
    return jsonResponse(found);
  });
  vi.stubGlobal('fetch', fetch);
  return { asked, searches: () => asked.filter((u) => !u.searchParams.has('ids')) };
}

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(() => vi.unstubAllGlobals());

describe('buildPickerTree', () => {
  it('groups candidates under their departments', () => {
    const tree = buildPickerTree(
      users.filter((u) => u.departmentId !== 'd-office'),
      departments,
    );
    expect(tree.map((n) => n.title)).toEqual(['财务部', '人力资源部']);
    expect(tree[0]?.children?.map((n) => n.key)).toEqual(['u:u-head', 'u:u-deputy', 'u:u-staff']);
  });
});

describe('PersonPicker (the server searches)', () => {
  it('a department picker lists the department at once; → and 确定 return the chosen person', async () => {
    const server = fakeDirectory();
    const onOk = vi.fn();
    renderWithApp(
      <PersonPicker
        open
        title="选择向下办理人员"
        filter={{ departmentId: 'd-fin' }}
        departments={departments}
        onOk={onOk}
        onCancel={() => {}}
      />,
    );
    const ok = await screen.findByRole('button', { name: /确\s*定/ });
    expect((ok as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(await screen.findByText('张部长（部处负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '添加到已选' }));
    const chosen = screen.getByRole('list', { name: '已选人员' });
    expect(within(chosen).getByText('张部长（部处负责人）')).toBeTruthy();
    fireEvent.click(ok);
    expect(onOk).toHaveBeenCalledWith(
      ['u-head'],
      [expect.objectContaining({ id: 'u-head', name: '张部长' })],
    );
    expect(server.searches()[0]?.searchParams.get('departmentId')).toBe('d-fin');
    // A page and one more row: whether to say "type more".
    expect(server.searches()[0]?.searchParams.get('pageSize')).toBe('21');
  });

  it('an open search asks nothing until typed, then once per pause, not once per keystroke', async () => {
    const server = fakeDirectory();
    renderWithApp(
      <PersonPicker
        open
        title="选人"
        filter={{}}
        departments={departments}
        onOk={() => {}}
        onCancel={() => {}}
      />,
    );
    expect(await screen.findByText('输入姓名、用户名、拼音首字母或部门查找')).toBeTruthy();
    const box = screen.getByLabelText('搜索人员');
    for (const text of ['c', 'cw', 'cws', 'cwst']) fireEvent.change(box, { target: { value: text } });
    expect(await screen.findByText('赵专员（具体负责人）')).toBeTruthy();
    expect(screen.queryByText('张部长（部处负责人）')).toBeNull();
    expect(server.searches().map((u) => u.searchParams.get('q'))).toEqual(['cwst']);
  });

  it('a department without a head: the fallback lists its people', async () => {
    const server = fakeDirectory();
    renderWithApp(
      <PersonPicker
        open
        title="选择主办单位部处负责人"
        filter={{ departmentId: 'd-office', position: 'head' }}
        fallback={{ departmentId: 'd-office' }}
        departments={departments}
        onOk={() => {}}
        onCancel={() => {}}
      />,
    );
    expect(await screen.findByText('王督办（具体负责人）')).toBeTruthy();
    expect(server.searches().map((u) => u.searchParams.get('position'))).toEqual(['head', null]);
  });

  it('people the page excludes are not offered', async () => {
    fakeDirectory();
    renderWithApp(
      <PersonPicker
        open
        title="选人"
        filter={{ departmentId: 'd-fin' }}
        exclude={(u) => u.id === 'u-head'}
        departments={departments}
        onOk={() => {}}
        onCancel={() => {}}
      />,
    );
    expect(await screen.findByText('李分管（部处分管负责人）')).toBeTruthy();
    expect(screen.queryByText('张部长（部处负责人）')).toBeNull();
  });

  it('multiple choice keeps people from earlier searches; ← removes the selected ones', async () => {
    fakeDirectory();
    const onOk = vi.fn();
    renderWithApp(
      <PersonPicker
        open
        multiple
        title="选择协办单位办理人"
        filter={{}}
        departments={departments}
        onOk={onOk}
        onCancel={() => {}}
      />,
    );
    const box = await screen.findByLabelText('搜索人员');
    fireEvent.change(box, { target: { value: '孙' } });
    fireEvent.click(await screen.findByText('孙协办（具体负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '添加到已选' }));
    fireEvent.change(box, { target: { value: '周' } });
    fireEvent.click(await screen.findByText('周部长（部处负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '添加到已选' }));
    const chosen = screen.getByRole('list', { name: '已选人员' });
    expect(within(chosen).getByText('孙协办（具体负责人）')).toBeTruthy();
    fireEvent.click(within(chosen).getByText('周部长（部处负责人）'));
    fireEvent.click(screen.getByRole('button', { name: '从已选移除' }));
    fireEvent.click(screen.getByRole('button', { name: /确\s*定/ }));
    expect(onOk).toHaveBeenCalledWith(['u-hr'], [expect.objectContaining({ name: '孙协办' })]);
  });

  it('a full page says to type more', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      id: `u-${i}`,
      username: `clerk${i}`,
      name: `科员${i}`,
      departmentId: 'd-fin',
      position: 'staff' as const,
    }));
    fakeDirectory(many);
    renderWithApp(
      <PersonPicker
        open
        title="选人"
        filter={{ departmentId: 'd-fin' }}
        departments={departments}
        onOk={() => {}}
        onCancel={() => {}}
      />,
    );
    expect(await screen.findByText('仅列出前 20 人，请输入更多字缩小范围')).toBeTruthy();
    expect(screen.getAllByRole('treeitem').length).toBeLessThanOrEqual(21);
  });

  it('names the people already chosen by asking the server for their ids', async () => {
    const server = fakeDirectory();
    renderWithApp(
      <PersonPicker
        open
        title="选人"
        filter={{}}
        value={['u-hr2']}
        departments={departments}
        onOk={() => {}}
        onCancel={() => {}}
      />,
    );
    const chosen = screen.getByRole('list', { name: '已选人员' });
    expect(await within(chosen).findByText('周部长（部处负责人）')).toBeTruthy();
    expect(server.asked.some((u) => u.searchParams.get('ids') === 'u-hr2')).toBe(true);
  });
});

describe('UserSelect', () => {
  it('offers what the server finds for the typed text', async () => {
    const server = fakeDirectory();
    const onChange = vi.fn();
    renderWithApp(<UserSelect aria-label="代理人" onChange={onChange} />);
    const input = screen.getByLabelText('代理人');
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: '李' } });
    fireEvent.click(await screen.findByText('李分管（财务部）'));
    expect(onChange).toHaveBeenCalledWith('u-deputy');
    expect(server.searches().map((u) => u.searchParams.get('q'))).toEqual(['李']);
  });
});
