/**
 * Task completion throughput: K clients, each signed in as a different user, complete that user's
 * real pending tasks through POST /api/tasks/:id/complete with valid bodies (办理 self or delegate,
 * 审批 approve or return, 督办科审核 acknowledge or close, 协办反馈, 阅知) for the given time. A client
 * whose user has nothing left to do takes over the next user with pending tasks. Finding the tasks is
 * the harness's own work (one query per user's queue of up to 200 tasks), not part of the measured
 * requests nor of the CPU charged to them.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { TaskInput } from '../../src/domain/types';
import { hashToken } from '../../src/server/modules/auth/service';
import { SESSION_COOKIE } from '../../src/server/plugins/auth';
import { backendPids, type CpuWindow, cpuWindow, harnessAndBackgroundPids } from './cpu';
import { HttpClient } from './http';
import type { Org } from './org';
import { Random } from './random';
import { type Latency, latency, round } from './stats';

export interface PendingTask {
  id: string;
  item_id: string;
  kind: 'handle' | 'approve' | 'review' | 'assist_report' | 'acknowledge';
  level: 'head' | 'deputy' | 'staff' | null;
  flow_kind: 'registration' | 'lead_report' | 'assist_report';
  lead: string;
  outcome: string | null;
  delegate_to: string | null;
}

export interface CompletionResult {
  clients: number;
  seconds: number;
  completions: number;
  perSecond: number;
  latency: Latency;
  /** Answers by HTTP status (200 included). */
  statuses: Record<string, number>;
  /** The harness's refills of its queue of users with pending tasks, over the whole run. */
  userRefills: { count: number; ms: number };
  /** Completions by task kind and chosen action. */
  actions: Record<string, number>;
  usersServed: number;
  /** Where the CPU went during the measured window. */
  cpu: CpuWindow | undefined;
  /**
   * CPU milliseconds per completion: the server process, and PostgreSQL backends of the scratch
   * database (the harness's own connections left out: see backendPids).
   */
  cpuMsPerCompletion:
    | {
        server: number;
        postgres: number;
        serverKernel: number;
        /** Not charged to a completion, printed beside it: they share the cores (bench/lib/cpu.ts). */
        loadGenerator: number;
        harness: number;
        background: number;
      }
    | undefined;
}

/**
 * What the harness needs of a pending task to choose a valid body for it (see bodyFor). A flow's
 * tasks are found through their item (tasks_item_idx), as the application finds them: no index
 * reads tasks by flow.
 */
const PENDING_TASK = `
  t.id, t.item_id, t.kind, t.level, f.kind as flow_kind, i.lead_department_id as lead,
    (select r.input->>'outcome' from tasks r
      where r.item_id = t.item_id and r.flow_id = t.flow_id and r.kind = 'handle' and r.state = 'done' and r.input->>'decision' = 'self'
      order by r.seq desc limit 1) as outcome,
    case when t.kind = 'handle' and f.kind = 'registration' and t.level in ('head', 'deputy') then
      (select u.id from users u
        where u.department_id = i.lead_department_id and not u.disabled and u.id <> t.assignee_id
          and u.position = case t.level when 'head' then 'deputy' else 'staff' end
          and u.id is distinct from f.initiator_id
          and not exists (select 1 from tasks x
            where x.item_id = t.item_id and x.flow_id = t.flow_id and x.assignee_id = u.id)
        order by u.username limit 1)
    end as delegate_to
  from tasks t join flows f on f.id = t.flow_id join items i on i.id = t.item_id`;

/** One user's pending tasks, newest first (a seat's queue). */
const SUPPLY = `
  select ${PENDING_TASK}
  where t.assignee_id = $1 and t.state = 'pending' and i.status = 'open'
  order by t.created_at desc, t.id desc
  limit $2`;

/**
 * Users with pending tasks, most first: the order in which the seats take them. Without the join to
 * items that SUPPLY makes (a closed item has no pending task: an invariant of the model tests), the
 * count is read from tasks_pending_idx alone: ~44 ms a refill at --items 10000 where the join took
 * ~90 ms and two parallel workers, ten or eleven times a run.
 */
const USERS_BY_PENDING = `
  select t.assignee_id from tasks t where t.state = 'pending'
  group by t.assignee_id order by count(*) desc, t.assignee_id limit 500`;

