import { Type } from 'typebox';

export const Id = Type.String({ format: 'uuid' });
const Email = Type.String({ format: 'email', maxLength: 254, description: '通知邮件地址' });
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
});

export const UserQuery = Type.Object({
  departmentId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  includeDisabled: Type.Optional(Type.Boolean()),
});

export const UserCreate = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ maxLength: 256 }),
  departmentId: Id,
  position: Position,
  roles: Type.Optional(Type.Array(RoleName, { uniqueItems: true })),
  email: Type.Optional(Type.Union([Email, Type.Null()])),
});

export const UserPatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  departmentId: Type.Optional(Id),
  position: Type.Optional(Position),
  roles: Type.Optional(Type.Array(RoleName, { uniqueItems: true })),
  password: Type.Optional(Type.String({ maxLength: 256 })),
  disabled: Type.Optional(Type.Boolean()),
  email: Type.Optional(Type.Union([Email, Type.Null()])),
});

export const Sources = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 200 });
