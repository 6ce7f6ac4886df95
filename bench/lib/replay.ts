/**
 * The database's floor for a completion: the statements the server issues for a representative
 * mix of completions (the completion run's own mix, see bodyFor), replayed by pgbench with
 * prepared statements and as many connections as the server's pool, on the same database.
 * completions/s through the real server ÷ this replay's tps says how much the application adds to
 * the database's work.
 *
 * 1. Sample up to N pending tasks, one per item, with bodies chosen as the completion run chooses
 *    them, in the proportions of the run's own completions by action (sampleLikeRun: fewer than N
 *    when one action's pending tasks run out, but at least 200 per connection while there are
 *    candidates). Run each completion through the real services with a statement-recording Drizzle
 *    logger, in a transaction that is rolled back (bench/lib/explain.ts), with the request's session
 *    to prove inside it, as the server runs a completion whose session it has cached (every request
 *    of a busy client but its first and one per 30 s, see provableUser in auth/service.ts): BEGIN,
 *    the session's lookup, the command's statements, COMMIT. The data is unchanged, and each
 *    recording is the exact statements, with their parameters, of one POST /api/tasks/:id/complete.
 *    The calendar's read after the commit is left out: the server caches it for minutes
 *    (calendar/service.ts), the recorder's fresh services read it every time.
 * 2. One script for all the recordings (bench/lib/replay-script.ts): each distinct statement once,
 *    guarded by a flag of the row, each parameter a pgbench variable — `-M prepared` sends them as
 *    bind parameters, untyped, as node-postgres does. The recordings, shuffled with the run's seed,
 *    are dealt to the clients: one `bench_replay` row per client and transaction.
 * 3. Each client first replays up to WARMUP_PER_SHAPE of its own recordings of each shape in
 *    transactions that are rolled back (its connection's first statements parse, plan and fill the
 *    catalog caches, which the server's long-lived pool connections did long before the run), then
 *    its recordings. The tps is taken over the span when every client has finished its warm-up and
 *    none its rows (bench/lib/replay-window.ts, from pgbench's per-transaction log); pgbench's own
 *    figure for the whole run is kept as `whole`.
 *
 * The replay does one statement more per transaction than the server (the row fetch, an index
 * lookup, outside the transaction), which makes the floor slightly lower (the ratio slightly kinder)
 * than the truth; and it sends BEGIN, the reads and COMMIT in a round trip each, where the server
 * pipelines BEGIN with its first reads and its last write with COMMIT (src/db/client.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { findSessionStatement } from '../../src/server/modules/auth/repository';
import { hashToken } from '../../src/server/modules/auth/service';
import type { SessionProof } from '../../src/server/session';
import { sampleLikeRun } from './completion';
import { backendPids, machineCpuSeconds, processCpuSeconds } from './cpu';
import { Explainer, loadActor } from './explain';
import type { Org } from './org';
import { Random } from './random';
import { buildReplayScript, type Statement, scriptText } from './replay-script';
import { readingAt, readLogs, type SteadyWindow, steadyWindow } from './replay-window';
import { round } from './stats';

/**
 * Recordings of each shape a connection replays, rolled back, before its measured ones. PostgreSQL
 * plans a prepared statement afresh for its first five executions, and then decides on a generic
 * plan: by the sixth the connection plans as the server's long-used ones do.
 */
const WARMUP_PER_SHAPE = 6;
/** Recordings per connection, at least, where the candidates allow. */
const PER_CONNECTION = 200;
const TABLE = 'bench_replay';