/** Pending tasks of open items of one kind, in a fixed pseudo-random order. */
const OF_KIND = `
  select t.assignee_id, ${PENDING_TASK}
  where t.kind = $1 and t.state = 'pending' and i.status = 'open'
  order by md5(t.id::text) limit $2`;

/** Scarcest first, so that an item with two pending tasks goes to the kind that has fewer. */
const KINDS: PendingTask['kind'][] = ['approve', 'assist_report', 'acknowledge', 'review', 'handle'];

/**
 * Up to `count` pending tasks, at most one per item (so that replaying their completions one after
 * another never finds an item changed by another), with bodies chosen by bodyFor, in the proportions
 * of `mix` (the completion run's completions by action). The run's mix arises as it goes — its
 * delegations and 申请办结 make the 审批 and 督办科审核 tasks its seats then complete — so a sample of
 * the tasks pending at one moment has another mix (99 % 办理 over all open items, 70 % among the
 * run's own users): the sample takes each action's share instead, and fewer tasks when one action's
 * candidates run out, so that the proportions hold — but never fewer than `minimum` while there are
 * candidates: a replay of a few completions per pgbench connection measures the connections' first
 * parses and plans rather than the floor (181 completions, 11 per connection, read PostgreSQL 4.0 ms
 * each against 2.1 for 2,288). The abundant actions then fill up the rest, which makes the replay's
 * mix cheaper than the run's (fewer 同意办结), the floor higher and the ratio stricter.
 */
export async function sampleLikeRun(
  pool: pg.Pool,
  count: number,
  mix: Record<string, number>,
  random: Random,
  org: Org,
  minimum: number,
): Promise<{
  jobs: { task: PendingTask & { assignee_id: string }; body: TaskInput; action: string }[];
  /** The action whose candidates ran out first (it sets the sample's size), and how many it had. */
  scarcest: { action: string; found: number; wanted: number } | undefined;
}> {
  const total = Object.values(mix).reduce((a, b) => a + b, 0);
  if (total === 0) throw new Error('replay: the completion run completed nothing, no mix to sample');
  const quota = new Map(Object.entries(mix).map(([action, n]) => [action, Math.round((count * n) / total)]));
  const byAction = new Map<
    string,
    { task: PendingTask & { assignee_id: string }; body: TaskInput; action: string }[]
  >();
  const items = new Set<string>();
  for (const kind of KINDS) {
    const wanted = [...quota]
      .filter(([action]) => action.split(':')[0] === kind)
      .reduce((a, [, n]) => a + n, 0);
    if (wanted === 0) continue;
    const { rows } = await pool.query<PendingTask & { assignee_id: string }>(OF_KIND, [kind, wanted * 4]);
    for (const task of rows) {
      if (items.has(task.item_id)) continue;
      const { body, action } = bodyFor(task, random, org);
      const taken = byAction.get(action) ?? [];
      if (taken.length >= (quota.get(action) ?? 0)) continue;
      items.add(task.item_id);
      taken.push({ task, body, action });
      byAction.set(action, taken);
    }
  }
  // The share every action can fill; then each action trimmed to it, and the actions interleaved.
  let fill = 1;
  let scarcest: { action: string; found: number; wanted: number } | undefined;
  for (const [action, n] of quota) {
    const found = byAction.get(action)?.length ?? 0;
    if (n > 0 && found / n < fill) {
      fill = found / n;
      scarcest = { action, found, wanted: n };
    }
  }
  const lists = [...quota].map(([action, n]) => (byAction.get(action) ?? []).slice(0, Math.floor(n * fill)));
  const full = [...quota].map(([action]) => byAction.get(action) ?? []);
  let size = lists.reduce((a, l) => a + l.length, 0);
  for (let grew = true; size < minimum && grew; ) {
    grew = false;
    for (const [k, l] of lists.entries()) {
      const more = full[k]?.[l.length];
      if (size >= minimum || !more) continue;
      l.push(more);
      size++;
      grew = true;
    }
  }
  const out: { task: PendingTask & { assignee_id: string }; body: TaskInput; action: string }[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++)
    for (const l of lists) if (i < l.length) out.push(l[i] as (typeof l)[number]);
  return { jobs: out, scarcest };
}

const PROMISED = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);

