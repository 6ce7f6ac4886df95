/**
 * Item templates: each one is a short script of real domain commands (src/domain: register,
 * completeTask, fileReport, urgeItem, endItem) run in memory on a cast of placeholder users, with a
 * deterministic clock and id source, exactly as the command runner would run them. The result (the
 * item's aggregate plus the notification and audit rows the runner would write) is then stamped out
 * many times with fresh ids, real users, dates and texts (see stamp.ts), so every generated row is
 * one the application itself could have produced.
 */
import { completeTask, endItem, fileReport, register, urgeItem } from '../../src/domain';
import { localDate } from '../../src/domain/dates';
import type {
  Actor,
  CommandContext,
  ItemState,
  NotificationKind,
  ReportInput,
  Task,
  TaskInput,
  TaskKind,
  Transition,
  UserRef,
} from '../../src/domain/types';

/** Origin of the template clock; every command is one minute after the previous one. */
export const TEMPLATE_EPOCH = Date.UTC(2080, 5, 1, 1, 0, 0);

/** Marker values replaced per stamped item. */
export const MARK = {
  assignedAt: '2090-01-01',
  dueAt: '2091-01-01',
  promisedAt: '2092-01-01',
  number: 'DB-2080-0001',
  title: 'BENCHTITLE',
  content: 'BENCHCONTENT',
  source: 'BENCHSOURCE',
} as const;

/** The cast: users of an item's story, and their departments. */
export const CAST_USERS = ['SUP', 'ADM', 'H', 'D', 'S', 'S2', 'A1', 'A2'] as const;
export const CAST_DEPARTMENTS = ['OFFICE', 'LEAD', 'X1', 'X2'] as const;
export type CastUser = (typeof CAST_USERS)[number];
export type CastDepartment = (typeof CAST_DEPARTMENTS)[number];
/** Slot numbers of the cast: users first, then departments. */
export const CAST_SLOTS = [...CAST_USERS, ...CAST_DEPARTMENTS] as const;
export type CastMember = (typeof CAST_SLOTS)[number];

