/**
 * §10 people change through the API: 领取, 转交, 收回 (each one command on the task's item, through
 * the command runner: one transaction with the item's row lock, audited, 409 once the task is no
 * longer pending), 委托 (absences), 离职交接 (all of a leaver's items in one transaction), the
 * 督办科待审核 pool, the tasks an admin must move, and 已读.
 */
import { AppError } from '../../../domain/errors';
import {
  type AbsenceInput,
  canHandOver,
  canMoveAnyTask,
  claimTask,
  endAbsence,
  handOver,
  handoverCounts,
  recordAbsence,
  transferTask,
  withdrawTask,
} from '../../../domain/people';
import { hasRole } from '../../../domain/permissions';
import type { CommandContext } from '../../../domain/types';
import { dateInZone } from '../../../platform/dates';
import { newId } from '../../../platform/ids';
import { loadItemStates, loadUserRefs } from '../../../platform/repository';
import type { AppContext } from '../../context';
import { isUuid } from '../../guards';
import type { SessionUser } from '../../session';
import { insertAuditEvents } from '../audit/repository';
import { type CommandRunner, TASK_NOT_FOUND } from '../items/commands';
import { presentCreated, presentTask, presentTaskTransition } from '../items/presenter';
import { findTaskItemId } from '../tasks/repository';
import {
  type AbsenceWithNames,
  findAbsenceForUpdate,
  insertAbsence,
  itemsOfLeaver,
  listAbsences,
  listPool,
  loadPeopleContext,
  lockUser,
  markTaskRead,
  type PoolRow,
  saveAbsenceEnd,
} from './repository';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function presentAbsence(a: AbsenceWithNames) {
  return {
    id: a.id,
    userId: a.userId,
    userName: a.userName,
    deputyId: a.deputyId,
    deputyName: a.deputyName,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    reason: a.reason,
    endedAt: iso(a.endedAt),
    cancelled: a.cancelled,
    createdAt: iso(a.createdAt),
  };
}