export function bodyFor(task: PendingTask, random: Random, org: Org): { body: TaskInput; action: string } {
  switch (task.kind) {
    case 'handle': {
      if (task.delegate_to && random.chance(0.4)) {
        return {
          body: { decision: 'delegate', delegateToId: task.delegate_to, opinion: '请具体落实。' },
          action: 'handle:delegate',
        };
      }
      const x = random.next();
      if (x < 0.1 && task.flow_kind === 'registration') {
        let other = random.pick(org.regular);
        while (other.id === task.lead) other = random.pick(org.regular);
        return {
          body: {
            decision: 'self',
            promisedAt: PROMISED,
            outcome: 'assist',
            assistHandlerIds: [random.pick(other.staff)],
            opinion: '需协办单位配合。',
          },
          action: 'handle:assist',
        };
      }
      return x < 0.55
        ? {
            body: {
              decision: 'self',
              promisedAt: PROMISED,
              outcome: 'apply_close',
              implementation: '已按要求完成，相关材料已归档。',
            },
            action: 'handle:apply_close',
          }
        : {
            body: {
              decision: 'self',
              promisedAt: PROMISED,
              outcome: 'not_done',
              reason: '协调工作仍在进行。',
              measures: '下周召开协调会，月底前完成。',
            },
            action: 'handle:not_done',
          };
    }
    case 'approve':
      return random.chance(0.1)
        ? { body: { action: 'return', opinion: '请补充落实情况。' }, action: 'approve:return' }
        : { body: { action: 'approve', opinion: '同意。' }, action: 'approve:approve' };
    case 'review':
      return task.outcome === 'apply_close' && random.chance(0.5)
        ? { body: { action: 'close', opinion: '同意办结。' }, action: 'review:close' }
        : { body: { action: 'acknowledge' }, action: 'review:acknowledge' };
    case 'assist_report':
      return random.chance(0.5)
        ? {
            body: { outcome: 'apply_close', implementation: '协办部分已完成。' },
            action: 'assist_report:apply_close',
          }
        : {
            body: { outcome: 'not_done', reason: '数据核对中。', measures: '本周内提供。' },
            action: 'assist_report:not_done',
          };
    case 'acknowledge':
      return { body: { opinion: '已阅。' }, action: 'acknowledge' };
  }
}

/** Users with pending tasks, most first; each is handed to at most one client at a time. */
class UserPool {
  private queue: string[] = [];
  private readonly taken = new Set<string>();
  private refilling: Promise<void> | undefined;
  /** The refills' count and wall-clock time (the harness's heaviest query; not charged to a completion). */
  readonly refills = { count: 0, ms: 0 };

  constructor(private readonly pool: pg.Pool) {}

  async next(): Promise<string | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      while (this.queue.length > 0) {
        const user = this.queue.shift() as string;
        if (!this.taken.has(user)) {
          this.taken.add(user);
          return user;
        }
      }
      this.refilling ??= this.refill().finally(() => {
        this.refilling = undefined;
      });
      await this.refilling;
    }
    return undefined;
  }

  release(user: string): void {
    this.taken.delete(user);
  }

  private async refill() {
    const started = performance.now();
    const { rows } = await this.pool.query<{ assignee_id: string }>(USERS_BY_PENDING);
    this.refills.count++;
    this.refills.ms += performance.now() - started;
    this.queue = rows.map((r) => r.assignee_id).filter((u) => !this.taken.has(u));
  }
}

/** A session for `userId` without the argon2 check (the harness's shortcut for users after the first K). */
async function mintSession(pool: pg.Pool, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `insert into sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent)
     values ($1, $2, now(), now(), '127.0.0.1', 'duban-bench')`,
    [hashToken(token), userId],
  );
  return `${SESSION_COOKIE}=${token}`;
}

