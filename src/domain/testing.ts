/**
 * Test support for the domain's tests (not used by the application): a small organisation, a
 * deterministic clock and id source, and `World`, which applies commands one after another the way
 * the service would, freezing every state so that a command that mutated its input would throw.
 */
import { localDate } from './dates';
import { requestExtension } from './extensions';
import { editItem, endItem, register, reopenItem, urgeItem } from './items';
import type { Absence } from './people';
import { claimTask, deputyInEffect, handOver, recordAbsence, transferTask, withdrawTask } from './people';
import { fileReport } from './reports';
import { completeTask } from './tasks';
import type {
  Actor,
  CommandContext,
  ExtensionInput,
  ItemPatch,
  ItemState,
  RegisterInput,
  ReportInput,
  Role,
  Task,
  TaskInput,
  TaskKind,
  Transition,
  UserRef,
} from './types';

export const DEPARTMENTS = {
  office: 'dept-office', // 督办科
  lead: 'dept-lead', // 主办单位
  a: 'dept-a', // 协办单位甲
  b: 'dept-b', // 协办单位乙
} as const;

interface Person extends UserRef {
  roles: Role[];
}

function person(
  id: string,
  name: string,
  departmentId: string,
  position: UserRef['position'],
  roles: Role[] = [],
  disabled = false,
): Person {
  return { id, name, departmentId, position, roles, disabled };
}

/** Everybody the tests use, by id. H, D, S are the lead department's head, deputy and staff. */
export const PEOPLE: readonly Person[] = [
  person('sup', '督办员甲', DEPARTMENTS.office, 'staff', ['supervisor']),
  person('sup2', '督办员乙', DEPARTMENTS.office, 'staff', ['supervisor']),
  person('adm', '管理员', DEPARTMENTS.office, 'staff', ['admin']),
  person('ldr', '领导', DEPARTMENTS.office, 'head', ['leader']),
  person('aud', '审计员', DEPARTMENTS.office, 'staff', ['auditor']),
  person('H', '负责人', DEPARTMENTS.lead, 'head'),
  person('D', '分管负责人', DEPARTMENTS.lead, 'deputy'),
  person('D2', '分管负责人二', DEPARTMENTS.lead, 'deputy'),
  person('S', '具体负责人', DEPARTMENTS.lead, 'staff'),
  person('S2', '具体负责人二', DEPARTMENTS.lead, 'staff'),
  person('X', '已停用人员', DEPARTMENTS.lead, 'staff', [], true),
  person('A', '协办人甲', DEPARTMENTS.a, 'staff'),
  person('A2', '协办人甲二', DEPARTMENTS.a, 'staff'),
  person('B', '协办人乙', DEPARTMENTS.b, 'staff'),
  person('BX', '协办停用', DEPARTMENTS.b, 'staff', [], true),
];

const BY_ID = new Map(PEOPLE.map((p) => [p.id, p]));

export function userRef(id: string): UserRef | undefined {
  const p = BY_ID.get(id);
  return (
    p && { id: p.id, name: p.name, departmentId: p.departmentId, position: p.position, disabled: p.disabled }
  );
}

/** The signed-in form of a test person; unknown ids make a roleless outsider. */
export function actor(id: string): Actor {
  const p = BY_ID.get(id);
  return p
    ? { id: p.id, departmentId: p.departmentId, position: p.position, roles: p.roles }
    : { id, departmentId: 'dept-elsewhere', position: 'staff', roles: [] };
}

export const DEFAULT_REGISTRATION: RegisterInput = {
  title: '推进老旧小区改造',
  source: '领导批示',
  leadDepartmentId: DEPARTMENTS.lead,
  assistDepartmentIds: [],
  assignedAt: '2026-03-01',
  dueAt: '2026-06-30',
  content: '按期完成改造方案并报送进展',
  headId: 'H',
};