export interface ReplayResult {
  /** Completions recorded, and how many of them replayed (each client an equal share). */
  recorded: number;
  replayed: number;
  /** Distinct statement sequences among the recordings. */
  shapes: number;
  /** Statements of the script (each distinct statement once, but where the orders differ), distinct ones. */
  scriptStatements: { slots: number; distinct: number };
  /** Statements per completion, mean (the row fetch not counted; the session lookup counted). */
  statementsPerCompletion: number;
  /** Recordings by action (the completion run's mix). */
  actions: Record<string, number>;
  /** Sampled tasks whose completion the services refused (not recorded: not part of the mix). */
  refused: Record<string, number>;
  /** The action whose pending tasks ran out first: it limits how many completions keep the run's mix. */
  scarcest: { action: string; found: number; wanted: number } | undefined;
  clients: number;
  /** Rolled-back transactions each client ran first (not counted). */
  warmupPerClient: number;
  /** The steady window: tps, its span and transactions, and how it was found. */
  seconds: number;
  tps: number;
  latencyAverageMs: number | undefined;
  window: Pick<SteadyWindow, 'transactions' | 'method'>;
  /** CPU ms per transaction (pgbench, PostgreSQL) over the window. */
  cpuMsPerTransaction: { client: number; postgres: number } | undefined;
  /** Share of the machine's cores busy over the window (everything on the machine). */
  machineBusy: number | undefined;
  /**
   * pgbench's own figures for the whole run, warm-up and ramps included (its tps counts the warm-up
   * transactions too; the CPU is divided by every transaction, warm-up included).
   */
  whole: {
    seconds: number;
    tps: number;
    latencyAverageMs: number | undefined;
    cpuMsPerTransaction: { client: number; postgres: number } | undefined;
    machineBusy: number | undefined;
  };
  recordSeconds: number;
  /**
   * The generated pgbench script, for reading, and its command line. A rerun needs the data as it
   * was before the replay, which committed its rows: on the kept database it stops at the first
   * task it meets changed (`duban_save_conflict`), rolled back (`w = 1`) or not.
   */
  script: string;
  command: string;
}

/** One completion: the statements of its transaction, the session's lookup first. */
type Recording = { statements: Statement[]; action: string };

/** The calendar read after a command: cached by the server (calendar/service.ts), not by the recorder. */
const CALENDAR_READ = /^\s*select\b[\s\S]*\bfrom\s+"?calendar_days"?/i;

async function record(
  pool: pg.Pool,
  org: Org,
  count: number,
  seed: number,
  workers: number,
  mix: Record<string, number>,
  clients: number,
): Promise<{ recordings: Recording[]; refused: Record<string, number>; scarcest: ReplayResult['scarcest'] }> {
  const { jobs, scarcest } = await sampleLikeRun(
    pool,
    count,
    mix,
    new Random(seed * 7919 + 1),
    org,
    Math.min(count, clients * PER_CONNECTION),
  );
  const actors = new Map<string, { actor: Awaited<ReturnType<typeof loadActor>>; tokenHash: string }>();
  const recordings: Recording[] = [];
  const refused: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      // One Explainer per worker: each records only its own statements.
      const explainer = new Explainer(pool);
      while (next < jobs.length) {
        const job = jobs[next++] as (typeof jobs)[number];
        let seat = actors.get(job.task.assignee_id);
        if (!seat) {
          // A session of the user's own, as the completion run's clients have: every POST reads it.
          const tokenHash = hashToken(randomBytes(32).toString('base64url'));
          await pool.query(
            `insert into sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent)
             values ($1, $2, now(), now(), '127.0.0.1', 'duban-bench')`,
            [tokenHash, job.task.assignee_id],
          );
          seat = { actor: await loadActor(pool, job.task.assignee_id), tokenHash };
          actors.set(job.task.assignee_id, seat);
        }
        const { actor, tokenHash } = seat;
        // The session as the server proves a cached one: its lookup first in the command's
        // transaction (the rows are the actor's, loaded above: nothing to check).
        const proof: SessionProof = { statement: findSessionStatement(tokenHash), check() {} };
        let statements: Statement[];
        try {
          statements = (
            await explainer.statementsOf((s) => s.tasks.complete(actor, job.task.id, job.body, proof))
          ).filter((s) => !CALENDAR_READ.test(s.sql));
        } catch (error) {
          // Refused (e.g. a rule the sample query does not know): not part of the mix, but counted.
          const key = `${job.action}: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`;
          refused[key] = (refused[key] ?? 0) + 1;
          continue;
        }
        recordings.push({ statements, action: job.action });
      }
    }),
  );
  return { recordings, refused, scarcest };
}

function run(args: string[], onStart: (pid: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', args);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('spawn', () => onStart(child.pid as number));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`pgbench replay failed:\n${out}`)),
    );
  });
}