export async function runCompletions(options: {
  url: string;
  pool: pg.Pool;
  org: Org;
  password: string;
  clients: number;
  seconds: number;
  warmupSeconds: number;
  seed: number;
  /** For the CPU accounting: the server's pid and the scratch database's name. */
  serverPid: number;
  database: string;
  /** Called when the measured window opens and when it closes (e.g. a CPU profile of the server). */
  onWindow?: { start(): Promise<void>; end(): Promise<void> };
}): Promise<CompletionResult> {
  const { pool, org } = options;
  const users = new UserPool(pool);
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  const actions: Record<string, number> = {};
  const served = new Set<string>();
  let completions = 0;
  const errors: string[] = [];

  // Sign the first K users in through the API, one after another (argon2 is memory-hungry).
  const seats: { client: HttpClient; user: string | undefined; queue: PendingTask[]; random: Random }[] = [];
  for (let i = 0; i < options.clients; i++) {
    const user = await users.next();
    if (!user) break;
    const client = new HttpClient(options.url);
    await client.login(org.usernames.get(user) as string, options.password);
    seats.push({ client, user, queue: [], random: new Random(options.seed * 1000 + i) });
  }

  const start = performance.now() + options.warmupSeconds * 1000;
  const end = start + options.seconds * 1000;

  // One session per user for the whole run: a user comes back to a seat after each refill of the
  // user queue, and a new session each time cost the harness an insert per ~5 completions at
  // --items 10000 (its CPU shares the cores with the server's).
  const sessions = new Map<string, Promise<string>>();
  const sessionOf = (user: string): Promise<string> => {
    let cookie = sessions.get(user);
    if (!cookie) {
      cookie = mintSession(pool, user);
      sessions.set(user, cookie);
    }
    return cookie;
  };

  async function seatLoop(seat: (typeof seats)[number]) {
    while (performance.now() < end) {
      if (seat.queue.length === 0 && seat.user) {
        // Prepared once per harness connection: planned afresh, the look-up cost 3.5 ms of planning
        // for 2.7 ms of execution, ~0.3 ms of the harness's PostgreSQL CPU per completion.
        seat.queue = (
          await pool.query<PendingTask>({ name: 'bench-supply', text: SUPPLY, values: [seat.user, 200] })
        ).rows;
      }
      if (seat.queue.length === 0) {
        if (seat.user) users.release(seat.user);
        seat.user = await users.next();
        if (!seat.user) return;
        seat.client.cookie = await sessionOf(seat.user);
        continue;
      }
      const task = seat.queue.shift() as PendingTask;
      const { body, action } = bodyFor(task, seat.random, org);
      const sent = performance.now();
      const answer = await seat.client.request('POST', `/api/tasks/${task.id}/complete`, body);
      const done = performance.now();
      if (sent < start || done > end) continue;
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status === 200) {
        completions++;
        samples.push(answer.ms);
        actions[action] = (actions[action] ?? 0) + 1;
        served.add(seat.user as string);
      } else if (errors.length < 5 && answer.status !== 409) {
        errors.push(`${answer.status} ${task.kind}/${action}: ${answer.body.slice(0, 300)}`);
      }
    }
  }

  // CPU accounting over the measured window (the backends are the server pool's connections then).
  let window: ReturnType<typeof cpuWindow> | undefined;
  const windowStarted = (async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, start - performance.now())));
    const pids = await backendPids(pool, options.database);
    const others = await harnessAndBackgroundPids(pool, options.database);
    await options.onWindow?.start();
    window = cpuWindow({
      server: () => [options.serverPid],
      postgres: () => pids,
      // This process: the HTTP clients and the choice of bodies (pgbench's "client" in its phases).
      loadGenerator: () => [process.pid],
      harness: () => others.harness,
      background: () => others.background,
    });
  })();
  await Promise.all(seats.map(seatLoop));
  await windowStarted;
  const cpu = window?.stop();
  await options.onWindow?.end();
  for (const seat of seats) seat.client.close();
  for (const e of errors) process.stderr.write(`  unexpected answer: ${e}\n`);
  return {
    clients: seats.length,
    seconds: options.seconds,
    completions,
    perSecond: round(completions / options.seconds, 1),
    latency: latency(samples),
    statuses,
    actions,
    usersServed: served.size,
    userRefills: { count: users.refills.count, ms: round(users.refills.ms, 0) },
    cpu,
    cpuMsPerCompletion:
      cpu && completions > 0
        ? {
            server: round(((cpu.processes.server ?? 0) * 1000) / completions, 2),
            postgres: round(((cpu.processes.postgres ?? 0) * 1000) / completions, 2),
            // Of the server's: system calls (socket reads and writes; on loopback the send also runs
            // the receiver's TCP stack).
            serverKernel: round(((cpu.kernel.server ?? 0) * 1000) / completions, 2),
            loadGenerator: round(((cpu.processes.loadGenerator ?? 0) * 1000) / completions, 2),
            harness: round(((cpu.processes.harness ?? 0) * 1000) / completions, 2),
            background: round(((cpu.processes.background ?? 0) * 1000) / completions, 2),
          }
        : undefined,
  };
}