export function createPeopleService(ctx: AppContext, runner: CommandRunner) {
  const { db, clock, config } = ctx;
  const today = () => dateInZone(clock(), config.timeZone);

  async function itemIdOf(taskId: string): Promise<string> {
    const itemId = isUuid(taskId) ? await findTaskItemId(db, taskId) : undefined;
    if (!itemId) throw new AppError('not_found', TASK_NOT_FOUND);
    return itemId;
  }

  /** A plain command context (no item), for the absence rules. */
  async function plainContext(userIds: readonly string[]): Promise<CommandContext> {
    const now = clock();
    const users = await loadUserRefs(db, userIds);
    return { now, today: dateInZone(now, config.timeZone), newId, user: (id) => users.get(id) };
  }

  function presentPoolRow(r: PoolRow) {
    return {
      id: r.id,
      kind: r.kind,
      state: r.state,
      itemId: r.item_id,
      itemNumber: r.item_number,
      itemTitle: r.item_title,
      light: 'none' as const,
      flowId: r.flow_id,
      flowKind: r.flow_kind,
      senderId: r.sender_id,
      senderName: r.sender_id === null ? '系统' : r.sender_name,
      assigneeId: r.assignee_id,
      assigneeName: r.assignee_name,
      createdAt: iso(r.created_at),
      completedAt: null,
      returned: r.returned,
      readAt: iso(r.read_at),
      onBehalfOfId: r.on_behalf_of_id,
      onBehalfOfName: r.on_behalf_of_name,
    };
  }

  async function handOverAll(actor: SessionUser, userId: string, toUserId: string) {
    if (!canHandOver(actor)) throw new AppError('forbidden', '只有督办管理员或系统管理员可以离职交接');
    if (!isUuid(userId)) throw new AppError('not_found', '用户不存在');
    const refs = await loadUserRefs(db, [userId, toUserId]);
    if (!refs.get(userId)) throw new AppError('not_found', '用户不存在');
    const target = isUuid(toUserId) ? refs.get(toUserId) : undefined;
    if (!target) throw new AppError('validation', '接替人不存在', { toUserId: '接替人不存在' });
    if (target.disabled)
      throw new AppError('validation', `${target.name}已停用`, { toUserId: `${target.name}已停用` });
    if (toUserId === userId) {
      throw new AppError('validation', '接替人不能是离职人员本人', { toUserId: '接替人不能是离职人员本人' });
    }
    const itemIds = await itemsOfLeaver(db, userId);
    const results = await runner.runEach(
      actor,
      itemIds,
      [userId, toUserId],
      (state, context) => handOver(state, actor, userId, toUserId, context),
      (refused) => {
        const message = refused
          .map((r) => r.error.fields?.toUserId ?? `${r.number}：${r.error.message}`)
          .join('；');
        return new AppError('validation', `以下督办事项不能交给该接替人：${message}`, { toUserId: message });
      },
    );
    return {
      tasksTransferred: results.reduce((n, r) => n + r.tasksTransferred, 0),
      handlerEntriesReplaced: results.reduce((n, r) => n + r.handlerEntriesReplaced, 0),
      registrationsReplaced: results.filter((r) => r.registrarReplaced).length,
      items: results.filter((r) => r.audit.length > 0).length,
    };
  }

  return {
    /** For the access check before body validation: 404 unseen, 403 neither assignee nor admin. */
    async assertCanTransfer(actor: SessionUser, taskId: string) {
      const { state } = await runner.load(actor, await itemIdOf(taskId));
      const task = state.tasks.find((t) => t.id === taskId);
      if (task && task.assigneeId !== actor.id && !canMoveAnyTask(actor)) {
        throw new AppError('forbidden', '只有该待办的办理人或督办管理员可以转交');
      }
    },

    async claim(actor: SessionUser, taskId: string) {
      const { transition, names } = await runner.run(actor, { taskId }, [], (state, context) =>
        claimTask(state, actor, taskId, context),
      );
      const { task, state } = transition;
      return {
        task: presentTask(
          task,
          state.flows.find((f) => f.id === task.flowId),
          names,
        ),
      };
    },

    async transfer(actor: SessionUser, taskId: string, body: { toUserId?: unknown; reason?: unknown }) {
      const userIds = typeof body.toUserId === 'string' ? [body.toUserId] : [];
      const { transition, names } = await runner.run(actor, { taskId }, userIds, (state, context) =>
        transferTask(state, actor, taskId, body, context),
      );
      return presentTaskTransition(transition, names);
    },

    async withdraw(actor: SessionUser, taskId: string) {
      const { transition, names } = await runner.run(actor, { taskId }, [], (state, context) =>
        withdrawTask(state, actor, taskId, context),
      );
      return { created: presentCreated(transition.created, names) };
    },

    /** 督办科待审核 (supervisors) or 待转交 (stuck tasks of disabled users; admins). */
    async pool(actor: SessionUser, which: 'review' | 'stuck', page: number, pageSize: number) {
      if (which === 'review' && !hasRole(actor, 'supervisor')) {
        throw new AppError('forbidden', '只有督办员可以查看督办科待审核');
      }
      if (which === 'stuck' && !canMoveAnyTask(actor)) {
        throw new AppError('forbidden', '只有督办管理员可以查看待转交的待办');
      }
      const { rows, total } = await listPool(
        db,
        which === 'review' ? { pool: 'review', exceptUserId: actor.id } : { pool: 'stuck' },
        pageSize,
        (page - 1) * pageSize,
      );
      return { tasks: rows.map(presentPoolRow), total };
    },

    /** 已读: the assignee's first look at a pending task. */
    async markRead(actor: SessionUser, taskId: string) {
      if (isUuid(taskId)) await markTaskRead(db, taskId, actor.id, clock());
    },

    async recordAbsence(actor: SessionUser, body: Partial<AbsenceInput>) {
      const userId = typeof body.userId === 'string' && body.userId !== '' ? body.userId : actor.id;
      if (userId !== actor.id && !canHandOver(actor)) throw new AppError('forbidden', '只能为自己登记委托');
      if (!isUuid(userId)) throw new AppError('validation', '人员不存在', { userId: '人员不存在' });
      const ids = [
        userId,
        ...(typeof body.deputyId === 'string' && isUuid(body.deputyId) ? [body.deputyId] : []),
      ];
      const context = await plainContext(ids);
      const safeBody = {
        ...body,
        deputyId: typeof body.deputyId === 'string' && !isUuid(body.deputyId) ? 'unknown' : body.deputyId,
      };
      return db.transaction(async (tx) => {
        await lockUser(tx, userId);
        const existing = await listAbsences(tx, { userId });
        const { absence, audit } = recordAbsence({ ...safeBody, userId }, actor, existing, context);
        await insertAbsence(tx, absence);
        await insertAuditEvents(
          tx,
          audit.map((a) => ({
            at: context.now,
            actorId: actor.id,
            ip: actor.ip,
            action: a.action,
            detail: a.detail,
          })),
        );
        return presentAbsence({
          ...absence,
          userName: context.user(userId)?.name ?? null,
          deputyName: context.user(absence.deputyId)?.name ?? null,
        });
      });
    },

    async listAbsences(actor: SessionUser, query: { userId?: string; active?: boolean }) {
      const admin = canHandOver(actor);
      const userId = query.userId ?? (admin ? undefined : actor.id);
      if (userId !== undefined && userId !== actor.id && !admin) {
        throw new AppError('forbidden', '只能查看自己的委托');
      }
      if (userId !== undefined && !isUuid(userId)) return [];
      const rows = await listAbsences(db, { userId, ...(query.active ? { activeOn: today() } : {}) });
      return rows.map(presentAbsence);
    },

    async endAbsence(actor: SessionUser, id: string) {
      if (!isUuid(id)) throw new AppError('not_found', '委托不存在');
      const now = clock();
      await db.transaction(async (tx) => {
        const absence = await findAbsenceForUpdate(tx, id);
        if (!absence || (absence.userId !== actor.id && !canHandOver(actor))) {
          throw new AppError('not_found', '委托不存在');
        }
        const context: CommandContext = {
          now,
          today: dateInZone(now, config.timeZone),
          newId,
          user: () => undefined,
        };
        const { absence: next, audit } = endAbsence(absence, actor, context);
        await saveAbsenceEnd(tx, next);
        await insertAuditEvents(
          tx,
          audit.map((a) => ({
            at: now,
            actorId: actor.id,
            ip: actor.ip,
            action: a.action,
            detail: a.detail,
          })),
        );
      });
    },

    /** 离职交接 preview: what would move, per item. */
    async handoverPreview(actor: SessionUser, userId: string) {
      if (!canHandOver(actor)) throw new AppError('forbidden', '只有督办管理员或系统管理员可以离职交接');
      if (!isUuid(userId)) throw new AppError('not_found', '用户不存在');
      const itemIds = await itemsOfLeaver(db, userId);
      const states = await loadItemStates(db, itemIds);
      const items = [...states.values()]
        .map(({ state }) => ({
          itemId: state.item.id,
          number: state.item.number,
          title: state.item.title,
          status: state.item.status,
          ...handoverCounts(state, userId),
        }))
        .filter((i) => i.tasks > 0 || i.handler || i.registrar)
        .sort((a, b) => a.number.localeCompare(b.number));
      return {
        items,
        tasks: items.reduce((n, i) => n + i.tasks, 0),
        handlerEntries: items.filter((i) => i.handler).length,
        registrations: items.filter((i) => i.registrar).length,
      };
    },

    handOver: handOverAll,

    /**
     * Before a user is disabled (PATCH /api/users/:id {disabled: true}): with pending tasks or a
     * handler seat on an open item → 409 pending_work naming them, unless `handoverToId` names the
     * successor, who then takes everything over first (a registrar's open items too).
     */
    async beforeDisable(actor: SessionUser, userId: string, handoverToId: string | undefined) {
      if (handoverToId !== undefined) {
        await handOverAll(actor, userId, handoverToId);
        return;
      }
      const itemIds = await itemsOfLeaver(db, userId);
      if (itemIds.length === 0) return;
      const states = await loadItemStates(db, itemIds);
      const pending: string[] = [];
      const seats: string[] = [];
      const registrations: string[] = [];
      for (const { state } of states.values()) {
        const counts = handoverCounts(state, userId);
        if (counts.tasks > 0) pending.push(state.item.number);
        if (counts.handler) seats.push(state.item.number);
        if (counts.registrar) registrations.push(state.item.number);
      }
      if (pending.length === 0 && seats.length === 0 && registrations.length === 0) return;
      const message = [
        pending.length > 0 ? `尚有待办：${pending.sort().join('、')}` : '',
        seats.length > 0 ? `仍是办理人：${seats.sort().join('、')}` : '',
        registrations.length > 0 ? `仍是督办人：${registrations.sort().join('、')}` : '',
      ]
        .filter(Boolean)
        .join('；');
      throw new AppError('pending_work', `${message}。请先离职交接，或指定接替人（handoverToId）`, {
        disabled: message,
      });
    },

    /** Whether the users are supervisors (for the person picker's review targets). */
    async supervisors() {
      return (await loadPeopleContext(db, today())).supervisors;
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
