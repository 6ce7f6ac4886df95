import type { CompleteRequest } from '../../../contract/tasks';
import { checkCloseEvidence } from '../../../domain/attachments';
import { light } from '../../../domain/deadlines';
import { AppError } from '../../../domain/errors';
import { allowedActions } from '../../../domain/permissions';
import { completeTask } from '../../../domain/tasks';
import { dateInZone } from '../../../platform/dates';
import type { AppContext } from '../../context';
import { isUuid } from '../../guards';
import type { SessionProof, SessionUser } from '../../session';
import { countOfTask } from '../attachments/repository';
import type { AttachmentsService } from '../attachments/service';
import type { CalendarService } from '../calendar/service';
import { type CommandRunner, TASK_NOT_FOUND } from '../items/commands';
import { presentItemDetail, presentTask, presentTaskTransition } from '../items/presenter';
import { countTasksOf, findTaskItemId, listTasksOf } from './repository';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** 待办 / 已办 and completing a task (办理、审批、审核、协办反馈、阅知). */
export function createTasksService(
  ctx: AppContext,
  runner: CommandRunner,
  calendars: CalendarService,
  attachments: AttachmentsService,
) {
  async function itemIdOf(taskId: string): Promise<string> {
    const itemId = isUuid(taskId) ? await findTaskItemId(ctx.db, taskId) : undefined;
    if (!itemId) throw new AppError('not_found', TASK_NOT_FOUND);
    return itemId;
  }

  return {
    async list(actor: SessionUser, state: 'pending' | 'done', page: number, pageSize: number) {
      const today = dateInZone(ctx.clock(), ctx.config.timeZone);
      const rules = await calendars.rules();
      const [rows, total] = await Promise.all([
        listTasksOf(ctx.db, actor.id, state, pageSize, (page - 1) * pageSize),
        countTasksOf(ctx.db, actor.id, state),
      ]);
      return {
        tasks: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          state: r.state,
          itemId: r.item_id,
          itemNumber: r.item_number,
          itemTitle: r.item_title,
          light: light({ status: r.item_status, dueAt: r.item_due_at }, today, rules),
          flowId: r.flow_id,
          flowKind: r.flow_kind,
          senderId: r.sender_id,
          senderName: r.sender_id === null ? '系统' : r.sender_name,
          createdAt: iso(r.created_at),
          completedAt: iso(r.completed_at),
          returned: r.returned,
          readAt: iso(r.read_at),
          onBehalfOfId: r.on_behalf_of_id,
          onBehalfOfName: r.on_behalf_of_name,
        })),
        total,
      };
    },

    /** The task with its item; `allowed` says what the caller may submit (empty unless the assignee). */
    async get(actor: SessionUser, taskId: string) {
      const { state, names, today, rules } = await runner.load(actor, await itemIdOf(taskId));
      const task = state.tasks.find((t) => t.id === taskId);
      if (!task) throw new AppError('not_found', TASK_NOT_FOUND);
      return {
        task: presentTask(
          task,
          state.flows.find((f) => f.id === task.flowId),
          names,
        ),
        item: {
          ...presentItemDetail(state, actor, names, today, rules),
          attachments: await attachments.list(state.item.id, names),
        },
        allowed: allowedActions(state, actor, task),
      };
    },

    /** For the access check before body validation: 404 unseen, 403 not the assignee. */
    async assertCanComplete(actor: SessionUser, taskId: string) {
      const { state } = await runner.load(actor, await itemIdOf(taskId));
      const task = state.tasks.find((t) => t.id === taskId);
      if (task && task.assigneeId !== actor.id) throw new AppError('forbidden', '只有该待办的办理人可以处理');
    },

    /** `session`: the request's session, to prove in the command's transaction (see provenWrite). */
    async complete(actor: SessionUser, taskId: string, input: CompleteRequest, session?: SessionProof) {
      const userIds = [
        ...(typeof input.delegateToId === 'string' ? [input.delegateToId] : []),
        ...(typeof input.headId === 'string' ? [input.headId] : []),
        ...(Array.isArray(input.assistHandlerIds)
          ? input.assistHandlerIds.filter((id) => typeof id === 'string')
          : []),
      ];
      // The task's item is found and locked by one statement.
      let evidence = 0;
      // 重新分派's resend names departments, which the domain checks against the existing ones.
      const { transition, names } = await runner.run(
        actor,
        { taskId },
        userIds,
        (state, context) => {
          const result = completeTask(state, actor, taskId, input, context);
          // 申请办结 with REQUIRE_CLOSE_EVIDENCE: after the flow's own checks (400 after 409).
          checkCloseEvidence(result.task.input, evidence, ctx.config.requireCloseEvidence);
          return result;
        },
        {
          departments: input.action === 'resend',
          session,
          prepare: async (tx) => {
            if (ctx.config.requireCloseEvidence) evidence = await countOfTask(tx, taskId);
          },
        },
      );
      return presentTaskTransition(transition, names);
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
