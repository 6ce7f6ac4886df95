import { Type } from 'typebox';
import { Created, IdParams, Paging, pageOf, Str } from '../../../contract/common';
import { AbsenceSchema, HandoverPreview } from '../../../contract/people';
import { TaskListEntry, TaskSchema } from '../../../contract/tasks';
import { actorOf, rawId } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { PeopleService } from './service';

/** §10 people change: 领取, 转交, 收回, 委托, 离职交接, and the pools. */
export function peopleRoutes(app: AppInstance, people: PeopleService) {
  app.post(
    '/api/tasks/:id/claim',
    {
      schema: {
        tags: ['tasks'],
        summary: '领取督办科审核（督办员）：同一待办改由本人审核，督办人收到通知',
        params: IdParams,
        response: { 200: Type.Object({ task: TaskSchema }) },
      },
    },
    (request) => people.claim(actorOf(request), request.params.id),
  );

  app.post(
    '/api/tasks/:id/transfer',
    {
      config: {
        access: (request) => people.assertCanTransfer(actorOf(request), rawId(request)),
      },
      schema: {
        tags: ['tasks'],
        summary: '转交待办（办理人本人，或督办管理员转交任何待办）',
        params: IdParams,
        body: Type.Object({
          toUserId: Type.Optional(Type.String({ description: '转交对象' })),
          reason: Type.Optional(Type.String({ description: '转交理由' })),
        }),
        response: { 200: Type.Object({ task: TaskSchema, created: Created }) },
      },
    },
    (request) => people.transfer(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/tasks/:id/withdraw',
    {
      schema: {
        tags: ['tasks'],
        summary: '收回向下办理的待办（向下办理人，对方尚未办理时）',
        params: IdParams,
        response: { 200: Type.Object({ created: Created }) },
      },
    },
    (request) => people.withdraw(actorOf(request), request.params.id),
  );

  app.get(
    '/api/tasks/stuck',
    {
      schema: {
        tags: ['tasks'],
        summary: '待转交：已停用人员名下的待办（督办管理员逐项转交）',
        querystring: Type.Object({ ...Paging }),
        response: { 200: Type.Object({ tasks: Type.Array(TaskListEntry), total: Type.Integer() }) },
      },
    },
    (request) => {
      const { page, pageSize } = pageOf(request.query);
      return people.pool(actorOf(request), 'stuck', page, pageSize);
    },
  );

  app.post(
    '/api/absences',
    {
      schema: {
        tags: ['people'],
        summary: '登记委托（外出/请假期间新待办交代理人办理）；为他人登记须督办管理员或系统管理员',
        body: Type.Object({
          userId: Type.Optional(Str),
          deputyId: Type.Optional(Str),
          startsOn: Type.Optional(Str),
          endsOn: Type.Optional(Str),
          reason: Type.Optional(Str),
        }),
        response: { 201: AbsenceSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await people.recordAbsence(actorOf(request), request.body)),
  );

  app.get(
    '/api/absences',
    {
      schema: {
        tags: ['people'],
        summary: '委托列表：本人的；督办管理员、系统管理员可看任何人（active=true 只看今天生效的）',
        querystring: Type.Object({ userId: Type.Optional(Str), active: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(AbsenceSchema) },
      },
    },
    (request) => people.listAbsences(actorOf(request), request.query),
  );

  app.delete(
    '/api/absences/:id',
    {
      schema: { tags: ['people'], summary: '提前结束委托（未开始的则取消）；记录保留', params: IdParams },
    },
    async (request, reply) => {
      await people.endAbsence(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/users/:id/handover',
    {
      schema: {
        tags: ['people'],
        summary: '离职交接预览：将移交的待办、办理人身份和督办人身份（按督办事项）',
        params: IdParams,
        response: { 200: HandoverPreview },
      },
    },
    (request) => people.handoverPreview(actorOf(request), request.params.id),
  );

  app.post(
    '/api/users/:id/handover',
    {
      schema: {
        tags: ['people'],
        summary: '离职交接（督办管理员、系统管理员）：全部待办、办理人身份、督办人身份交给接替人',
        params: IdParams,
        body: Type.Object({ toUserId: Type.Optional(Type.String({ description: '接替人' })) }),
        response: {
          200: Type.Object({
            tasksTransferred: Type.Integer(),
            handlerEntriesReplaced: Type.Integer(),
            registrationsReplaced: Type.Integer(),
            items: Type.Integer(),
          }),
        },
      },
    },
    (request) => people.handOver(actorOf(request), request.params.id, request.body.toUserId ?? ''),
  );
}
