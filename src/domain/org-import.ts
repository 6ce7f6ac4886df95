/**
 * 组织架构导入: what importing a list of departments and people does to the organisation. Pure: the
 * workbook reader (or the directory sync) hands over text lines and the organisation as it is; the
 * plan says what to create and update, with every row error found. Nothing is ever deleted or
 * disabled, and no existing user's password is touched.
 *
 * Departments match by path (`市政府办公室/督查室`), users by username, both ignoring case. A row with an
 * error is left out of the plan; the Excel import then applies nothing at all, the directory sync
 * applies the rest (see docs/identity.md).
 */
import type { Position, Role } from './types';

export const POSITION_LABELS: Record<Position, string> = {
  head: '部处负责人',
  deputy: '部处分管负责人',
  staff: '具体负责人',
};

export const ROLE_LABELS: Record<Role, string> = {
  supervisor: '督办员',
  leader: '领导',
  admin: '督办管理员',
  sysadmin: '系统管理员',
  auditor: '审计员',
};

/** One row of sheet 部门, as typed. */
export interface DepartmentLine {
  row: number;
  path: string;
  /** 排序; undefined = keep (new departments: 0). */
  order?: string | undefined;
}

/**
 * One row of sheet 人员, as typed. An optional field left undefined keeps what the user has (the
 * directory sync, or a workbook without that column); an empty string clears it.
 */
export interface PersonLine {
  row: number;
  username: string;
  name: string;
  department: string;
  /** 职务 label; undefined = keep (new users: 具体负责人). */
  position?: string | undefined;
  /** 角色 labels separated by , ， or 、; undefined = keep. */
  roles?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

/** A row error as the contract lists it: Excel's row number and the column's name. */
export interface RowError {
  sheet: string;
  row: number;
  field: string;
  message: string;
  /** The directory entry, for errors of a directory sync. */
  dn?: string;
}

export interface ExistingDepartment {
  id: string;
  name: string;
  parentId: string | null;
  sortOrder: number;
}

export interface ExistingUser {
  id: string;
  username: string;
  name: string;
  departmentId: string;
  position: Position;
  roles: readonly Role[];
  email: string | null;
  phone: string | null;
}

export interface PlannedDepartment {
  id: string;
  name: string;
  parentId: string | null;
  sortOrder: number;
  path: string;
}

export interface PlannedUser {
  id: string;
  username: string;
  name: string;
  departmentId: string;
  position: Position;
  roles: Role[];
  email: string | null;
  phone: string | null;
}

export interface UserChange {
  before: PlannedUser;
  after: PlannedUser;
}

export interface OrgPlan {
  departments: {
    create: PlannedDepartment[];
    update: { id: string; path: string; before: number; sortOrder: number }[];
    unchanged: number;
  };
  users: {
    create: PlannedUser[];
    update: UserChange[];
    unchanged: number;
    /** Ids of every existing user a line matched (updated or not). */
    matched: string[];
  };
  errors: RowError[];
}

export interface OrgImportInput {
  /** Lines of sheet 部门; undefined when the sheet is absent. */
  departments: readonly DepartmentLine[] | undefined;
  people: readonly PersonLine[] | undefined;
  existing: { departments: readonly ExistingDepartment[]; users: readonly ExistingUser[] };
  /** The importing sysadmin, who never loses their own 系统管理员 role. */
  importerId: string | null;
  /** Sheet names for the errors (the directory sync names its entries differently). */
  sheets?: { departments: string; people: string };
  newId: () => string;
}

export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NAME = 64;
const MAX_DEPARTMENT_NAME = 100;

const key = (text: string) => text.trim().toLowerCase();

/** `a / b /c` → ['a', 'b', 'c']; the path as stored and shown joins them with `/`. */
export function splitPath(path: string): string[] {
  return path.split('/').map((segment) => segment.trim());
}

/** Full paths of existing departments (a broken parent chain ends the path where it breaks). */
export function departmentPaths(departments: readonly ExistingDepartment[]): Map<string, string> {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const paths = new Map<string, string>();
  for (const department of departments) {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let at: ExistingDepartment | undefined = department; at && !seen.has(at.id); ) {
      seen.add(at.id);
      names.unshift(at.name);
      at = at.parentId ? byId.get(at.parentId) : undefined;
    }
    paths.set(department.id, names.join('/'));
  }
  return paths;
}

/** A 职务 cell: the Chinese label or the API's code. */
export function parsePosition(text: string): Position | undefined {
  const value = text.trim();
  for (const [position, label] of Object.entries(POSITION_LABELS) as [Position, string][]) {
    if (value === label || value.toLowerCase() === position) return position;
  }
  return undefined;
}

/** A 角色 cell: labels (or codes) separated by , ， or 、; the unknown ones are reported. */
export function parseRoles(text: string): { roles: Role[]; unknown: string[] } {
  const roles = new Set<Role>();
  const unknown: string[] = [];
  for (const part of text.split(/[,，、]/)) {
    const value = part.trim();
    if (value === '') continue;
    const role = (Object.entries(ROLE_LABELS) as [Role, string][]).find(
      ([code, label]) => value === label || value.toLowerCase() === code,
    )?.[0];
    if (role) roles.add(role);
    else unknown.push(value);
  }
  return { roles: [...roles].sort(), unknown };
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) =>
  a.length === b.length && [...a].sort().every((role, i) => role === [...b].sort()[i]);

