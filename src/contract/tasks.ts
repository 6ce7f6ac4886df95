/** Schemas of the tasks API (待办/已办, 办理). */
import { type Static, Type } from 'typebox';
import {
  Created,
  DecisionSchema,
  FlowKindSchema,
  LightSchema,
  Nullable,
  Paging,
  PositionSchema,
  Str,
  TaskActionSchema,
  TaskKindSchema,
  TaskOutcomeSchema,
  TaskStateSchema,
} from './common';
import { InputFields, TaskInputSchema } from './inputs';
import { ItemDetail } from './items';

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
  kind: TaskKindSchema,
  level: Nullable(PositionSchema),
  itemId: Str,
  flowId: Str,
  flowKind: Nullable(FlowKindSchema),
  assigneeId: Str,
  assigneeName: Nullable(Str),
  senderId: Nullable(Str),
  senderName: Nullable(Str),
  state: TaskStateSchema,
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

/** What the caller may choose on a task (the form offers only these). */
export const Allowed = Type.Object({
  decisions: Type.Optional(Type.Array(DecisionSchema)),
  outcomes: Type.Optional(Type.Array(TaskOutcomeSchema)),
  actions: Type.Optional(Type.Array(TaskActionSchema)),
});

export const TaskListEntry = Type.Object({
  id: Str,
  kind: TaskKindSchema,
  state: Type.Union([Type.Literal('pending'), Type.Literal('done')]),
  itemId: Str,
  itemNumber: Str,
  itemTitle: Str,
  light: LightSchema,
  flowId: Str,
  flowKind: FlowKindSchema,
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

export const TaskListQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('done')])),
  pool: Type.Optional(
    Type.Literal('review', { description: '督办科待审核：同事名下尚未领取的审核（督办员）' }),
  ),
  ...Paging,
});
export const TaskListAnswer = Type.Object({ tasks: Type.Array(TaskListEntry), total: Type.Integer() });
export const TaskDetailAnswer = Type.Object({ task: TaskSchema, item: ItemDetail, allowed: Allowed });
export const CompleteAnswer = Type.Object({ task: TaskSchema, created: Created });

export type CompleteRequest = Static<typeof CompleteBody>;
export type TaskAnswer = Static<typeof TaskSchema>;
export type TaskInputAnswer = Static<typeof TaskInputSchema>;
export type CreatedAnswer = Static<typeof Created>;
export type AllowedAnswer = Static<typeof Allowed>;
export type TaskListEntryAnswer = Static<typeof TaskListEntry>;
export type TaskListRequest = Static<typeof TaskListQuery>;
export type TaskListAnswerType = Static<typeof TaskListAnswer>;
export type TaskDetailAnswerType = Static<typeof TaskDetailAnswer>;
export type CompleteAnswerType = Static<typeof CompleteAnswer>;
