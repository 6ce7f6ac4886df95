/** A small organisation like the manual's: 督办科, two 部处 with head, deputy and staff, and role holders. */
import { type Client, createDepartment, createUser, type TestApp } from './helpers';

export async function buildOrg(t: TestApp) {
  const dbk = await createDepartment(t, '督办科');
  const finance = await createDepartment(t, '财务处');
  const hr = await createDepartment(t, '人事处');
  const it = await createDepartment(t, '信息中心');
  const user = (
    username: string,
    name: string,
    departmentId: string,
    position: 'head' | 'deputy' | 'staff',
    roles: ('supervisor' | 'leader' | 'admin' | 'auditor')[] = [],
  ) => createUser(t, { username, name, departmentId, position, roles });
  const users = {
    sup: await user('sup', '督办员甲', dbk.id, 'staff', ['supervisor']),
    sup2: await user('sup2', '督办员乙', dbk.id, 'staff', ['supervisor']),
    dbadmin: await user('dbadmin', '督办管理员', dbk.id, 'staff', ['admin']),
    leader: await user('leader', '领导', dbk.id, 'head', ['leader']),
    auditor: await user('auditor', '审计员', dbk.id, 'staff', ['auditor']),
    head: await user('cw_head', '财务处长', finance.id, 'head'),
    deputy: await user('cw_deputy', '财务副处长', finance.id, 'deputy'),
    staff: await user('cw_staff', '财务经办', finance.id, 'staff'),
    staff2: await user('cw_staff2', '财务经办二', finance.id, 'staff'),
    hrHead: await user('rs_head', '人事处长', hr.id, 'head'),
    hrStaff: await user('rs_staff', '人事经办', hr.id, 'staff'),
    itStaff: await user('xx_staff', '信息经办', it.id, 'staff'),
  };
  const clients = {} as Record<keyof typeof users, Client>;
  for (const [key, u] of Object.entries(users))
    clients[key as keyof typeof users] = await t.login(u.username);
  return { departments: { dbk, finance, hr, it }, users, clients };
}

export type Org = Awaited<ReturnType<typeof buildOrg>>;

export function itemBody(org: Org, overrides: Record<string, unknown> = {}) {
  return {
    title: '落实年度预算执行情况',
    source: '领导批示',
    leadDepartmentId: org.departments.finance.id,
    assistDepartmentIds: [],
    assignedAt: '2026-03-02',
    dueAt: '2026-06-30',
    content: '按季度报告预算执行进度，6 月底前完成。',
    headId: org.users.head.id,
    ...overrides,
  };
}
