import type { ExtensionRequest, ItemPatchRequest, RegisterRequest } from '../../../contract/items';
import { AppError } from '../../../domain/errors';
import { requestExtension } from '../../../domain/extensions';
import { editItem, endItem, register, reopenItem, urgeItem } from '../../../domain/items';
import { canEdit, canRegister, canUrge } from '../../../domain/permissions';
import { newId } from '../../../platform/ids';
import type { AppContext } from '../../context';
import type { SessionUser } from '../../session';
import type { AttachmentsService } from '../attachments/service';
import { findAuditEvents } from '../audit/repository';
import { presentAuditEvents } from '../audit/service';
import type { CommandRunner } from './commands';
import { presentCreated, presentItemDetail, presentItemFields } from './presenter';
import { insertUrge, lastUrge, listUrges } from './urges';

/** 督办事项: registration, detail, ending, reopening, urging, the admin's edit and the item's trail. */
export function createItemsService(ctx: AppContext, runner: CommandRunner, attachments: AttachmentsService) {
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

    async register(actor: SessionUser, input: RegisterRequest) {
      const userIds = typeof input.headId === 'string' ? [input.headId] : [];
      const { transition, today, rules } = await runner.create(actor, userIds, (number, context) =>
        register(input, actor, number, context),
      );
      return presentItemFields(transition.state.item, today, rules);
    },

    async get(actor: SessionUser, itemId: string) {
      const { state, names, today, rules } = await runner.load(actor, itemId);
      return {
        ...presentItemDetail(state, actor, names, today, rules),
        urges: await listUrges(ctx.db, itemId),
        attachments: await attachments.list(itemId, names),
      };
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

    /**
     * 催办: the last urge is read under the item's lock, so of two urges a moment apart the second
     * sees the first and gets 429; the urge is logged (item_urges) in the same transaction.
     */
    async urge(actor: SessionUser, itemId: string, message: string | undefined) {
      let lastUrgedAt: Date | null = null;
      const minIntervalMinutes = ctx.config.deadlines.urgeMinIntervalMinutes;
      const { transition } = await runner.run(
        actor,
        { itemId },
        [],
        (state, context) => urgeItem(state, actor, message, context, { lastUrgedAt, minIntervalMinutes }),
        {
          prepare: async (tx, state) => {
            lastUrgedAt = await lastUrge(tx, state.item.id);
          },
          after: (tx, t, now) =>
            insertUrge(tx, {
              id: newId(),
              itemId,
              at: now,
              byId: actor.id,
              message: t.message,
              recipientIds: t.recipients,
            }),
        },
      );
      return { notified: transition.notified };
    },

    /** For the access check before body validation (403 before 400). */
    assertCanUrge(actor: SessionUser) {
      if (!canUrge(actor)) throw new AppError('forbidden', '只有督办员、督办管理员和领导可以催办');
    },

    /**
     * 批量催办: each item on its own (its own lock, interval and answer); a refusal of one item does not
     * stop the others. The caller must be allowed to urge at all (403 for the whole request).
     */
    async urgeMany(actor: SessionUser, itemIds: readonly string[], message: string | undefined) {
      if (!canUrge(actor)) throw new AppError('forbidden', '只有督办员、督办管理员和领导可以催办');
      const results: {
        itemId: string;
        status: 'urged' | 'too_soon' | 'closed' | 'not_found';
        notified?: number;
        retryAfter?: string;
      }[] = [];
      for (const itemId of [...new Set(itemIds)]) {
        try {
          const { notified } = await this.urge(actor, itemId, message);
          results.push({ itemId, status: 'urged', notified });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'rate_limited') {
            const retryAfter = error.detail?.retryAfter;
            results.push({
              itemId,
              status: 'too_soon',
              ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
            });
          } else if (error.code === 'conflict') results.push({ itemId, status: 'closed' });
          else if (error.code === 'not_found') results.push({ itemId, status: 'not_found' });
          else throw error;
        }
      }
      return { results };
    },

    /** The item's urge log (催办记录), newest first, with names. */
    async urges(itemId: string) {
      return listUrges(ctx.db, itemId);
    },

    async edit(actor: SessionUser, itemId: string, patch: ItemPatchRequest) {
      const userIds = Array.isArray(patch.handlers)
        ? patch.handlers.map((h) => h?.userId).filter((id): id is string => typeof id === 'string')
        : [];
      // §10: successors of removed handlers are looked up too.
      if (patch.handlerSuccessors && typeof patch.handlerSuccessors === 'object') {
        for (const id of Object.values(patch.handlerSuccessors)) if (typeof id === 'string') userIds.push(id);
      }
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
    async requestExtension(actor: SessionUser, itemId: string, input: ExtensionRequest) {
      const { transition, names } = await runner.run(actor, { itemId }, [], (state, context) =>
        requestExtension(state, actor, input, context),
      );
      return { flowId: transition.flowId, created: presentCreated(transition.created, names) };
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
