import { AppError } from '../../../domain/errors';
import { requestExtension } from '../../../domain/extensions';
import { editItem, endItem, register, reopenItem, urgeItem } from '../../../domain/items';
import { canEdit, canRegister } from '../../../domain/permissions';
import type { ExtensionInput, ItemPatch, RegisterInput } from '../../../domain/types';
import type { AppContext } from '../../context';
import type { SessionUser } from '../../session';
import { findAuditEvents } from '../audit/repository';
import { presentAuditEvents } from '../audit/service';
import type { CommandRunner } from './commands';
import { presentCreated, presentItemDetail, presentItemFields } from './presenter';

/** 督办事项: registration, detail, ending, reopening, urging, the admin's edit and the item's trail. */
export function createItemsService(ctx: AppContext, runner: CommandRunner) {
  return {
    /** For the access check before body validation (contract: 403 before 400). */
    assertCanRegister(actor: SessionUser) {
      if (!canRegister(actor)) throw new AppError('forbidden', '只有督办员可以新建督办');
    },

    /** Before a body error of the admin's edit: 404 unseen, then 403 not an admin. */
    async assertCanEdit(actor: SessionUser, itemId: string) {
      await runner.load(actor, itemId);
      if (!canEdit(actor)) throw new AppError('forbidden', '只有督办管理员可以修改督办事项');
    },

    async register(actor: SessionUser, input: RegisterInput) {
      const userIds = typeof input.headId === 'string' ? [input.headId] : [];
      const { transition, today, rules } = await runner.create(actor, userIds, (number, context) =>
        register(input, actor, number, context),
      );
      return presentItemFields(transition.state.item, today, rules);
    },

    async get(actor: SessionUser, itemId: string) {
      const { state, names, today, rules } = await runner.load(actor, itemId);
      return presentItemDetail(state, actor, names, today, rules);
    },

    async close(actor: SessionUser, itemId: string, remark: string | undefined) {
      const { transition, names, today, rules } = await runner.run(actor, { itemId }, [], (state, context) =>
        endItem(state, actor, remark, context),
      );
      return presentItemDetail(transition.state, actor, names, today, rules);
    },

    async reopen(actor: SessionUser, itemId: string, remark: string) {
      const { transition, names, today, rules } = await runner.run(actor, { itemId }, [], (state, context) =>
        reopenItem(state, actor, remark, context),
      );
      return presentItemDetail(transition.state, actor, names, today, rules);
    },

    async urge(actor: SessionUser, itemId: string, message: string | undefined) {
      const { transition } = await runner.run(actor, { itemId }, [], (state, context) =>
        urgeItem(state, actor, message, context),
      );
      return { notified: transition.notified };
    },

    async edit(actor: SessionUser, itemId: string, patch: ItemPatch) {
      const userIds = Array.isArray(patch.handlers)
        ? patch.handlers.map((h) => h?.userId).filter((id): id is string => typeof id === 'string')
        : [];
      const { transition, names, today, rules } = await runner.run(
        actor,
        { itemId },
        userIds,
        (state, context) => editItem(state, actor, patch, context),
        { departments: true },
      );
      return presentItemDetail(transition.state, actor, names, today, rules);
    },

    /** For the access check before body validation: 404 unseen, then 403 unless a lead handler. */
    async assertCanRequestExtension(actor: SessionUser, itemId: string) {
      const { state } = await runner.load(actor, itemId);
      const handler = state.handlers.find((h) => h.userId === actor.id);
      if (!handler || handler.role === 'assist') {
        throw new AppError('forbidden', '只有主办单位的办理人可以申请延期');
      }
    },

    /** 延期申请 (POST /api/items/:id/extensions): one transaction with the item's row lock. */
    async requestExtension(actor: SessionUser, itemId: string, input: ExtensionInput) {
      const { transition } = await runner.run(actor, { itemId }, [], (state, context) =>
        requestExtension(state, actor, input, context),
      );
      return { flowId: transition.flowId, created: presentCreated(transition.created) };
    },

    /** The item's trail (audit events about it), oldest first, with who did each (one name query). */
    async history(actor: SessionUser, itemId: string) {
      await runner.load(actor, itemId);
      const { rows } = await findAuditEvents(ctx.db, { itemId }, 10_000, 0);
      // The item's trail shows who did what; addresses stay in the auditors' log.
      return (await presentAuditEvents(ctx.db, rows.reverse())).map(
        ({ ip: _ip, itemId: _itemId, ...entry }) => entry,
      );
    },
  };
}

export type ItemsService = ReturnType<typeof createItemsService>;