const placeholder = (prefix: 'c' | 'e', n: number) =>
  `${prefix}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const castId = (member: CastMember) => placeholder('c', CAST_SLOTS.indexOf(member));

const CAST_PEOPLE: Record<
  CastUser,
  { dept: CastDepartment; position: Actor['position']; roles: Actor['roles'] }
> = {
  SUP: { dept: 'OFFICE', position: 'staff', roles: ['supervisor'] },
  ADM: { dept: 'OFFICE', position: 'head', roles: ['admin'] },
  H: { dept: 'LEAD', position: 'head', roles: [] },
  D: { dept: 'LEAD', position: 'deputy', roles: [] },
  S: { dept: 'LEAD', position: 'staff', roles: [] },
  S2: { dept: 'LEAD', position: 'staff', roles: [] },
  A1: { dept: 'X1', position: 'staff', roles: [] },
  A2: { dept: 'X2', position: 'staff', roles: [] },
};

function actor(who: CastUser): Actor {
  const p = CAST_PEOPLE[who];
  return { id: castId(who), departmentId: castId(p.dept), position: p.position, roles: p.roles };
}

const USER_REFS = new Map<string, UserRef>(
  CAST_USERS.map((who) => [
    castId(who),
    {
      id: castId(who),
      name: who,
      departmentId: castId(CAST_PEOPLE[who].dept),
      position: CAST_PEOPLE[who].position,
      disabled: false,
    },
  ]),
);
const DEPARTMENT_IDS = new Set(CAST_DEPARTMENTS.map(castId));

export interface NotificationRow {
  id: string;
  userId: string;
  kind: NotificationKind;
  itemId: string;
  taskId: string | null;
  message: string;
  createdAt: Date;
}

export interface AuditRow {
  at: Date;
  actorId: string;
  action: string;
  itemId: string | null;
  detail: Record<string, unknown>;
}

/** Runs commands one after another the way the command runner does, recording what it would write. */
export class Script {
  private current: ItemState | undefined;
  private minute = 0;
  private ids = 0;
  readonly notifications: NotificationRow[] = [];
  readonly audit: AuditRow[] = [];
  /** tasks.version as persistence would leave it: 1, plus one per update. */
  readonly versions = new Map<string, number>();

  get state(): ItemState {
    if (!this.current) throw new Error('register first');
    return this.current;
  }

  /** Number of commands run: the template's time slots are 1..commands. */
  get commands(): number {
    return this.minute;
  }

  get entityCount(): number {
    return this.ids;
  }

  private context(): CommandContext {
    this.minute += 1;
    const now = new Date(TEMPLATE_EPOCH + this.minute * 60_000);
    return {
      now,
      today: localDate(now, 'Asia/Shanghai'),
      newId: () => {
        this.ids += 1;
        return placeholder('e', this.ids);
      },
      user: (id) => USER_REFS.get(id),
      departmentExists: (id) => DEPARTMENT_IDS.has(id),
    };
  }

  private apply(who: CastUser, command: (actor: Actor, ctx: CommandContext) => Transition): void {
    const ctx = this.context();
    const before = this.current;
    const transition = command(actor(who), ctx);
    const old = new Map((before?.tasks ?? []).map((t) => [t.id, t]));
    for (const task of transition.state.tasks) {
      const previous = old.get(task.id);
      if (!previous) this.versions.set(task.id, 1);
      else if (JSON.stringify(previous) !== JSON.stringify(task)) {
        this.versions.set(task.id, (this.versions.get(task.id) ?? 1) + 1);
      }
    }
    for (const n of transition.notifications) {
      this.notifications.push({ id: ctx.newId(), ...n, createdAt: ctx.now });
    }
    for (const a of transition.audit) {
      this.audit.push({
        at: ctx.now,
        actorId: castId(who),
        action: a.action,
        itemId: a.itemId,
        detail: a.detail,
      });
    }
    this.current = transition.state;
  }

  register(assist: CastDepartment[] = []): this {
    this.apply('SUP', (a, ctx) =>
      register(
        {
          title: MARK.title,
          source: MARK.source,
          leadDepartmentId: castId('LEAD'),
          assistDepartmentIds: assist.map(castId),
          assignedAt: MARK.assignedAt,
          dueAt: MARK.dueAt,
          content: MARK.content,
          headId: castId('H'),
        },
        a,
        MARK.number,
        ctx,
      ),
    );
    return this;
  }

  /** Completes the single pending task of `who` (of `kind` when given). */
  complete(who: CastUser, input: TaskInput, kind?: TaskKind): this {
    const pending = this.state.tasks.filter(
      (t) => t.state === 'pending' && t.assigneeId === castId(who) && (kind === undefined || t.kind === kind),
    );
    const [task] = pending;
    if (!task || pending.length !== 1) {
      throw new Error(`template: ${who} has ${pending.length} pending ${kind ?? ''} tasks`);
    }
    this.apply(who, (a, ctx) => completeTask(this.state, a, task.id, input, ctx));
    return this;
  }

  report(who: CastUser, input: ReportInput): this {
    this.apply(who, (a, ctx) => fileReport(this.state, a, input, ctx));
    return this;
  }

  urge(): this {
    this.apply('SUP', (a, ctx) => urgeItem(this.state, a, '请加快进度，按期报送。', ctx));
    return this;
  }

  end(): this {
    this.apply('SUP', (a, ctx) => endItem(this.state, a, '已并入年度重点工作统一推进，结束督办。', ctx));
    return this;
  }
}

// Valid bodies, as the web UI sends them.
const promisedAt = MARK.promisedAt;
const delegate = (to: CastUser): TaskInput => ({
  decision: 'delegate',
  delegateToId: castId(to),
  opinion: '请抓紧办理，按期报送。',
});
const applyClose: TaskInput = {
  decision: 'self',
  promisedAt,
  outcome: 'apply_close',
  implementation: '已按要求完成整改，相关材料已归档备查。',
  opinion: '请审核。',
};
const notDone: TaskInput = {
  decision: 'self',
  promisedAt,
  outcome: 'not_done',
  reason: '涉及多个部门，协调工作尚未完成。',
  measures: '已建立周例会机制，倒排工期，月底前完成。',
};
const withAssist = (...who: CastUser[]): TaskInput => ({
  decision: 'self',
  promisedAt,
  outcome: 'assist',
  assistHandlerIds: who.map(castId),
  opinion: '需协办单位配合提供材料。',
});
const approve: TaskInput = { action: 'approve', opinion: '同意。' };
const giveBack: TaskInput = {
  action: 'return',
  opinion: '落实情况不够具体，请补充各项工作的完成时间和成效。',
};
const acknowledge: TaskInput = { action: 'acknowledge', opinion: '请继续推进，按月报送进展。' };
const closeIt: TaskInput = { action: 'close', opinion: '同意办结。' };
const read: TaskInput = { opinion: '已阅。' };
const leadReport = (outcome: 'apply_close' | 'not_done'): ReportInput =>
  outcome === 'apply_close'
    ? { kind: 'lead', outcome, implementation: '本月已完成全部整改任务，申请办结。', promisedAt }
    : {
        kind: 'lead',
        outcome,
        reason: '部分事项仍在推进中。',
        measures: '下月完成剩余工作并报送。',
      };
const assistAnswer: TaskInput = {
  outcome: 'apply_close',
  implementation: '协办部分已完成，材料已提供主办单位。',
};
const assistNotDone: TaskInput = { outcome: 'not_done', reason: '数据仍在核对。', measures: '本周内提供。' };

/** Registration down to the staff level (H ▶ D ▶ S). */
const toStaff = (s: Script) => s.register().complete('H', delegate('D')).complete('D', delegate('S'));
/** A registration ended by the review's 确认 of a 未办结 result: the item is in progress. */
const inProgress = (s: Script) =>
  toStaff(s)
    .complete('S', notDone)
    .complete('D', approve)
    .complete('H', approve)
    .complete('SUP', acknowledge);
/** One full 主办反馈 cycle by S: report, D and H approve, 督办科 reviews. */
const reportCycle = (s: Script, outcome: 'apply_close' | 'not_done', review: TaskInput) =>
  s
    .report('S', leadReport(outcome))
    .complete('D', approve)
    .complete('H', approve)
    .complete('SUP', review, 'review');
/** Registration with 其他单位协办 (A1, A2), confirmed: both assist flows are pending. */
const assisted = (s: Script) =>
  s
    .register(['X1'])
    .complete('H', delegate('D'))
    .complete('D', delegate('S'))
    .complete('S', withAssist('A1', 'A2'))
    .complete('D', approve)
    .complete('H', approve)
    .complete('SUP', acknowledge);

export interface TemplateSpec {
  name: string;
  /** Relative frequency among background items. */
  weight: number;
  script: (s: Script) => unknown;
}

/**
 * The state mix of background items: about 62 % open (waiting at each level, approvals, reviews,
 * returns, assist flows, progress reports, or between reports), 38 % closed (同意办结 after 0–5
 * progress reports, or 结束). About 9.9 tasks per item on average.
 */
export const TEMPLATES: readonly TemplateSpec[] = [
  { name: 'at_head', weight: 3, script: (s) => s.register() },
  { name: 'at_deputy', weight: 2, script: (s) => s.register().complete('H', delegate('D')) },
  { name: 'at_staff_urged', weight: 2, script: (s) => toStaff(s).urge() },
  { name: 'approve_deputy', weight: 2, script: (s) => toStaff(s).complete('S', applyClose) },
  {
    name: 'approve_head',
    weight: 2,
    script: (s) => toStaff(s).complete('S', notDone).complete('D', approve),
  },
  {
    name: 'approve_head_direct',
    weight: 1,
    script: (s) => s.register().complete('H', delegate('D')).complete('D', notDone),
  },
  {
    name: 'review',
    weight: 3,
    script: (s) => toStaff(s).complete('S', applyClose).complete('D', approve).complete('H', approve),
  },
  { name: 'review_head_self', weight: 1, script: (s) => s.register().complete('H', applyClose) },
  {
    name: 'returned',
    weight: 2,
    script: (s) => toStaff(s).complete('S', applyClose).complete('D', giveBack),
  },
  {
    name: 'returned_by_head',
    weight: 1,
    script: (s) => toStaff(s).complete('S', notDone).complete('D', approve).complete('H', giveBack),
  },
  { name: 'assist_pending', weight: 3, script: (s) => assisted(s) },
  {
    name: 'assist_acknowledge',
    weight: 2,
    // A1 answered the assist task; the lead handlers are reading it (H has, D and S have not).
    script: (s) => assisted(s).complete('A1', assistAnswer).complete('H', read),
  },
  { name: 'in_progress', weight: 4, script: (s) => inProgress(s) },
  {
    name: 'report_at_deputy',
    weight: 4,
    script: (s) => inProgress(s).report('S', leadReport('not_done')),
  },
  {
    name: 'report_review',
    weight: 3,
    script: (s) =>
      inProgress(s).report('S', leadReport('not_done')).complete('D', approve).complete('H', approve),
  },
  {
    name: 'in_progress_2_reports',
    weight: 6,
    script: (s) => {
      inProgress(s);
      reportCycle(s, 'not_done', acknowledge);
      reportCycle(s, 'not_done', acknowledge);
    },
  },
  {
    name: 'in_progress_3_reports_pending',
    weight: 4,
    script: (s) => {
      inProgress(s);
      for (let i = 0; i < 3; i++) reportCycle(s, 'not_done', acknowledge);
      s.report('S', leadReport('apply_close')).urge();
    },
  },
  {
    name: 'closed_quick',
    weight: 2,
    script: (s) => s.register().complete('H', applyClose).complete('SUP', closeIt),
  },
  {
    name: 'closed_chain',
    weight: 4,
    script: (s) =>
      toStaff(s)
        .complete('S', applyClose)
        .complete('D', approve)
        .complete('H', approve)
        .complete('SUP', closeIt),
  },
  {
    name: 'closed_after_return',
    weight: 2,
    script: (s) =>
      toStaff(s)
        .complete('S', applyClose)
        .complete('D', giveBack)
        .complete('S', applyClose)
        .complete('D', approve)
        .complete('H', approve)
        .complete('SUP', closeIt),
  },
  {
    name: 'closed_after_1_report',
    weight: 5,
    script: (s) => reportCycle(inProgress(s), 'apply_close', closeIt),
  },
  {
    name: 'closed_after_3_reports',
    weight: 6,
    script: (s) => {
      inProgress(s);
      reportCycle(s, 'not_done', acknowledge);
      reportCycle(s, 'not_done', acknowledge);
      reportCycle(s, 'apply_close', closeIt);
    },
  },
  {
    name: 'closed_assisted',
    weight: 3,
    script: (s) => {
      assisted(s)
        .complete('A1', assistAnswer)
        .complete('H', read)
        .complete('D', read)
        .complete('S', read)
        // Spec §12: while A2's 协办反馈 task is pending, its report is given in that task.
        .complete('A2', assistNotDone, 'assist_report')
        .complete('H', read)
        .complete('D', read)
        .complete('S', read);
      reportCycle(s, 'apply_close', closeIt);
    },
  },
  {
    name: 'closed_after_5_reports',
    weight: 3,
    script: (s) => {
      inProgress(s);
      for (let i = 0; i < 4; i++) reportCycle(s, 'not_done', acknowledge);
      reportCycle(s, 'apply_close', closeIt);
    },
  },
  { name: 'ended', weight: 2, script: (s) => s.register().complete('H', delegate('D')).end() },
];

/** The hot fixtures' template: waiting at the head (one pending handle task). */
export const AT_HEAD: TemplateSpec = { name: 'at_head', weight: 0, script: (s) => s.register() };

export interface TemplateResult {
  spec: TemplateSpec;
  script: Script;
  tasks: Task[];
  pending: number;
  status: 'open' | 'closed';
}

export function runTemplate(spec: TemplateSpec): TemplateResult {
  const script = new Script();
  spec.script(script);
  const { state } = script;
  return {
    spec,
    script,
    tasks: state.tasks,
    pending: state.tasks.filter((t) => t.state === 'pending').length,
    status: state.item.status,
  };
}