/** Valid bodies, for tests that need to get past one step. */
export const INPUTS = {
  delegate: (to: string): TaskInput => ({ decision: 'delegate', delegateToId: to, opinion: '请办理' }),
  applyClose: {
    decision: 'self',
    promisedAt: '2026-05-31',
    outcome: 'apply_close',
    implementation: '已完成改造',
  },
  notDone: {
    decision: 'self',
    promisedAt: '2026-05-31',
    outcome: 'not_done',
    reason: '资金未到位',
    measures: '协调财政',
  },
  assist: (...ids: string[]): TaskInput => ({
    decision: 'self',
    promisedAt: '2026-05-31',
    outcome: 'assist',
    assistHandlerIds: ids,
  }),
  approve: { action: 'approve', opinion: '同意' },
  return: { action: 'return', opinion: '请补充落实情况' },
  acknowledge: { action: 'acknowledge' },
  close: { action: 'close', opinion: '同意办结' },
} satisfies Record<string, TaskInput | ((...args: string[]) => TaskInput)>;

/** Freezes a state deeply, so that any command mutating its input throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const START = Date.parse('2026-03-02T01:00:00Z'); // 09:00 in Asia/Shanghai
const MINUTE = 60_000;

/** A deterministic clock and id source: each context is one minute after the previous one. */
export class Clock {
  private minutes = 0;
  private ids = 0;

  constructor(private readonly startMs = START) {}

  /** Moves the clock to the given date (09:00 Shanghai time) for deadline and monthly tests. */
  setDay(date: string): void {
    this.minutes = (Date.parse(`${date}T01:00:00Z`) - this.startMs) / MINUTE;
  }

  /** Moves the clock so that the next context is one minute after `iso`. */
  setInstant(iso: string): void {
    this.minutes = (Date.parse(iso) - this.startMs) / MINUTE;
  }

  ctx(): CommandContext {
    this.minutes += 1;
    const now = new Date(this.startMs + this.minutes * MINUTE);
    return {
      now,
      today: localDate(now, 'Asia/Shanghai'),
      newId: () => {
        this.ids += 1;
        return `id-${this.ids}`;
      },
      user: userRef,
      isSupervisor: (id) => BY_ID.get(id)?.roles.includes('supervisor') ?? false,
      departmentExists: (id) => (Object.values(DEPARTMENTS) as string[]).includes(id),
      departmentHasHead: (id) =>
        PEOPLE.some((p) => p.departmentId === id && p.position === 'head' && !p.disabled),
    };
  }
}

/** One item driven through commands the way the service would: each result becomes the next state. */
export class World {
  readonly clock = new Clock();
  private current: ItemState | undefined;
  last: Transition | undefined;
  /** Users disabled during the test (离职), on top of PEOPLE's own. */
  readonly disabled = new Set<string>();
  /** Absences (委托) the commands see. */
  absences: Absence[] = [];

  /** The next command's context: the clock's, with this world's disabled users and absences. */
  ctx(): CommandContext {
    const base = this.clock.ctx();
    return {
      ...base,
      user: (id) => {
        const user = userRef(id);
        return user && this.disabled.has(id) ? { ...user, disabled: true } : user;
      },
      deputyFor: (id) => deputyInEffect(this.absences, id, base.today),
    };
  }

  /** Records an absence of `userId` (today's date when no days are given) with `deputyId`. */
  absent(userId: string, deputyId: string, days: { startsOn?: string; endsOn?: string } = {}): Absence {
    const ctx = this.ctx();
    const { absence } = recordAbsence(
      { userId, deputyId, startsOn: days.startsOn ?? ctx.today, endsOn: days.endsOn ?? ctx.today },
      actor('adm'),
      this.absences,
      ctx,
    );
    this.absences = [...this.absences, absence];
    return absence;
  }

  transfer(by: string, task: Task, toUserId: string, reason = '工作调整') {
    return this.keep(transferTask(this.state, actor(by), task.id, { toUserId, reason }, this.ctx()));
  }

  claim(by: string, task: Task) {
    return this.keep(claimTask(this.state, actor(by), task.id, this.ctx()));
  }

  withdraw(by: string, task: Task) {
    return this.keep(withdrawTask(this.state, actor(by), task.id, this.ctx()));
  }

  handOver(fromUserId: string, toUserId: string, by = 'adm') {
    return this.keep(handOver(this.state, actor(by), fromUserId, toUserId, this.ctx()));
  }

