import { Type } from 'typebox';
import type { TaskInput } from '../../../domain/types';
import { actorOf } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import { Paging, pageOf } from '../audit/routes';
import { Allowed, CompleteBody, Created, ItemDetail, TaskListEntry, TaskSchema } from '../items/schemas';
import type { PeopleService } from '../people/service';
import type { TasksService } from './service';

const IdParams = Type.Object({ id: Type.String() });

export function taskRoutes(app: AppInstance, tasks: TasksService, people: PeopleService) {
  app.get(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: '待办事项（state=pending）/ 已办事项（state=done）',
        querystring: Type.Object({
          state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('done')])),
          pool: Type.Optional(
            Type.Literal('review', { description: '督办科待审核：同事名下尚未领取的审核（督办员）' }),
          ),
          ...Paging,
        }),
        response: { 200: Type.Object({ tasks: Type.Array(TaskListEntry), total: Type.Integer() }) },
      },
    },
    (request) => {
      const { page, pageSize } = pageOf(request.query);
      if (request.query.pool === 'review') return people.pool(actorOf(request), 'review', page, pageSize);
      return tasks.list(actorOf(request), request.query.state ?? 'pending', page, pageSize);
    },
  );

  app.get(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: '待办详情：任务、督办事项及当前用户可选的操作',
        params: IdParams,
        response: { 200: Type.Object({ task: TaskSchema, item: ItemDetail, allowed: Allowed }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const answer = await tasks.get(actor, request.params.id);
      // 已读 (§10): the assignee's first look at a pending task.
      if (
        answer.task.assigneeId === actor.id &&
        answer.task.state === 'pending' &&
        answer.task.readAt === null
      ) {
        await people.markRead(actor, answer.task.id);
        return { ...answer, task: { ...answer.task, readAt: new Date().toISOString() } };
      }
      return answer;
    },
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      config: {
        access: (request) => tasks.assertCanComplete(actorOf(request), (request.params as { id: string }).id),
      },
      schema: {
        tags: ['tasks'],
        summary: '办理待办：办理、审批、审核、协办反馈、阅知',
        params: IdParams,
        body: CompleteBody,
        response: { 200: Type.Object({ task: TaskSchema, created: Created }) },
      },
    },
    (request) => tasks.complete(actorOf(request), request.params.id, request.body as TaskInput),
  );
}
