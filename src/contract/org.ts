/** Schemas of the organisation API (departments, users, sources, the organisation import). */
import { type Static, Type } from 'typebox';
import { Paging } from './common';

export const Id = Type.String({ format: 'uuid' });
const Email = Type.String({ format: 'email', maxLength: 254, description: '通知邮件地址' });
const Phone = Type.String({ maxLength: 32, pattern: '\\d', description: '手机' });
export const Position = Type.Union([Type.Literal('head'), Type.Literal('deputy'), Type.Literal('staff')]);
export const RoleName = Type.Union([
  Type.Literal('supervisor'),
  Type.Literal('leader'),
  Type.Literal('admin'),
  Type.Literal('sysadmin'),
  Type.Literal('auditor'),
]);

export const Department = Type.Object({
  id: Type.String(),
  name: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  sortOrder: Type.Integer(),
  /** 排序, the contract's name for sortOrder. */
  order: Type.Integer(),
  /** Enabled users of the department (人数), with `withUserCount=true` only. */
  userCount: Type.Optional(Type.Integer()),
});

export const DepartmentQuery = Type.Object({
  withUserCount: Type.Optional(Type.Boolean({ description: '附上各部门的人数（系统管理）' })),
});

export const DepartmentCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  parentId: Type.Optional(Type.Union([Id, Type.Null()])),
  sortOrder: Type.Optional(Type.Integer()),
});

export const DepartmentPatch = Type.Partial(DepartmentCreate);

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  departmentId: Type.String(),
  position: Position,
  roles: Type.Array(RoleName),
  disabled: Type.Boolean(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  /** Where the password is checked: `local`, or `ldap` (the office's directory). */
  source: Type.Union([Type.Literal('local'), Type.Literal('ldap')]),
});

/**
 * 选人: without page or pageSize the answer is every matching user (the contract's unpaged list);
 * with either, one page of at most 200, the best matches of `q` first.
 */
export const UserQuery = Type.Object({
  departmentId: Type.Optional(Id),
  q: Type.Optional(
    Type.String({ maxLength: 100, description: '姓名、用户名、拼音首字母或全拼、部门名称（包含即可）' }),
  ),
  includeDisabled: Type.Optional(Type.Boolean()),
  ids: Type.Optional(
    Type.String({
      maxLength: 3700,
      pattern: '^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){0,99}$',
      description: '只要这些用户（逗号分隔的 id，至多 100 个）：只有 id 的页面用它取姓名',
    }),
  ),
  position: Type.Optional(Position),
  role: Type.Optional(RoleName),
  ...Paging,
});

export const UserCreate = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ maxLength: 256 }),
  departmentId: Id,
  position: Position,
  roles: Type.Optional(Type.Array(RoleName, { uniqueItems: true })),
  email: Type.Optional(Type.Union([Email, Type.Null()])),
  phone: Type.Optional(Type.Union([Phone, Type.Null()])),
});

export const UserPatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  departmentId: Type.Optional(Id),
  position: Type.Optional(Position),
  roles: Type.Optional(Type.Array(RoleName, { uniqueItems: true })),
  password: Type.Optional(Type.String({ maxLength: 256 })),
  disabled: Type.Optional(Type.Boolean()),
  /** §10: with disabled: true, hand the user's work to this successor first (离职交接). */
  handoverToId: Type.Optional(Type.String({ description: '接替人（停用时一并离职交接）' })),
  email: Type.Optional(Type.Union([Email, Type.Null()])),
  phone: Type.Optional(Type.Union([Phone, Type.Null()])),
});

export const Sources = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 200 });

const Figures = Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() });

/** The answer of an organisation import and of a directory sync. */
export const OrgChangeAnswer = Type.Object({
  departments: Figures,
  users: Figures,
  errors: Type.Array(
    Type.Object({
      sheet: Type.String(),
      row: Type.Integer(),
      field: Type.String(),
      message: Type.String(),
      dn: Type.Optional(Type.String({ description: '目录条目（同步时）' })),
    }),
  ),
  applied: Type.Boolean(),
  passwordsFile: Type.Optional(Type.String({ description: '初始密码文件（一次性下载，一小时内有效）' })),
});

export const ImportQuery = Type.Object({
  dryRun: Type.Boolean({ default: true, description: '预检（默认）：只检查，不导入' }),
});

export type DepartmentAnswer = Static<typeof Department>;
export type DepartmentQueryRequest = Static<typeof DepartmentQuery>;
export type DepartmentCreateRequest = Static<typeof DepartmentCreate>;
export type DepartmentPatchRequest = Static<typeof DepartmentPatch>;
export type UserAnswer = Static<typeof User>;
export type UserQueryRequest = Static<typeof UserQuery>;
export type UserCreateRequest = Static<typeof UserCreate>;
export type UserPatchRequest = Static<typeof UserPatch>;
export type OrgChangeAnswerType = Static<typeof OrgChangeAnswer>;
