/**
 * Schemas of the item list (督办查询、督办列表). Its filters are shared with the ledger's export and
 * the summary (ledger.ts, summary.ts), so that a link's filters mean the same everywhere.
 */
import { type Static, Type } from 'typebox';
import {
  CloseKindSchema,
  HandlerRoleSchema,
  ItemStatusSchema,
  LightSchema,
  Nullable,
  Paging,
  Str,
} from './common';
import { Outcome } from './inputs';

const DateParam = (description: string) =>
  Type.Optional(Type.String({ format: 'date', description: `${description}（YYYY-MM-DD，含当日）` }));

/** Fields a list may be sorted by; `-field` sorts descending. Anything else is a 400 naming `sort`. */
export const SORT_FIELDS = [
  'number',
  'title',
  'source',
  'assignedAt',
  'dueAt',
  'promisedAt',
  'closedAt',
  'status',
  'createdAt',
  'updatedAt',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export const ItemFilterQuery = {
  status: Type.Optional(
    Type.Enum(['open', 'closed'], {
      description: '办理状态：open 未办结，closed 已关闭（已办结与已终止；要区分请用 closeKind）',
    }),
  ),
  closeKind: Type.Optional(
    Type.Enum(['completed', 'terminated'], {
      description: '办理结果：completed 已办结，terminated 已终止（结束而未办结）',
    }),
  ),
  outcome: Type.Optional(
    Type.Enum(['apply_close', 'not_done', 'assist', 'none'], {
      description: '事务办理（最近一次办理的结果）；none = 尚无',
    }),
  ),
  result: Type.Optional(
    Type.Enum(['apply_close', 'not_done', 'assist', 'none'], {
      description: 'outcome 的别名（v1）',
    }),
  ),
  extended: Type.Optional(Type.Boolean({ description: 'true：只看延期过的事项' })),
  notReportedThisMonth: Type.Optional(
    Type.Boolean({
      description: 'true：本月未反馈——办理中、登记流程在本月 1 日前结束、本月尚无主办反馈的事项',
    }),
  ),
  leadDepartmentId: Type.Optional(Type.String({ format: 'uuid', description: '承办（主办）单位' })),
  source: Type.Optional(Type.String({ maxLength: 100, description: '督办来源' })),
  overdue: Type.Optional(
    Type.Boolean({ description: 'true：只看逾期（未办结且已过办结时间）；false：排除逾期' }),
  ),
  assignedFrom: DateParam('交办时间起'),
  assignedTo: DateParam('交办时间止'),
  dueFrom: DateParam('办结时间起'),
  dueTo: DateParam('办结时间止'),
  q: Type.Optional(Type.String({ maxLength: 100, description: '关键字：编号、督办事项、督办内容' })),
};

export const ScopeParam = Type.Optional(
  Type.Enum(['department', 'all', 'registered'], {
    description:
      'department（默认）= 督办查询：本部门主办或协办、本人办理或经手的事项；all = 全部（领导、督办管理员、督办员）；' +
      'registered = 我登记的（督办人为本人）',
  }),
);

export const SortParam = Type.Optional(
  Type.Enum([...SORT_FIELDS, ...SORT_FIELDS.map((f) => `-${f}`)], {
    description: '排序字段，前加 - 为降序；默认 -assignedAt，同值按 id',
  }),
);

export const ItemListQuery = Type.Object({
  scope: ScopeParam,
  ...ItemFilterQuery,
  sort: SortParam,
  ...Paging,
});
export type ItemListQueryType = Static<typeof ItemListQuery>;

export const ItemListEntry = Type.Object({
  id: Str,
  number: Str,
  title: Str,
  source: Str,
  leadDepartmentId: Str,
  leadDepartmentName: Nullable(Str),
  assistDepartmentIds: Type.Array(Str),
  assignedAt: Str,
  dueAt: Str,
  status: ItemStatusSchema,
  result: Nullable(Outcome),
  promisedAt: Nullable(Str),
  closedAt: Nullable(Str),
  closeKind: Nullable(CloseKindSchema),
  originalDueAt: Str,
  extensionCount: Type.Integer(),
  extensionPending: Type.Boolean(),
  overdueDays: Type.Integer(),
  registrarId: Str,
  headId: Str,
  handlers: Type.Array(Type.Object({ userId: Str, name: Str, role: HandlerRoleSchema })),
  light: LightSchema,
  createdAt: Str,
  updatedAt: Str,
  /** 附件数 (spec §13). */
  attachmentCount: Type.Integer(),
});

export const ItemListAnswer = Type.Object({
  items: Type.Array(ItemListEntry),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export type ItemListEntryAnswer = Static<typeof ItemListEntry>;
export type ItemListAnswerType = Static<typeof ItemListAnswer>;