/**
 * Plans an import: every department and person line checked, matched and turned into creations
 * and updates. Row errors are collected, never thrown; a line with an error is left out.
 */
export function planOrgImport(input: OrgImportInput): OrgPlan {
  const sheets = input.sheets ?? { departments: '部门', people: '人员' };
  const errors: RowError[] = [];
  const fail = (sheet: string, row: number, field: string, message: string) =>
    errors.push({ sheet, row, field, message });

  // --- departments -------------------------------------------------------------------------
  const paths = departmentPaths(input.existing.departments);
  /** Lower-cased path → department id, existing and planned alike. */
  const idByPath = new Map<string, string>();
  for (const department of input.existing.departments) {
    idByPath.set(key(paths.get(department.id) ?? department.name), department.id);
  }
  const existingByName = new Map(input.existing.departments.map((d) => [d.name, d]));
  const existingById = new Map(input.existing.departments.map((d) => [d.id, d]));

  const plan: OrgPlan = {
    departments: { create: [], update: [], unchanged: 0 },
    users: { create: [], update: [], unchanged: 0, matched: [] },
    errors,
  };

  interface Candidate {
    line: DepartmentLine;
    segments: string[];
    order: number | undefined;
  }
  const firstRowOfPath = new Map<string, number>();
  const newByName = new Map<string, { row: number; path: string }>();
  const candidates: Candidate[] = [];
  const fieldOrder = '排序';
  const fieldDepartment = '部门';

  for (const line of input.departments ?? []) {
    const sheet = sheets.departments;
    const segments = splitPath(line.path);
    if (line.path.trim() === '') {
      fail(sheet, line.row, fieldDepartment, '部门必填（上下级之间用 / 分隔，如“市政府办公室/督查室”）');
      continue;
    }
    if (segments.some((s) => s === '')) {
      fail(sheet, line.row, fieldDepartment, `部门路径“${line.path}”中有空的一级`);
      continue;
    }
    const long = segments.find((s) => s.length > MAX_DEPARTMENT_NAME);
    if (long) {
      fail(sheet, line.row, fieldDepartment, `部门名称不能超过 ${MAX_DEPARTMENT_NAME} 字`);
      continue;
    }
    const path = segments.join('/');
    const earlier = firstRowOfPath.get(key(path));
    if (earlier !== undefined) {
      fail(sheet, line.row, fieldDepartment, `部门“${path}”与第 ${earlier} 行重复`);
      continue;
    }
    firstRowOfPath.set(key(path), line.row);
    let order: number | undefined;
    const orderText = line.order?.trim() ?? '';
    if (orderText !== '') {
      if (!/^-?\d{1,7}$/.test(orderText)) {
        fail(sheet, line.row, fieldOrder, '排序须为整数');
        continue;
      }
      order = Number(orderText);
    }
    candidates.push({ line, segments, order });
  }

  // Parents first, so that a child finds its parent's id whatever the rows' order.
  candidates.sort((a, b) => a.segments.length - b.segments.length || a.line.row - b.line.row);
  for (const { line, segments, order } of candidates) {
    const sheet = sheets.departments;
    const path = segments.join('/');
    const existingId = idByPath.get(key(path));
    if (existingId !== undefined) {
      const before = existingById.get(existingId)?.sortOrder ?? 0;
      if (order !== undefined && order !== before) {
        plan.departments.update.push({ id: existingId, path, before, sortOrder: order });
      } else plan.departments.unchanged++;
      continue;
    }
    const name = segments[segments.length - 1] as string;
    const parentPath = segments.slice(0, -1).join('/');
    const parentId = parentPath === '' ? null : idByPath.get(key(parentPath));
    if (parentId === undefined) {
      fail(sheet, line.row, fieldDepartment, `上级部门“${parentPath}”不在“部门”表中，也不存在`);
      continue;
    }
    const taken = existingByName.get(name);
    if (taken) {
      fail(
        sheet,
        line.row,
        fieldDepartment,
        `部门名称“${name}”已被“${paths.get(taken.id) ?? name}”使用（部门名称不能重复，请改名，如“${segments[segments.length - 2] ?? ''}${name}”）`,
      );
      continue;
    }
    const sibling = newByName.get(name);
    if (sibling) {
      fail(
        sheet,
        line.row,
        fieldDepartment,
        `部门名称“${name}”与第 ${sibling.row} 行“${sibling.path}”重复（部门名称不能重复）`,
      );
      continue;
    }
    newByName.set(name, { row: line.row, path });
    const department: PlannedDepartment = { id: input.newId(), name, parentId, sortOrder: order ?? 0, path };
    idByPath.set(key(path), department.id);
    plan.departments.create.push(department);
  }

  // --- people ------------------------------------------------------------------------------
  const usersByUsername = new Map(input.existing.users.map((u) => [key(u.username), u]));
  const firstRowOfUser = new Map<string, number>();
  for (const line of input.people ?? []) {
    const sheet = sheets.people;
    const before = errors.length;
    const username = line.username.trim();
    const name = line.name.trim();
    if (username === '') fail(sheet, line.row, '用户名', '用户名必填');
    else if (username.length > MAX_NAME || !USERNAME_PATTERN.test(username)) {
      fail(
        sheet,
        line.row,
        '用户名',
        `用户名“${username}”只能由字母、数字和 _ . @ - 组成，不超过 ${MAX_NAME} 个字符`,
      );
    } else {
      const earlier = firstRowOfUser.get(key(username));
      if (earlier !== undefined) fail(sheet, line.row, '用户名', `用户名“${username}”与第 ${earlier} 行重复`);
      else firstRowOfUser.set(key(username), line.row);
    }
    if (name === '') fail(sheet, line.row, '姓名', '姓名必填');
    else if (name.length > MAX_NAME) fail(sheet, line.row, '姓名', `姓名不能超过 ${MAX_NAME} 字`);

    const departmentPath = splitPath(line.department).join('/');
    const departmentId = departmentPath === '' ? undefined : idByPath.get(key(departmentPath));
    if (departmentPath === '')
      fail(sheet, line.row, '部门', '部门必填（填完整路径，如“市政府办公室/督查室”）');
    else if (departmentId === undefined) {
      fail(sheet, line.row, '部门', `部门“${departmentPath}”不在“部门”表中，也不存在`);
    }

    let position: Position | undefined;
    if (line.position !== undefined) {
      position = parsePosition(line.position);
      if (line.position.trim() === '') fail(sheet, line.row, '职务', '职务必填');
      else if (!position) {
        fail(
          sheet,
          line.row,
          '职务',
          `未知职务“${line.position.trim()}”（可填：${Object.values(POSITION_LABELS).join('、')}）`,
        );
      }
    }
    let roles: Role[] | undefined;
    if (line.roles !== undefined) {
      const parsed = parseRoles(line.roles);
      if (parsed.unknown.length > 0) {
        fail(
          sheet,
          line.row,
          '角色',
          `未知角色“${parsed.unknown.join('、')}”（可填：${Object.values(ROLE_LABELS).join('、')}，多个用逗号或顿号分隔）`,
        );
      }
      roles = parsed.roles;
    }
    const email = line.email === undefined ? undefined : line.email.trim() || null;
    if (email && (email.length > 254 || !EMAIL_PATTERN.test(email))) {
      fail(sheet, line.row, '邮箱', `邮箱“${email}”格式不正确`);
    }
    const phone = line.phone === undefined ? undefined : line.phone.trim() || null;
    if (phone && (phone.length > 32 || !/\d/.test(phone))) {
      fail(sheet, line.row, '手机', `手机“${phone}”格式不正确`);
    }
    if (errors.length > before || departmentId === undefined) continue;

    const existing = usersByUsername.get(key(username));
    if (!existing) {
      plan.users.create.push({
        id: input.newId(),
        username,
        name,
        departmentId,
        position: position ?? 'staff',
        roles: roles ?? [],
        email: email ?? null,
        phone: phone ?? null,
      });
      continue;
    }
    plan.users.matched.push(existing.id);
    const current: PlannedUser = {
      id: existing.id,
      username: existing.username,
      name: existing.name,
      departmentId: existing.departmentId,
      position: existing.position,
      roles: [...existing.roles].sort(),
      email: existing.email,
      phone: existing.phone,
    };
    let nextRoles = roles ?? current.roles;
    // The importer never locks themself out of 系统管理.
    if (
      existing.id === input.importerId &&
      current.roles.includes('sysadmin') &&
      !nextRoles.includes('sysadmin')
    ) {
      nextRoles = [...nextRoles, 'sysadmin' as const].sort();
    }
    const next: PlannedUser = {
      ...current,
      name,
      departmentId,
      position: position ?? current.position,
      roles: nextRoles,
      email: email === undefined ? current.email : email,
      phone: phone === undefined ? current.phone : phone,
    };
    const changed =
      next.name !== current.name ||
      next.departmentId !== current.departmentId ||
      next.position !== current.position ||
      !sameRoles(next.roles, current.roles) ||
      next.email !== current.email ||
      next.phone !== current.phone;
    if (changed) plan.users.update.push({ before: current, after: next });
    else plan.users.unchanged++;
  }
  // Row order within each sheet (departments were planned parents first); sort is stable.
  const sheetOrder = [sheets.departments, sheets.people];
  errors.sort((a, b) => sheetOrder.indexOf(a.sheet) - sheetOrder.indexOf(b.sheet) || a.row - b.row);
  return plan;
}

/** The figures of the contract's answer. */
export function planFigures(plan: OrgPlan) {
  return {
    departments: {
      created: plan.departments.create.length,
      updated: plan.departments.update.length,
      unchanged: plan.departments.unchanged,
    },
    users: {
      created: plan.users.create.length,
      updated: plan.users.update.length,
      unchanged: plan.users.unchanged,
    },
  };
}
