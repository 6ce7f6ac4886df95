/**
 * Schemas of the workflow API. Request bodies check types only: which fields are required depends
 * on the chosen decision and outcome, and the domain names every missing one at once (with the
 * contract's order of errors), so a schema `required` list would report only part of them.
 */
import { type TSchema, Type } from 'typebox';
import { AttachmentSchema } from '../attachments/schemas';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Str = Type.String();
const Text = (description: string) => Type.String({ description });
const DateStr = (description: string) => Type.String({ description: `${description}（YYYY-MM-DD）` });
const Ids = (description: string) => Type.Array(Type.String(), { description });

export const Outcome = Type.Union([
  Type.Literal('apply_close'),
  Type.Literal('not_done'),
  Type.Literal('assist'),
]);
export const LightSchema = Type.Union([
  Type.Literal('red'),
  Type.Literal('yellow'),
  Type.Literal('green'),
  Type.Literal('none'),
]);
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
const BasicFields = {
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

/** A task's outcome: a handling result, or 拒签 of a system 协办反馈 (spec §13). */
const TaskOutcome = Type.Union([...Outcome.anyOf, Type.Literal('refuse')]);

const InputFields = {
  newDueAt: Type.Optional(Str),
  progress: Type.Optional(Str),
  approvedDueAt: Type.Optional(Str),
  decision: Type.Optional(
    Type.Union([Type.Literal('self'), Type.Literal('delegate'), Type.Literal('refuse')], {
      description: '自办 / 向下办理 / 拒签（仅督办登记流程的负责人层级，须填 reason）',
    }),
  ),
  delegateToId: Type.Optional(Str),
  promisedAt: Type.Optional(Str),
  outcome: Type.Optional(TaskOutcome),
  implementation: Type.Optional(Str),
  reason: Type.Optional(Str),
  measures: Type.Optional(Str),
  assistHandlerIds: Type.Optional(Type.Array(Str)),
  opinion: Type.Optional(Str),
  // 重新分派 (redispatch): action resend with the new lead department and head, or end with a remark.
  leadDepartmentId: Type.Optional(Str),
  headId: Type.Optional(Str),
  assistDepartmentIds: Type.Optional(Type.Array(Str)),
  remark: Type.Optional(Str),
};

const TaskInputSchema = Type.Object({ ...InputFields, action: Type.Optional(Str) });

export const Step = Type.Object({
  taskId: Str,
  kind: Str,
  level: Nullable(Str),
  assigneeId: Str,
  assigneeName: Nullable(Str),
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
});

export const FlowSchema = Type.Object({
  id: Str,
  kind: Type.Union([
    Type.Literal('registration'),
    Type.Literal('lead_report'),
    Type.Literal('assist_report'),
    Type.Literal('extension'),
    Type.Literal('redispatch'),
  ]),
  status: Type.Union([
    Type.Literal('active'),
    Type.Literal('completed'),
    Type.Literal('cancelled'),
    Type.Literal('refused'),
  ]),
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
    Type.Object({ userId: Str, name: Nullable(Str), role: HandlerRole, since: Nullable(Str) }),
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

export const CompleteBody = Type.Object(
  { ...InputFields, action: Type.Optional(Str) },
  {
    description:
      'handle: decision, delegateToId, promisedAt, outcome 及其字段, opinion（负责人层级可 decision=refuse 拒签，须填 reason）；' +
      'approve: action approve|return, opinion；review: action acknowledge|close, opinion；' +
      'assist_report: outcome apply_close|not_done 及其字段, opinion（系统发起的可 outcome=refuse 拒签，须填 reason）；acknowledge: opinion；' +
      'redispatch: action resend + leadDepartmentId, headId, assistDepartmentIds? | action end + remark',
  },
);

export const TaskSchema = Type.Object({
  id: Str,
  kind: Str,
  level: Nullable(Str),
  itemId: Str,
  flowId: Str,
  flowKind: Nullable(Str),
  assigneeId: Str,
  assigneeName: Nullable(Str),
  senderId: Nullable(Str),
  senderName: Nullable(Str),
  state: Str,
  returned: Type.Boolean(),
  onBehalfOfId: Nullable(Str),
  onBehalfOfName: Nullable(Str),
  transferredToId: Nullable(Str),
  transferredToName: Nullable(Str),
  readAt: Nullable(Str),
  createdAt: Nullable(Str),
  completedAt: Nullable(Str),
  input: Nullable(TaskInputSchema),
  prefill: Nullable(TaskInputSchema),
});

export const Created = Type.Array(Type.Object({ id: Str, kind: Str, assigneeId: Str }));

export const Allowed = Type.Object({
  decisions: Type.Optional(Type.Array(Str)),
  outcomes: Type.Optional(Type.Array(Str)),
  actions: Type.Optional(Type.Array(Str)),
});

export const TaskListEntry = Type.Object({
  id: Str,
  kind: Str,
  state: Type.Union([Type.Literal('pending'), Type.Literal('done')]),
  itemId: Str,
  itemNumber: Str,
  itemTitle: Str,
  light: LightSchema,
  flowId: Str,
  flowKind: Str,
  senderId: Nullable(Str),
  senderName: Nullable(Str),
  createdAt: Nullable(Str),
  completedAt: Nullable(Str),
  returned: Type.Boolean(),
  readAt: Type.Optional(Nullable(Str)),
  onBehalfOfId: Type.Optional(Nullable(Str)),
  onBehalfOfName: Type.Optional(Nullable(Str)),
  /** 督办科待审核 and 待转交 rows: who holds the task now. */
  assigneeId: Type.Optional(Str),
  assigneeName: Type.Optional(Nullable(Str)),
});

export const ReportBody = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('lead'), Type.Literal('assist')])),
    ...InputFields,
    attachmentIds: Type.Optional(
      Type.Array(Str, { description: '本人已上传到本事项、尚未属于其他办理的附件（先上传，再反馈）' }),
    ),
  },
  { description: '主办反馈（kind=lead）或协办反馈（kind=assist）' },
);

export const EligibleItem = Type.Object({
  ...BasicFields,
  status: ItemFields.status,
  result: ItemFields.result,
  promisedAt: ItemFields.promisedAt,
  handlerRole: Str,
  light: LightSchema,
  /** The caller's own last report on the item (outcome and its fields), to start the form from; null if none. */
  lastReport: Nullable(
    Type.Object({
      outcome: Outcome,
      implementation: Type.Optional(Str),
      reason: Type.Optional(Str),
      measures: Type.Optional(Str),
      assistHandlerIds: Type.Optional(Type.Array(Str)),
      promisedAt: Type.Optional(Str),
    }),
  ),
});

export const NotificationSchema = Type.Object({
  id: Str,
  kind: Type.Union([
    Type.Literal('task'),
    Type.Literal('returned'),
    Type.Literal('urge'),
    Type.Literal('monthly'),
    Type.Literal('due'),
    Type.Literal('overdue'),
    Type.Literal('escalated'),
    Type.Literal('extension_approved'),
    Type.Literal('extension_rejected'),
    // §10 people change
    Type.Literal('transferred'),
    Type.Literal('cancelled'),
    Type.Literal('completed'),
    Type.Literal('terminated'),
    Type.Literal('reopened'),
    Type.Literal('handler_added'),
    Type.Literal('handler_removed'),
    // §13 拒签
    Type.Literal('refused'),
  ]),
  itemId: Nullable(Str),
  taskId: Nullable(Str),
  message: Str,
  createdAt: Str,
  readAt: Nullable(Str),
});
