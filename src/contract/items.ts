/**
 * Schemas of the items API (督办事项): registering, the detail, the admin's edit, extensions, urges.
 * Request bodies check types only: which fields are required depends on the input, and the domain
 * names every missing one at once (with the contract's order of errors), so a schema `required`
 * list would report only part of them.
 */
import { type Static, Type } from 'typebox';
import { AttachmentSchema } from './attachments';
import {
  Created,
  FlowKindSchema,
  FlowStatusSchema,
  HandlerRoleSchema,
  LightSchema,
  Nullable,
  PositionSchema,
  Str,
  TaskKindSchema,
} from './common';
import { InputFields, Outcome } from './inputs';

const Text = (description: string) => Type.String({ description });
const DateStr = (description: string) => Type.String({ description: `${description}（YYYY-MM-DD）` });
const Ids = (description: string) => Type.Array(Type.String(), { description });

// Request schemas keep their own literal unions (the domain's messages name a bad value, not the schema's).
export const HandlerRole = Type.Union([
  Type.Literal('head'),
  Type.Literal('deputy'),
  Type.Literal('staff'),
  Type.Literal('assist'),
]);

// Optional in the schema, required by the domain: see the module comment.
export const RegisterBody = Type.Object(
  {
    title: Type.Optional(Text('督办事项（必填，≤ 200 字）')),
    source: Type.Optional(Text('督办来源（必填）')),
    leadDepartmentId: Type.Optional(Text('承办（主办）单位（必填）')),
    assistDepartmentIds: Type.Optional(Ids('协办单位')),
    assignedAt: Type.Optional(DateStr('交办时间（必填）')),
    dueAt: Type.Optional(DateStr('办结时间（必填，不早于交办时间）')),
    content: Type.Optional(Text('督办内容及要求（必填）')),
    headId: Type.Optional(Text('主办单位部处负责人（发送时选择，必填）')),
  },
  { description: '新建督办。缺少或有误的字段在 400 错误的 fields 中一次全部列出。' },
);

/** The basic fields (基本信息) shown wherever an item is picked or listed. */
export const BasicFields = {
  id: Str,
  number: Str,
  title: Str,
  source: Str,
  leadDepartmentId: Str,
  assistDepartmentIds: Type.Array(Str),
  assignedAt: Str,
  dueAt: Str,
  content: Str,
};

export const ItemFields = {
  ...BasicFields,
  headId: Str,
  registrarId: Str,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  result: Nullable(Outcome),
  promisedAt: Nullable(Str),
  closedAt: Nullable(Str),
  /** 办结 (completed) or 终止 (terminated, 结束); null while open. */
  closeKind: Nullable(Type.Union([Type.Literal('completed'), Type.Literal('terminated')])),
  originalDueAt: Str,
  extensionCount: Type.Integer(),
  /** 延期审批中: an extension request is pending. */
  extensionPending: Type.Boolean(),
  /** Working days past the effective due date (0 when not overdue). */
  overdueDays: Type.Integer(),
  createdAt: Nullable(Str),
  updatedAt: Nullable(Str),
  light: LightSchema,
};
export const ItemSummary = Type.Object(ItemFields);

export const Step = Type.Object({
  taskId: Str,
  kind: TaskKindSchema,
  level: Nullable(PositionSchema),
  assigneeId: Str,
  assigneeName: Nullable(Str),
  /** 已停用: the assignee was disabled (a directory sync may do it); the task waits for 转交. */
  assigneeDisabled: Type.Optional(Type.Boolean()),
  senderId: Nullable(Str),
  senderName: Nullable(Str),
  state: Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('cancelled')]),
  returned: Type.Boolean(),
  onBehalfOfId: Nullable(Str),
  onBehalfOfName: Nullable(Str),
  transferredToId: Nullable(Str),
  transferredToName: Nullable(Str),
  readAt: Nullable(Str),
  canWithdraw: Type.Boolean({ description: '当前用户可收回此待办（其向下办理人，§10）' }),
  createdAt: Nullable(Str),
  completedAt: Nullable(Str),
  action: Type.Optional(Str),
  ...InputFields,
  /** Names of the people a done step chose (向下办理人员, 部处负责人, 协办单位办理人). */
  delegateToName: Type.Optional(Nullable(Str)),
  headName: Type.Optional(Nullable(Str)),
  assistHandlerNames: Type.Optional(Type.Array(Nullable(Str))),
});

export const FlowSchema = Type.Object({
  id: Str,
  kind: FlowKindSchema,
  status: FlowStatusSchema,
  initiatorId: Nullable(Str),
  initiatorName: Nullable(Str),
  parentFlowId: Nullable(Str),
  startedAt: Nullable(Str),
  endedAt: Nullable(Str),
  steps: Type.Array(Step),
});

export const ItemPermissionsSchema = Type.Object({
  close: Type.Boolean(),
  reopen: Type.Boolean(),
  urge: Type.Boolean(),
  edit: Type.Boolean(),
  reportLead: Type.Boolean(),
  reportAssist: Type.Boolean(),
  extend: Type.Boolean(),
});

