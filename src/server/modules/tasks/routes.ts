import { IdParams, pageOf } from '../../../contract/common';
import {
  CompleteAnswer,
  CompleteBody,
  TaskDetailAnswer,
  TaskListAnswer,
  TaskListQuery,
} from '../../../contract/tasks';
import { actorOf, provenWrite, rawId } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { PeopleService } from '../people/service';
import type { TasksService } from './service';

export function taskRoutes(app: AppInstance, tasks: TasksService, people: PeopleService) {
  app.get(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: '待办事项（state=pending）/ 已办事项（state=done）',
        querystring: TaskListQuery,
        response: { 200: TaskListAnswer },
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
        response: { 200: TaskDetailAnswer },
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
        access: (request) => tasks.assertCanComplete(actorOf(request), rawId(request)),
        // The hottest write: its session is proven in its own transaction (provenWrite).
        sessionInTransaction: true,
      },
      schema: {
        tags: ['tasks'],
        summary: '办理待办：办理、审批、审核、协办反馈、阅知',
        params: IdParams,
        body: CompleteBody,
        response: { 200: CompleteAnswer },
      },
    },
    (request) =>
      provenWrite(request, (actor, session) =>
        tasks.complete(actor, request.params.id, request.body, session),
      ),
  );
}