/** Fisher–Yates with the harness's seeded generator. */
function shuffle<T>(values: T[], random: Random): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [values[i], values[j]] = [values[j] as T, values[i] as T];
  }
  return values;
}

/** A CPU reading of the replay's processes, for the window's figures (cumulative seconds). */
type Sample = { atUs: number; client: number; postgres: number; busy: number; total: number };

export async function runReplay(options: {
  url: string;
  pool: pg.Pool;
  org: Org;
  database: string;
  /** pgbench's connections: the server's pool size (its connections to the database). */
  clients: number;
  transactions: number;
  /** The completion run's completions by action: the replay records the same proportions. */
  mix: Record<string, number>;
  seed: number;
  /** Where the script is written. */
  dir: string;
  runId: string;
  /** Leave the bench_replay table in the database, for reruns by hand. */
  keep?: boolean;
}): Promise<ReplayResult> {
  const { pool, clients } = options;
  const recordStarted = performance.now();
  const { recordings, refused, scarcest } = await record(
    pool,
    options.org,
    options.transactions,
    options.seed,
    4,
    options.mix,
    clients,
  );
  const recordSeconds = round((performance.now() - recordStarted) / 1000, 1);
  if (recordings.length < clients) throw new Error(`replay: only ${recordings.length} completions recorded`);

  const built = buildReplayScript(recordings.map((r) => r.statements));
  const script = scriptText(built, TABLE);
  mkdirSync(options.dir, { recursive: true });
  const scriptFile = path.join(options.dir, `${options.runId}-replay.sql`);
  writeFileSync(scriptFile, script);

  // The recordings in an order of the seed's (the sample comes grouped by action), dealt to the
  // clients in turn, an equal share each.
  const order = shuffle(
    recordings.map((_, i) => i),
    new Random(options.seed * 7919 + 2),
  );
  const perClient = Math.floor(recordings.length / clients);
  const measured = Array.from({ length: clients }, (_, c) =>
    Array.from({ length: perClient }, (_, k) => order[k * clients + c] as number),
  );
  // Each client's warm-up: its first recordings of each shape, up to WARMUP_PER_SHAPE; the shorter
  // warm-ups repeated to the longest, so that every client's first `warmup` transactions are its
  // warm-up (the log tells them apart by number).
  const warmups = measured.map((rows) => {
    const taken = new Map<number, number>();
    return rows.filter((i) => {
      const shape = built.shapeOf[i] as number;
      const n = taken.get(shape) ?? 0;
      taken.set(shape, n + 1);
      return n < WARMUP_PER_SHAPE;
    });
  });
  const warmup = Math.max(...warmups.map((w) => w.length));

  const columns = [...built.flags, ...built.params];
  await pool.query(`drop table if exists ${TABLE}`);
  await pool.query(
    `create unlogged table ${TABLE} (client int, k int, w smallint not null${built.flags
      .map((c) => `, ${c} smallint not null`)
      .join('')}${built.params.map((c) => `, ${c} text`).join('')}, primary key (client, k))`,
  );
  const rows: { client: number; k: number; w: number; recording: number }[] = [];
  measured.forEach((mine, client) => {
    const warm = warmups[client] as number[];
    for (let k = 0; k < warmup; k++)
      rows.push({ client, k: k + 1, w: 1, recording: warm[k % warm.length] as number });
    mine.forEach((recording, k) => {
      rows.push({ client, k: warmup + k + 1, w: 0, recording });
    });
  });
  const batch = Math.max(1, Math.floor(30_000 / (columns.length + 3)));
  for (let start = 0; start < rows.length; start += batch) {
    const values: unknown[] = [];
    const tuples = rows.slice(start, start + batch).map((r) => {
      const row = [r.client, r.k, r.w, ...(built.rows[r.recording] as unknown[])];
      const placeholders = row.map((v) => {
        values.push(v);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await pool.query(`insert into ${TABLE} values ${tuples.join(', ')}`, values);
  }
  await pool.query(`analyze ${TABLE}`);

  const threads = Math.min(clients, availableParallelism());
  const transactions = warmup + perClient;
  const logDir = mkdtempSync(path.join(tmpdir(), 'duban-replay-'));
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(clients),
    '-j',
    String(threads),
    '-t',
    String(transactions),
    '-D',
    'k=0',
    '-f',
    scriptFile,
  ];
  const readings = new Map<number, { first: number; last: number }>();
  const samples: Sample[] = [];
  let clientPid = 0;
  let polling: ReturnType<typeof setInterval> | undefined;
  const backendsBefore = new Set(await backendPids(pool, options.database));
  const poll = async () => {
    // A process's last reading before it exits is its figure: pgbench's backends end with it.
    const pids = [clientPid, ...(await backendPids(pool, options.database))];
    for (const pid of pids) {
      const cpu = processCpuSeconds(pid);
      if (cpu === 0) continue; // gone (or not started): keep its last reading
      const r = readings.get(pid);
      if (r) r.last = cpu;
      else readings.set(pid, { first: cpu, last: cpu });
    }
    let client = 0;
    let postgres = 0;
    for (const [pid, r] of readings) {
      if (pid === clientPid) client += r.last - r.first;
      else if (!backendsBefore.has(pid)) postgres += r.last - r.first;
    }
    samples.push({ atUs: Date.now() * 1000, client, postgres, ...machineCpuSeconds() });
  };
  let out: string;
  try {
    out = await run([...args, '-l', `--log-prefix=${path.join(logDir, 'replay')}`, options.url], (pid) => {
      clientPid = pid;
      polling = setInterval(() => void poll().catch(() => {}), 100);
    });
  } finally {
    if (polling) clearInterval(polling);
    if (!options.keep) await pool.query(`drop table if exists ${TABLE}`);
  }
  let window: SteadyWindow;
  try {
    window = steadyWindow(readLogs(logDir, 'replay'), warmup);
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  const avg = /latency average = ([\d.]+) ms/.exec(out);
  if (!tps) throw new Error(`could not read the replay's tps from:\n${out}`);

  const first = samples[0];
  const last = samples[samples.length - 1];
  const at = (key: keyof Omit<Sample, 'atUs'>, us: number) =>
    readingAt(
      samples.map((s) => ({ atUs: s.atUs, value: s[key] })),
      us,
    );
  const span = (key: keyof Omit<Sample, 'atUs'>) => at(key, window.endUs) - at(key, window.startUs);
  const busy = (b: number, t: number) => round(b / Math.max(t, 0.01), 2);
  const total = transactions * clients;
  const actions: Record<string, number> = {};
  for (const r of recordings) actions[r.action] = (actions[r.action] ?? 0) + 1;
  const statements = recordings.reduce((n, r) => n + r.statements.length, 0);
  const command = `pgbench ${args.join(' ')} <url>`;
  return {
    recorded: recordings.length,
    replayed: perClient * clients,
    shapes: built.shapes,
    scriptStatements: { slots: built.slots, distinct: built.distinct },
    statementsPerCompletion: round(statements / recordings.length, 1),
    actions,
    refused,
    scarcest,
    clients,
    warmupPerClient: warmup,
    seconds: round(window.seconds, 1),
    tps: round(window.tps, 1),
    latencyAverageMs: round(window.latencyAverageMs, 2),
    window: { transactions: window.transactions, method: window.method },
    cpuMsPerTransaction:
      samples.length > 1
        ? {
            client: round((span('client') * 1000) / window.transactions, 2),
            postgres: round((span('postgres') * 1000) / window.transactions, 2),
          }
        : undefined,
    machineBusy: samples.length > 1 ? busy(span('busy'), span('total')) : undefined,
    whole: {
      seconds: round(total / Number(tps[1]), 1),
      tps: round(Number(tps[1]), 1),
      latencyAverageMs: avg ? Number(avg[1]) : undefined,
      cpuMsPerTransaction: last
        ? {
            client: round((last.client * 1000) / total, 2),
            postgres: round((last.postgres * 1000) / total, 2),
          }
        : undefined,
      machineBusy: first && last ? busy(last.busy - first.busy, last.total - first.total) : undefined,
    },
    recordSeconds,
    script: scriptFile,
    command,
  };
}
