import { describe, expect, it } from 'vitest';
import {
  type DepartmentLine,
  type ExistingDepartment,
  type ExistingUser,
  type OrgImportInput,
  type PersonLine,
  parseRoles,
  planFigures,
  planOrgImport,
} from './org-import';

const office: ExistingDepartment = { id: 'd-office', name: '市政府办公室', parentId: null, sortOrder: 1 };
const inspect: ExistingDepartment = { id: 'd-inspect', name: '督查室', parentId: 'd-office', sortOrder: 2 };
const admin: ExistingUser = {
  id: 'u-admin',
  username: 'admin',
  name: '系统管理员',
  departmentId: 'd-office',
  position: 'staff',
  roles: ['sysadmin'],
  email: null,
  phone: null,
};
const zhang: ExistingUser = {
  id: 'u-zhang',
  username: 'Zhang',
  name: '张三',
  departmentId: 'd-inspect',
  position: 'head',
  roles: ['supervisor'],
  email: 'zhang@example.gov.cn',
  phone: '13800000000',
};

function plan(
  departments: DepartmentLine[] | undefined,
  people: PersonLine[] | undefined,
  more: Partial<OrgImportInput> = {},
) {
  let n = 0;
  return planOrgImport({
    departments,
    people,
    existing: { departments: [office, inspect], users: [admin, zhang] },
    importerId: 'u-admin',
    newId: () => `new-${++n}`,
    ...more,
  });
}

const person = (row: number, values: Partial<PersonLine>): PersonLine => ({
  row,
  username: 'li',
  name: '李四',
  department: '市政府办公室/督查室',
  position: '具体负责人',
  roles: '',
  email: '',
  phone: '',
  ...values,
});

describe('组织架构导入: departments', () => {
  it('matches by path ignoring spaces, creates children after their parents whatever the row order', () => {
    const result = plan(
      [
        { row: 2, path: '市政府办公室 / 督查室 / 一科', order: '1' },
        { row: 3, path: '市政府办公室/督查室', order: '2' },
        { row: 4, path: '市政府办公室', order: '9' },
        { row: 5, path: '市政府办公室/督查室/一科/综合组' },
      ],
      undefined,
    );
    expect(result.errors).toEqual([]);
    expect(planFigures(result).departments).toEqual({ created: 2, updated: 1, unchanged: 1 });
    const [first, second] = result.departments.create;
    expect(first).toMatchObject({ name: '一科', parentId: 'd-inspect', sortOrder: 1 });
    expect(second).toMatchObject({ name: '综合组', parentId: first?.id, sortOrder: 0 });
    expect(result.departments.update).toEqual([
      { id: 'd-office', path: '市政府办公室', before: 1, sortOrder: 9 },
    ]);
  });

  it.each([
    [{ row: 2, path: '' }, '部门', '必填'],
    [{ row: 2, path: '市政府办公室//一科' }, '部门', '空的一级'],
    [{ row: 2, path: '不存在/一科' }, '部门', '上级部门“不存在”'],
    [{ row: 2, path: '财政局/督查室' }, '部门', '上级部门'],
    [{ row: 2, path: '督查室' }, '部门', '已被“市政府办公室/督查室”使用'],
    [{ row: 2, path: '二科', order: '第一' }, '排序', '整数'],
  ])('reports %o at its row and column', (line, field, message) => {
    const result = plan([line], undefined);
    expect(result.errors).toEqual([
      { sheet: '部门', row: 2, field, message: expect.stringContaining(message) },
    ]);
    expect(result.departments.create).toEqual([]);
  });

  it('reports a repeated path (ignoring case) and a repeated new name on the later row', () => {
    const result = plan(
      [
        { row: 2, path: 'IT' },
        { row: 3, path: 'it' },
        { row: 4, path: '市政府办公室/二科' },
        { row: 5, path: 'IT/二科' },
      ],
      undefined,
    );
    expect(result.errors.map((e) => [e.row, e.message])).toEqual([
      [3, expect.stringContaining('与第 2 行重复')],
      [5, expect.stringContaining('与第 4 行')],
    ]);
  });
});

