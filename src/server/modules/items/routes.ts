import { Type } from 'typebox';
import { IdParams, pageOf } from '../../../contract/common';
import { ItemListAnswer, ItemListQuery } from '../../../contract/item-list';
import {
  BatchUrgeAnswer,
  BatchUrgeBody,
  ExtensionAnswer,
  ExtensionBody,
  ItemDetail,
  ItemHistoryAnswer,
  ItemPatchBody,
  ItemSummary,
  RegisterBody,
  RemarkBody,
  UrgeAnswer,
  UrgeBody,
} from '../../../contract/items';
import { actorOf, rawField, rawId } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import { assertScope, type ItemListService } from './list';
import type { ItemsService } from './service';

export function itemRoutes(app: AppInstance, items: ItemsService, itemList: ItemListService) {
  app.get(
    '/api/items',
    {
      // The scope as sent: the access check runs before the query's validation error is reported.
      config: { access: (request) => assertScope(actorOf(request), rawField(request.query, 'scope')) },
      schema: {
        tags: ['items'],
        summary: '督办事项列表：督办查询（scope=department）或全部（scope=all），筛选、排序、分页',
        querystring: ItemListQuery,
        response: { 200: ItemListAnswer },
      },
    },
    (request) => {
      const { page, pageSize } = pageOf(request.query);
      return itemList.list(actorOf(request), request.query, page, pageSize);
    },
  );

  app.post(
    '/api/items',
    {
      config: { access: (request) => items.assertCanRegister(actorOf(request)) },
      schema: {
        tags: ['items'],
        summary: '新建督办（督办员）',
        body: RegisterBody,
        response: { 201: ItemSummary },
      },
    },
    async (request, reply) => reply.status(201).send(await items.register(actorOf(request), request.body)),
  );

  app.get(
    '/api/items/:id',
    {
      schema: {
        tags: ['items'],
        summary: '督办详情（穿透查看）：基本信息、办理人、全部流程及每一步',
        params: IdParams,
        response: { 200: ItemDetail },
      },
    },
    (request) => items.get(actorOf(request), request.params.id),
  );

  app.patch(
    '/api/items/:id',
    {
      config: {
        access: (request) => items.assertCanEdit(actorOf(request), rawId(request)),
      },
      schema: {
        tags: ['items'],
        summary: '修改督办事项（督办管理员）：办理人、办理结果、基本信息',
        params: IdParams,
        body: ItemPatchBody,
        response: { 200: ItemDetail },
      },
    },
    (request) => items.edit(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/items/:id/close',
    {
      schema: {
        tags: ['items'],
        summary: '结束督办（督办员、督办管理员）',
        params: IdParams,
        body: Type.Optional(RemarkBody),
        response: { 200: ItemDetail },
      },
    },
    (request) => items.close(actorOf(request), request.params.id, request.body?.remark),
  );

  app.post(
    '/api/items/:id/reopen',
    {
      schema: {
        tags: ['items'],
        summary: '重新打开（督办管理员，须填备注）',
        params: IdParams,
        body: Type.Optional(RemarkBody),
        response: { 200: ItemDetail },
      },
    },
    (request) => items.reopen(actorOf(request), request.params.id, request.body?.remark ?? ''),
  );

  app.post(
    '/api/items/:id/urge',
    {
      schema: {
        tags: ['items'],
        summary:
          '催办（督办员、督办管理员、领导）；间隔不足 URGE_MIN_INTERVAL_MINUTES 时 429，error.detail.retryAfter',
        params: IdParams,
        body: Type.Optional(UrgeBody),
        response: { 200: UrgeAnswer },
      },
    },
    (request) => items.urge(actorOf(request), request.params.id, request.body?.message),
  );

  app.post(
    '/api/items/:id/extensions',
    {
      config: {
        access: (request) => items.assertCanRequestExtension(actorOf(request), rawId(request)),
      },
      schema: {
        tags: ['items'],
        summary: '延期申请（主办单位办理人）：申请延期至、延期理由、目前进展',
        params: IdParams,
        body: ExtensionBody,
        response: { 201: ExtensionAnswer },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await items.requestExtension(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/items/urge',
    {
      config: { access: (request) => items.assertCanUrge(actorOf(request)) },
      schema: {
        tags: ['items'],
        summary: '批量催办（督办员、督办管理员、领导）：逐项回答 urged / too_soon / closed / not_found',
        body: BatchUrgeBody,
        response: { 200: BatchUrgeAnswer },
      },
    },
    (request) => items.urgeMany(actorOf(request), request.body.itemIds, request.body.message),
  );

  app.get(
    '/api/items/:id/history',
    {
      schema: {
        tags: ['items'],
        summary: '督办事项的修改与操作记录',
        params: IdParams,
        response: { 200: ItemHistoryAnswer },
      },
    },
    (request) => items.history(actorOf(request), request.params.id),
  );
}
