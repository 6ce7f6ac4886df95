/**
 * Turns a template's rows into COPY text with holes (slots) for everything that differs between
 * stamped items: ids, the cast, instants, dates, number, title, content and source. Stamping an item
 * is then one pass over pre-split segments, fast enough for millions of rows.
 */
import { MARK, TEMPLATE_EPOCH, type TemplateResult } from './templates';

/** Tables written by the generator, with their COPY column lists. */
export const ITEM_TABLES = {
  items: [
    'id',
    'number',
    'title',
    'source',
    'lead_department_id',
    'assist_department_ids',
    'assigned_at',
    'due_at',
    'content',
    'head_id',
    'registrar_id',
    'status',
    'result',
    'promised_at',
    'closed_at',
    'close_kind',
    'original_due_at',
    'extension_count',
    'created_at',
    'updated_at',
  ],
  item_departments: ['item_id', 'department_id', 'role'],
  flows: [
    'id',
    'item_id',
    'kind',
    'status',
    'initiator_id',
    'parent_flow_id',
    'seq',
    'started_at',
    'ended_at',
  ],
  tasks: [
    'id',
    'flow_id',
    'item_id',
    'kind',
    'level',
    'assignee_id',
    'sender_id',
    'state',
    'version',
    'seq',
    'created_at',
    'completed_at',
    'input',
    'prefill',
    'returned',
  ],
  item_handlers: ['item_id', 'user_id', 'role', 'since'],
  notifications: ['id', 'user_id', 'kind', 'item_id', 'task_id', 'message', 'created_at', 'read_at'],
  audit_events: ['at', 'actor_id', 'action', 'item_id', 'ip', 'detail'],
} as const;

export type ItemTable = keyof typeof ITEM_TABLES;
export const ITEM_TABLE_NAMES = Object.keys(ITEM_TABLES) as ItemTable[];

/** One value in COPY text format. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return copyEscape(`{${value.join(',')}}`);
  if (typeof value === 'object') return copyEscape(JSON.stringify(value));
  return copyEscape(String(value));
}

export function copyEscape(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

export const copyLine = (values: readonly unknown[]) => `${values.map(copyValue).join('\t')}\n`;

// Slot codes: kind * SLOT_KIND + index.
const SLOT_KIND = 1_000_000;
const CAST = 0;
const ENTITY = 1;
const TIME = 2;
const DATE = 3;
const TEXT = 4;
const DATE_MARKS: readonly string[] = [MARK.assignedAt, MARK.dueAt, MARK.promisedAt];
const TEXT_MARKS: readonly string[] = [MARK.number, MARK.title, MARK.content, MARK.source];

const SLOT_PATTERN = new RegExp(
  [
    '([ce])0000000-0000-4000-8000-(\\d{12})',
    '(20[89]\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z)',
    `(${DATE_MARKS.join('|')})`,
    `(${TEXT_MARKS.join('|')})`,
  ].join('|'),
  'g',
);

/** Alternating literal text (even positions) and slot codes (odd positions). */
export type Segments = (string | number)[];

function compile(text: string): Segments {
  const segments: Segments = [];
  let last = 0;
  for (const m of text.matchAll(SLOT_PATTERN)) {
    segments.push(text.slice(last, m.index));
    if (m[1])
      segments.push((m[1] === 'c' ? CAST : ENTITY) * SLOT_KIND + Number(m[2]) - (m[1] === 'e' ? 1 : 0));
    else if (m[3]) {
      const minute = (Date.parse(m[3]) - TEMPLATE_EPOCH) / 60_000;
      if (!Number.isInteger(minute) || minute < 0)
        throw new Error(`unexpected instant ${m[3]} in a template`);
      segments.push(TIME * SLOT_KIND + minute);
    } else if (m[4]) segments.push(DATE * SLOT_KIND + DATE_MARKS.indexOf(m[4]));
    else if (m[5]) segments.push(TEXT * SLOT_KIND + TEXT_MARKS.indexOf(m[5]));
    last = (m.index ?? 0) + m[0].length;
  }
  segments.push(text.slice(last));
  return segments;
}

export interface CompiledTemplate {
  name: string;
  status: 'open' | 'closed';
  /** Commands run: time slots 1..commands. */
  commands: number;
  entities: number;
  rowCounts: Record<ItemTable, number>;
  segments: Record<ItemTable, Segments>;
}

