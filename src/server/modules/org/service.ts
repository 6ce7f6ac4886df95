import type { Static } from 'typebox';
import { pageOf } from '../../../contract/common';
import type {
  DepartmentCreate,
  DepartmentPatch,
  DepartmentQueryRequest,
  UserCreate,
  UserPatch,
  UserQueryRequest,
} from '../../../contract/org';
import { passwordProblem } from '../../../domain/auth-policy';
import { AppError } from '../../../domain/errors';
import type { Role } from '../../../domain/types';
import { newId } from '../../../platform/ids';
import type { AppContext } from '../../context';
import { isUuid, requireRole } from '../../guards';
import { hashPassword } from '../../passwords';
import type { SessionUser } from '../../session';
import { insertAuditEvents } from '../audit/repository';
import { deleteSessionsOfUser } from '../auth/repository';
import { pinyinKey } from './pinyin';
import * as repo from './repository';

const SYSADMIN_ONLY = '仅系统管理员可修改组织机构';

/** 组织机构: departments, users, role grants and the 督办来源 dictionary. Writes are sysadmin-only. */
export function createOrgService(
  ctx: AppContext,
  hooks: {
    onUserChanged?: (userId: string) => void;
    /** §10: before disabling a user — refuses (409 pending_work) or hands their work over first. */
    beforeDisable?: (actor: SessionUser, userId: string, handoverToId: string | undefined) => Promise<void>;
  } = {},
) {
  const { db, clock } = ctx;

  function checkPassword(password: string, username: string): void {
    const problem = passwordProblem(password, ctx.config.password, username);
    if (problem) throw new AppError('validation', problem, { password: problem });
  }

  async function checkParent(id: string | null | undefined, self?: string): Promise<void> {
    if (id == null) return;
    const departments = await repo.listDepartments(db);
    const parentOf = new Map(departments.map((d) => [d.id, d.parentId]));
    if (!parentOf.has(id)) throw new AppError('validation', '上级部门不存在', { parentId: '上级部门不存在' });
    // Walking up from the new parent must never reach the department itself.
    for (let at: string | null | undefined = id; at; at = parentOf.get(at)) {
      if (at === self)
        throw new AppError('validation', '上级部门不能是自己或下级部门', { parentId: '不能形成循环' });
    }
  }

  async function checkDepartment(id: string): Promise<void> {
    if (!(await repo.findDepartment(db, id))) {
      throw new AppError('validation', '部门不存在', { departmentId: '部门不存在' });
    }
  }

  const present = (u: repo.UserRow) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    departmentId: u.departmentId,
    position: u.position,
    roles: u.roles,
    disabled: u.disabled,
    email: u.email,
    phone: u.phone,
    source: u.source,
  });

  const presentTo = (actor: SessionUser, u: repo.UserRow) =>
    actor.roles.includes('sysadmin') || actor.id === u.id ? present(u) : { ...present(u), email: null };

  return {
    /** For the access check that must come before body validation (contract: 403 before 400). */
    assertCanWrite(actor: SessionUser): void {
      requireRole(actor, ['sysadmin'], SYSADMIN_ONLY);
    },

    async listDepartments(query: DepartmentQueryRequest = {}) {
      const rows = (await repo.listDepartments(db)).map((d) => ({ ...d, order: d.sortOrder }));
      if (!query.withUserCount) return rows;
      const counts = await repo.countUsersByDepartment(db);
      return rows.map((d) => ({ ...d, userCount: counts.get(d.id) ?? 0 }));
    },

    async createDepartment(actor: SessionUser, input: Static<typeof DepartmentCreate>) {
      requireRole(actor, ['sysadmin'], SYSADMIN_ONLY);
      await checkParent(input.parentId);
      if (await repo.findDepartmentByName(db, input.name)) {
        throw new AppError('conflict', `部门“${input.name}”已存在`);
      }
      const row = {
        id: newId(),
        name: input.name,
        parentId: input.parentId ?? null,
        sortOrder: input.sortOrder ?? 0,
      };
      const now = clock();
      await db.transaction(async (tx) => {
        await repo.insertDepartment(tx, { ...row, createdAt: now });
        await insertAuditEvents(tx, [
          {
            at: now,
            actorId: actor.id,
            ip: actor.ip,
            action: 'org.department.create',
            detail: { after: row },
          },
        ]);
      });
      return { ...row, order: row.sortOrder };
    },

    async updateDepartment(actor: SessionUser, id: string, input: Static<typeof DepartmentPatch>) {
      requireRole(actor, ['sysadmin'], SYSADMIN_ONLY);
      const before = isUuid(id) ? await repo.findDepartment(db, id) : undefined;
      if (!before) throw new AppError('not_found', '部门不存在');
      if (input.parentId !== undefined) await checkParent(input.parentId, id);
      if (
        input.name !== undefined &&
        input.name !== before.name &&
        (await repo.findDepartmentByName(db, input.name))
      ) {
        throw new AppError('conflict', `部门“${input.name}”已存在`);
      }
      const after = {
        ...before,
        ...input,
        parentId: input.parentId === undefined ? before.parentId : input.parentId,
      };
      const now = clock();
      await db.transaction(async (tx) => {
        await repo.updateDepartment(tx, id, {
          name: after.name,
          parentId: after.parentId,
          sortOrder: after.sortOrder,
        });
        await insertAuditEvents(tx, [
          {
            at: now,
            actorId: actor.id,
            ip: actor.ip,
            action: 'org.department.update',
            detail: { before, after },
          },
        ]);
      });
      return { ...after, order: after.sortOrder };
    },

    /** The person picker and 系统管理. E-mail addresses only for sysadmins (and one's own). */
    /** 选人 and the user list: unpaged unless a page is asked for (contract), best matches first. */
    async listUsers(actor: SessionUser, query: UserQueryRequest) {
      const paged = query.page !== undefined || query.pageSize !== undefined;
      const { page, pageSize } = pageOf(query);
      const rows = await repo.listUsers(db, {
        departmentId: query.departmentId,
        q: query.q,
        ids: query.ids?.split(',').filter(isUuid),
        includeDisabled: query.includeDisabled,
        position: query.position,
        role: query.role,
        ...(paged ? { limit: pageSize, offset: (page - 1) * pageSize } : {}),
      });
      return rows.map((u) => presentTo(actor, u));
    },

    async getUser(actor: SessionUser, id: string) {
      const user = isUuid(id) ? await repo.findUser(db, id) : undefined;
      if (!user) throw new AppError('not_found', '用户不存在');
      return presentTo(actor, user);
    },

    async createUser(actor: SessionUser, input: Static<typeof UserCreate>) {
      requireRole(actor, ['sysadmin'], SYSADMIN_ONLY);
      checkPassword(input.password, input.username);
      await checkDepartment(input.departmentId);
      if (await repo.usernameTaken(db, input.username)) {
        throw new AppError('conflict', `用户名“${input.username}”已存在`, { username: '已存在' });
      }
      const now = clock();
      const user = {
        id: newId(),
        username: input.username,
        name: input.name,
        departmentId: input.departmentId,
        position: input.position,
        disabled: false,
        email: input.email ?? null,
        phone: input.phone ?? null,
        source: 'local' as const,
        roles: [...new Set(input.roles ?? [])] as Role[],
      };
      const passwordHash = await hashPassword(input.password);
      try {
        await db.transaction(async (tx) => {
          await repo.insertUser(tx, { ...user, passwordHash, pinyin: pinyinKey(user.name), createdAt: now });
          await insertAuditEvents(tx, [
            { at: now, actorId: actor.id, ip: actor.ip, action: 'org.user.create', detail: { after: user } },
          ]);
        });
      } catch (error) {
        // Two concurrent creations of one name: the unique index decides.
        if (await repo.usernameTaken(db, input.username)) {
          throw new AppError('conflict', `用户名“${input.username}”已存在`, { username: '已存在' });
        }
        throw error;
      }
      return user;
    },

    async updateUser(actor: SessionUser, id: string, input: Static<typeof UserPatch>) {
      requireRole(actor, ['sysadmin'], SYSADMIN_ONLY);
      const before = isUuid(id) ? await repo.findUser(db, id) : undefined;
      if (!before) throw new AppError('not_found', '用户不存在');
      if (input.password !== undefined) checkPassword(input.password, before.username);
      // A directory user's password is the directory's; without a directory, a reset makes them local.
      if (input.password !== undefined && before.source === 'ldap' && ctx.config.ldap) {
        const message = '该用户通过单位目录（LDAP）登录，密码请在目录中修改';
        throw new AppError('validation', message, { password: message });
      }
      if (input.departmentId !== undefined) await checkDepartment(input.departmentId);
      if (input.disabled === true && id === actor.id) {
        throw new AppError('validation', '不能停用自己的账号', { disabled: '不能停用自己的账号' });
      }
      if (input.roles && id === actor.id && !input.roles.includes('sysadmin')) {
        throw new AppError('validation', '不能撤销自己的系统管理员角色', {
          roles: '不能撤销自己的系统管理员角色',
        });
      }
      // §10: refused while the user has work, unless it is handed over to handoverToId here first.
      if (input.disabled === true && !before.disabled)
        await hooks.beforeDisable?.(actor, id, input.handoverToId);
      const now = clock();
      const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
      const after = await db.transaction(async (tx) => {
        const patch: Parameters<typeof repo.updateUser>[2] = {};
        if (input.name !== undefined)
          Object.assign(patch, { name: input.name, pinyin: pinyinKey(input.name) });
        if (input.departmentId !== undefined) patch.departmentId = input.departmentId;
        if (input.position !== undefined) patch.position = input.position;
        if (input.disabled !== undefined) patch.disabled = input.disabled;
        if (input.email !== undefined) patch.email = input.email;
        if (input.phone !== undefined) patch.phone = input.phone;
        if (passwordHash !== undefined) Object.assign(patch, { passwordHash, source: 'local' });
        await repo.updateUser(tx, id, patch, now);
        if (input.roles !== undefined) await repo.setRoles(tx, id, input.roles, now);
        // A disabled user, or one whose password was reset, is signed out everywhere.
        if (input.disabled === true || passwordHash !== undefined) await deleteSessionsOfUser(tx, id);
        const updated = await repo.findUser(tx, id);
        if (!updated) throw new AppError('not_found', '用户不存在');
        await insertAuditEvents(tx, [
          {
            at: now,
            actorId: actor.id,
            ip: actor.ip,
            action: 'org.user.update',
            detail: {
              userId: id,
              before: present(before),
              after: present(updated),
              passwordReset: passwordHash !== undefined,
            },
          },
        ]);
        return updated;
      });
      // Sessions cached on this instance must see the change (roles, disabling) at once.
      hooks.onUserChanged?.(id);
      return present(after);
    },

    listSources: () => repo.listSources(db),

    async replaceSources(actor: SessionUser, names: string[]) {
      requireRole(actor, ['sysadmin'], '仅系统管理员可修改督办来源');
      const cleaned = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
      const now = clock();
      await db.transaction(async (tx) => {
        const before = await repo.listSources(tx);
        await repo.replaceSources(tx, cleaned);
        await insertAuditEvents(tx, [
          {
            at: now,
            actorId: actor.id,
            ip: actor.ip,
            action: 'org.sources.update',
            detail: { before, after: cleaned },
          },
        ]);
      });
      return cleaned;
    },
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