export const UrgeEntry = Type.Object({
  at: Str,
  byId: Str,
  byName: Nullable(Str),
  message: Nullable(Str),
  recipientIds: Type.Array(Str),
  recipientNames: Type.Array(Str),
});

export const ItemDetail = Type.Object({
  ...ItemFields,
  /** 催办记录, newest first (GET /api/items/:id only). */
  urges: Type.Optional(Type.Array(UrgeEntry)),
  registrarName: Nullable(Str),
  handlers: Type.Array(
    Type.Object({
      userId: Str,
      name: Nullable(Str),
      /** The handler's department (办理人员's 单位), so that no client needs the directory. */
      departmentId: Type.Optional(Nullable(Str)),
      role: HandlerRoleSchema,
      since: Nullable(Str),
    }),
  ),
  flows: Type.Array(FlowSchema),
  permissions: ItemPermissionsSchema,
  /** 附件 of the item and of its steps (spec §13). */
  attachments: Type.Optional(Type.Array(AttachmentSchema)),
});

export const ItemPatchBody = Type.Object(
  {
    handlers: Type.Optional(
      Type.Array(Type.Object({ userId: Str, role: HandlerRole }), { description: '办理人（整体替换）' }),
    ),
    handlerSuccessors: Type.Optional(
      Type.Record(Str, Str, { description: '被移除且尚有待办的办理人 → 接替人（其待办转交给接替人）' }),
    ),
    result: Type.Optional(Nullable(Outcome)),
    title: Type.Optional(Str),
    source: Type.Optional(Str),
    leadDepartmentId: Type.Optional(Str),
    assistDepartmentIds: Type.Optional(Type.Array(Str)),
    assignedAt: Type.Optional(Str),
    dueAt: Type.Optional(Str),
    content: Type.Optional(Str),
    promisedAt: Type.Optional(Nullable(Str)),
    status: Type.Optional(
      Type.String({
        description: '办理结果：completed 已办结（办结并关闭），open 未办结（重新打开）；须填 remark',
      }),
    ),
    remark: Type.Optional(Text('备注（修改办理结果时必填）')),
    outcome: Type.Optional(Nullable(Outcome)),
  },
  {
    description:
      '督办管理员修改：只修改给出的字段，每项修改记入历史。未知字段（含 id、number、registrarId、closeKind 等只读字段）返回 400。',
  },
);

export const ExtensionBody = Type.Object(
  {
    newDueAt: Type.Optional(DateStr('申请延期至（必填，晚于当前办结时间）')),
    reason: Type.Optional(Text('延期理由（必填）')),
    progress: Type.Optional(Text('目前进展（必填）')),
  },
  { description: '延期申请。缺少或有误的字段在 400 错误的 fields 中一次全部列出。' },
);

export const RemarkBody = Type.Object({ remark: Type.Optional(Text('备注')) });
export const UrgeBody = Type.Object({ message: Type.Optional(Text('催办内容')) });
export const BatchUrgeBody = Type.Object({
  itemIds: Type.Array(Type.String(), { minItems: 1, maxItems: 500, description: '要催办的事项' }),
  message: Type.Optional(Text('催办内容')),
});
export const BatchUrgeAnswer = Type.Object({
  results: Type.Array(
    Type.Object({
      itemId: Str,
      status: Type.Union([
        Type.Literal('urged'),
        Type.Literal('too_soon'),
        Type.Literal('closed'),
        Type.Literal('not_found'),
      ]),
      notified: Type.Optional(Type.Integer()),
      retryAfter: Type.Optional(Str),
    }),
  ),
});

export const HistoryEntry = Type.Object({
  id: Str,
  at: Str,
  actorId: Nullable(Str),
  actorName: Nullable(Str),
  action: Str,
  detail: Type.Record(Str, Type.Unknown()),
});

export const ItemHistoryAnswer = Type.Array(HistoryEntry);
export const UrgeAnswer = Type.Object({ notified: Type.Integer() });
/** A command that starts a flow (延期申请): the flow and the tasks it created. */
export const ExtensionAnswer = Type.Object({
  flowId: Str,
  created: Created,
});

export type RegisterRequest = Static<typeof RegisterBody>;
export type ItemPatchRequest = Static<typeof ItemPatchBody>;
export type ExtensionRequest = Static<typeof ExtensionBody>;
export type RemarkRequest = Static<typeof RemarkBody>;
export type UrgeRequest = Static<typeof UrgeBody>;
export type BatchUrgeRequest = Static<typeof BatchUrgeBody>;
export type ExtensionAnswerType = Static<typeof ExtensionAnswer>;
export type BatchUrgeAnswerType = Static<typeof BatchUrgeAnswer>;
export type ItemSummaryAnswer = Static<typeof ItemSummary>;
export type ItemDetailAnswer = Static<typeof ItemDetail>;
export type FlowAnswer = Static<typeof FlowSchema>;
export type StepAnswer = Static<typeof Step>;
export type ItemPermissionsAnswer = Static<typeof ItemPermissionsSchema>;
export type UrgeAnswer = Static<typeof UrgeEntry>;
export type HistoryEntryAnswer = Static<typeof HistoryEntry>;