/** The rows the command runner would have written for the template's item. */
function templateRows(result: TemplateResult, auditIp: string): Record<ItemTable, unknown[][]> {
  const { state } = result.script;
  const { item } = state;
  const tasksById = new Map(state.tasks.map((t) => [t.id, t]));
  const flowsById = new Map(state.flows.map((f) => [f.id, f]));
  const readAt = (taskId: string | null): Date | null => {
    if (taskId === null) return item.closedAt;
    const task = tasksById.get(taskId);
    if (!task || task.state === 'pending') return null;
    return task.completedAt ?? flowsById.get(task.flowId)?.endedAt ?? null;
  };
  return {
    items: [
      [
        item.id,
        item.number,
        item.title,
        item.source,
        item.leadDepartmentId,
        item.assistDepartmentIds,
        item.assignedAt,
        item.dueAt,
        item.content,
        item.headId,
        item.registrarId,
        item.status,
        item.result,
        item.promisedAt,
        item.closedAt,
        item.closeKind,
        item.originalDueAt,
        item.extensionCount,
        item.createdAt,
        item.updatedAt,
      ],
    ],
    // As saveTransition's departmentRows: the lead, then each assisting department.
    item_departments: [
      [item.id, item.leadDepartmentId, 'lead'],
      ...item.assistDepartmentIds
        .filter((id) => id !== item.leadDepartmentId)
        .map((id) => [item.id, id, 'assist']),
    ],
    flows: state.flows.map((f) => [
      f.id,
      f.itemId,
      f.kind,
      f.status,
      f.initiatorId,
      f.parentFlowId,
      f.seq,
      f.startedAt,
      f.endedAt,
    ]),
    tasks: state.tasks.map((t) => [
      t.id,
      t.flowId,
      t.itemId,
      t.kind,
      t.level,
      t.assigneeId,
      t.senderId,
      t.state,
      result.script.versions.get(t.id) ?? 1,
      t.seq,
      t.createdAt,
      t.completedAt,
      t.input,
      t.prefill,
      t.returned,
    ]),
    item_handlers: state.handlers.map((h) => [item.id, h.userId, h.role, h.since]),
    notifications: result.script.notifications.map((n) => [
      n.id,
      n.userId,
      n.kind,
      n.itemId,
      n.taskId,
      n.message,
      n.createdAt,
      readAt(n.taskId),
    ]),
    audit_events: result.script.audit.map((a) => [a.at, a.actorId, a.action, a.itemId, auditIp, a.detail]),
  };
}

export function compileTemplate(result: TemplateResult): CompiledTemplate {
  const rows = templateRows(result, '10.20.0.15');
  const segments = {} as Record<ItemTable, Segments>;
  const rowCounts = {} as Record<ItemTable, number>;
  for (const table of ITEM_TABLE_NAMES) {
    segments[table] = compile(rows[table].map(copyLine).join(''));
    rowCounts[table] = rows[table].length;
  }
  return {
    name: result.spec.name,
    status: result.status,
    commands: result.script.commands,
    entities: result.script.entityCount,
    rowCounts,
    segments,
  };
}

/** Per-item values of the slots. */
export interface StampValues {
  cast: readonly string[];
  entities: readonly string[];
  /** Index = template minute (1..commands). */
  times: readonly string[];
  /** assignedAt, dueAt, promisedAt. */
  dates: readonly string[];
  /** number, title, content, source (already COPY- and JSON-safe). */
  texts: readonly string[];
}

export function stamp(segments: Segments, v: StampValues): string {
  let out = segments[0] as string;
  for (let i = 1; i < segments.length; i += 2) {
    const code = segments[i] as number;
    const kind = Math.floor(code / SLOT_KIND);
    const index = code - kind * SLOT_KIND;
    const value =
      kind === ENTITY
        ? v.entities[index]
        : kind === CAST
          ? v.cast[index]
          : kind === TIME
            ? v.times[index]
            : kind === DATE
              ? v.dates[index]
              : v.texts[index];
    if (value === undefined) throw new Error(`no value for slot ${code}`);
    out += value + (segments[i + 1] as string);
  }
  return out;
}