describe('组织架构导入: people', () => {
  it('creates new users with their roles; updates a matched one (ignoring case); counts the unchanged', () => {
    const result = plan(undefined, [
      person(2, { username: 'li', roles: '督办员，领导、审计员', email: 'li@example.gov.cn' }),
      person(3, {
        username: 'zhang',
        name: '张三',
        position: '部处负责人',
        roles: '督办员',
        email: 'zhang@example.gov.cn',
        phone: '13800000000',
      }),
      person(4, { username: 'ZHANG2', department: '市政府办公室', position: 'deputy' }),
    ]);
    expect(result.errors).toEqual([]);
    expect(planFigures(result).users).toEqual({ created: 2, updated: 0, unchanged: 1 });
    expect(result.users.create[0]).toMatchObject({
      username: 'li',
      departmentId: 'd-inspect',
      position: 'staff',
      roles: ['auditor', 'leader', 'supervisor'],
      email: 'li@example.gov.cn',
      phone: null,
    });
    expect(result.users.create[1]).toMatchObject({
      username: 'ZHANG2',
      position: 'deputy',
      departmentId: 'd-office',
    });
  });

  it("takes a matched user's row: an empty 角色 removes the roles, never the importer's own 系统管理员", () => {
    const result = plan(undefined, [
      person(2, { username: 'ZHANG', name: '张三丰', department: '市政府办公室', roles: '' }),
      person(3, { username: 'admin', name: '管理员', department: '市政府办公室', roles: '' }),
    ]);
    expect(result.errors).toEqual([]);
    const [changedZhang, changedAdmin] = result.users.update;
    expect(changedZhang?.after).toMatchObject({
      id: 'u-zhang',
      username: 'Zhang',
      name: '张三丰',
      departmentId: 'd-office',
      position: 'staff',
      roles: [],
      email: null,
      phone: null,
    });
    expect(changedAdmin?.after.roles).toEqual(['sysadmin']);
  });

  it('keeps what a line leaves undefined (the directory sync: no 职务, 角色 or 手机 attribute)', () => {
    const result = plan(undefined, [
      {
        row: 1,
        username: 'zhang',
        name: '张三',
        department: '市政府办公室/督查室',
        email: 'zhang@example.gov.cn',
      },
    ]);
    expect(result.users.unchanged).toBe(1);
  });

  it('finds departments planned in the same import', () => {
    const result = plan(
      [{ row: 2, path: '市政府办公室/三科' }],
      [person(2, { department: '市政府办公室/三科' })],
    );
    expect(result.errors).toEqual([]);
    expect(result.users.create[0]?.departmentId).toBe(result.departments.create[0]?.id);
  });

  it.each([
    [{ username: '' }, '用户名', '必填'],
    [{ username: '张 三' }, '用户名', '只能由字母'],
    [{ name: ' ' }, '姓名', '必填'],
    [{ department: '' }, '部门', '必填'],
    [{ department: '财政局' }, '部门', '“财政局”不在'],
    [{ position: '' }, '职务', '必填'],
    [{ position: '处长' }, '职务', '未知职务“处长”'],
    [{ roles: '督办员,超级管理员' }, '角色', '未知角色“超级管理员”'],
    [{ email: 'li@' }, '邮箱', '格式不正确'],
    [{ phone: '无' }, '手机', '格式不正确'],
  ])('reports %o at its row and column, and plans nothing for the row', (values, field, message) => {
    const result = plan(undefined, [person(7, values)]);
    expect(result.errors).toEqual([
      { sheet: '人员', row: 7, field, message: expect.stringContaining(message) },
    ]);
    expect(result.users.create).toEqual([]);
  });

  it('lists every error of a row, and a repeated username (ignoring case) on the later row', () => {
    const result = plan(undefined, [
      person(2, { username: 'wang' }),
      person(3, { username: 'WANG', position: '科员', roles: '老板' }),
    ]);
    expect(result.errors.map((e) => `${e.row}:${e.field}`)).toEqual(['3:用户名', '3:职务', '3:角色']);
  });
});

describe('角色 cells', () => {
  it('accepts , ， and 、 and the API codes; reports the rest', () => {
    expect(parseRoles(' 督办员，leader、 系统管理员 ,, ')).toEqual({
      roles: ['leader', 'supervisor', 'sysadmin'],
      unknown: [],
    });
    expect(parseRoles('督办员;领导').unknown).toEqual(['督办员;领导']);
  });
});