  get state(): ItemState {
    if (!this.current) throw new Error('register an item first');
    return this.current;
  }

  private keep<T extends Transition>(transition: T): T {
    this.current = deepFreeze(transition.state);
    this.last = transition;
    return transition;
  }

  register(patch: Partial<RegisterInput> = {}, by = 'sup'): Transition {
    return this.keep(register({ ...DEFAULT_REGISTRATION, ...patch }, actor(by), 'DB-2026-0001', this.ctx()));
  }

  /** Completes `task` (or the single pending task of that kind) as `by`. */
  complete(by: string, task: Task | TaskKind, input: TaskInput) {
    const target = typeof task === 'string' ? this.only(by, task) : task;
    return this.keep(completeTask(this.state, actor(by), target.id, input, this.ctx()));
  }

  report(by: string, input: ReportInput) {
    return this.keep(fileReport(this.state, actor(by), input, this.ctx()));
  }

  end(by = 'sup', remark?: string) {
    return this.keep(endItem(this.state, actor(by), remark, this.ctx()));
  }

  reopen(by = 'adm', remark = '误操作，恢复督办') {
    return this.keep(reopenItem(this.state, actor(by), remark, this.ctx()));
  }

  urge(by = 'sup', message?: string) {
    return this.keep(urgeItem(this.state, actor(by), message, this.ctx()));
  }

  edit(patch: ItemPatch, by = 'adm') {
    return this.keep(editItem(this.state, actor(by), patch, this.ctx()));
  }

  /** 延期申请 by a lead handler. */
  extend(by: string, input: ExtensionInput) {
    return this.keep(requestExtension(this.state, actor(by), input, this.clock.ctx()));
  }

  /** Pending tasks, optionally of one person. */
  pending(userId?: string): Task[] {
    return this.state.tasks.filter(
      (t) => t.state === 'pending' && (userId === undefined || t.assigneeId === userId),
    );
  }

  /** The one pending task of `userId` (of `kind` when given); fails the test when there is not exactly one. */
  only(userId: string, kind?: TaskKind): Task {
    const tasks = this.pending(userId).filter((t) => kind === undefined || t.kind === kind);
    const [task] = tasks;
    if (tasks.length !== 1 || !task) {
      throw new Error(`expected one pending ${kind ?? ''} task for ${userId}, found ${tasks.length}`);
    }
    return task;
  }

  /** Who holds which handler role, as `userId:role` strings in list order. */
  handlers(): string[] {
    return this.state.handlers.map((h) => `${h.userId}:${h.role}`);
  }

  /** The steps of a flow, as `assignee:kind:state` strings. */
  steps(flowId: string): string[] {
    return this.state.tasks
      .filter((t) => t.flowId === flowId)
      .sort((a, b) => a.seq - b.seq)
      .map((t) => `${t.assigneeId}:${t.kind}:${t.state}`);
  }

  flow(kind: string, index = 0) {
    const flow = this.state.flows.filter((f) => f.kind === kind)[index];
    if (!flow) throw new Error(`no ${kind} flow #${index}`);
    return flow;
  }
}

/** Runs `fn` and answers the AppError code and fields it threw (fails when it did not throw). */
export function errorOf(fn: () => unknown): { code: string; fields: Record<string, string> | undefined } {
  try {
    fn();
  } catch (error) {
    const e = error as { code?: string; fields?: Record<string, string> };
    if (typeof e.code !== 'string') throw error;
    return { code: e.code, fields: e.fields };
  }
  throw new Error('expected the command to throw');
}

/**
 * An item whose registration chain was H ▶ D ▶ S (S chose 其他单位协办 with A), approved and
 * acknowledged by 督办科: open for reports, with A's assist flow pending.
 */
export function assistedItem(): World {
  const w = new World();
  w.register();
  w.complete('H', 'handle', INPUTS.delegate('D'));
  w.complete('D', 'handle', INPUTS.delegate('S'));
  w.complete('S', 'handle', INPUTS.assist('A'));
  w.complete('D', 'approve', INPUTS.approve);
  w.complete('H', 'approve', INPUTS.approve);
  w.complete('sup', 'review', INPUTS.acknowledge);
  return w;
}
