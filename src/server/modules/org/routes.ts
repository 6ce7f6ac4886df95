import { Type } from 'typebox';
import {
  Department,
  DepartmentCreate,
  DepartmentPatch,
  DepartmentQuery,
  Sources,
  User,
  UserCreate,
  UserPatch,
  UserQuery,
} from '../../../contract/org';
import { actorOf } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { OrgService } from './service';

const IdParams = Type.Object({ id: Type.String() });

export function orgRoutes(app: AppInstance, org: OrgService) {
  const sysadminFirst = {
    access: (request: Parameters<typeof actorOf>[0]) => org.assertCanWrite(actorOf(request)),
  };

  app.get(
    '/api/departments',
    {
      schema: {
        tags: ['org'],
        summary: '部门列表',
        querystring: DepartmentQuery,
        response: { 200: Type.Array(Department) },
      },
    },
    (request) => org.listDepartments(request.query),
  );

  app.post(
    '/api/departments',
    {
      config: sysadminFirst,
      schema: {
        tags: ['org'],
        summary: '新建部门（系统管理员）',
        body: DepartmentCreate,
        response: { 201: Department },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await org.createDepartment(actorOf(request), request.body)),
  );

  app.patch(
    '/api/departments/:id',
    {
      config: sysadminFirst,
      schema: {
        tags: ['org'],
        summary: '修改部门（系统管理员）',
        params: IdParams,
        body: DepartmentPatch,
        response: { 200: Department },
      },
    },
    (request) => org.updateDepartment(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['org'],
        summary: '用户列表（选人）：按部门，按姓名、用户名或拼音首字母搜索',
        querystring: UserQuery,
        response: { 200: Type.Array(User) },
      },
    },
    (request) => org.listUsers(actorOf(request), request.query),
  );

  app.get(
    '/api/users/:id',
    { schema: { tags: ['org'], summary: '用户', params: IdParams, response: { 200: User } } },
    (request) => org.getUser(actorOf(request), request.params.id),
  );

  app.post(
    '/api/users',
    {
      config: sysadminFirst,
      schema: { tags: ['org'], summary: '新建用户（系统管理员）', body: UserCreate, response: { 201: User } },
    },
    async (request, reply) => reply.status(201).send(await org.createUser(actorOf(request), request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      config: sysadminFirst,
      schema: {
        tags: ['org'],
        summary: '修改用户：姓名、部门、职务、角色、重置密码、停用（系统管理员）',
        params: IdParams,
        body: UserPatch,
        response: { 200: User },
      },
    },
    (request) => org.updateUser(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/sources',
    { schema: { tags: ['org'], summary: '督办来源字典', response: { 200: Type.Array(Type.String()) } } },
    () => org.listSources(),
  );

  app.put(
    '/api/sources',
    {
      config: sysadminFirst,
      schema: {
        tags: ['org'],
        summary: '修改督办来源字典（系统管理员）',
        body: Sources,
        response: { 200: Type.Array(Type.String()) },
      },
    },
    (request) => org.replaceSources(actorOf(request), request.body),
  );
}
