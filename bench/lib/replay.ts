/**
 * The database's floor for a completion: the statements the server issues for a representative
 * mix of completions (the completion run's own mix, see bodyFor), replayed by pgbench with
 * prepared statements and the same number of clients, on the same database. completions/s through
 * the real server ÷ this replay's tps says how much the application adds to the database's work.
 *
 * 1. Sample up to N pending tasks, one per item, with bodies chosen as the completion run chooses
 *    them, in the proportions of the run's own completions by action (sampleLikeRun: fewer than N
 *    when one action's pending tasks run out). Run the request's session lookup and the completion
 *    through the real services with a statement-recording Drizzle logger, in transactions that are
 *    rolled back (bench/lib/explain.ts): the data is unchanged, and each recording is the exact
 *    statements, with their parameters, that one POST /api/tasks/:id/complete issues.
 * 2. Group the recordings by shape (the statements' text, and which parameters are NULL). Load every
 *    recording's parameters as one row of a `bench_replay` table: shape number and p1…pK as text.
 * 3. One pgbench script: take the next row (`nextval`), `\gset` its values, and by its shape
 *    (`\if :shape = n`) run that shape's statements between BEGIN and COMMIT, each parameter a
 *    pgbench variable — `-M prepared` sends them as bind parameters, untyped, as node-postgres does.
 *    `-t` gives each client an equal share of the rows, so no recording runs twice.
 *
 * The replay does one statement more per transaction than the server (the row fetch, an index
 * lookup), which makes the floor slightly lower (the ratio slightly kinder) than the truth.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { hashToken } from '../../src/server/modules/auth/service';
import { sampleLikeRun } from './completion';
import { backendPids, machineCpuSeconds, processCpuSeconds } from './cpu';
import { Explainer, loadActor } from './explain';
import type { Org } from './org';
import { Random } from './random';
import { round } from './stats';

export interface ReplayResult {
  /** Completions recorded, and how many of them replayed (each client an equal share). */
  recorded: number;
  replayed: number;
  /** Distinct statement sequences among the recordings. */
  shapes: number;
  /** Statements per completion, mean (the row fetch not counted). */
  statementsPerCompletion: number;
  /** Recordings by action (the completion run's mix). */
  actions: Record<string, number>;
  /** Sampled tasks whose completion the services refused (not recorded: not part of the mix). */
  refused: Record<string, number>;
  /** The action whose pending tasks ran out first: it limits how many completions keep the run's mix. */
  scarcest: { action: string; found: number; wanted: number } | undefined;
  clients: number;
  seconds: number;
  tps: number;
  latencyAverageMs: number | undefined;
  recordSeconds: number;
  cpuMsPerTransaction: { client: number; postgres: number } | undefined;
  machineBusy: number | undefined;
  /** The generated pgbench script, for reading or rerunning by hand. */
  script: string;
}

type Statement = { sql: string; params: unknown[] };
/** One completion: the request's session lookup (`before`, outside the command's transaction), then the command. */
type Recording = { shape: string; before: Statement[]; statements: Statement[]; action: string };

/** A parameter as node-postgres would send it, as text (arrays as PostgreSQL array literals). */
function asText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = value.map((v) =>
      v === null || v === undefined ? 'NULL' : `"${asText(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
    );
    return `{${items.join(',')}}`;
  }
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** `$3` → `:p<offset+3>`; a NULL parameter becomes a NULL literal (pgbench variables cannot be NULL). */
function templateOf(sql: string, params: unknown[], offset: number): string {
  return sql.replace(/\$(\d+)\b/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    return value === null || value === undefined ? 'NULL' : `:p${offset + Number(n)}`;
  });
}

async function record(
  pool: pg.Pool,
  org: Org,
  count: number,
  seed: number,
  workers: number,
  mix: Record<string, number>,
  clients: number,
): Promise<{ recordings: Recording[]; refused: Record<string, number>; scarcest: ReplayResult['scarcest'] }> {
  // At least 100 completions per pgbench connection where the candidates allow (see sampleLikeRun).
  const { jobs, scarcest } = await sampleLikeRun(
    pool,
    count,
    mix,
    new Random(seed * 7919 + 1),
    org,
    Math.min(count, clients * 100),
  );
  const actors = new Map<string, { actor: Awaited<ReturnType<typeof loadActor>>; token: string }>();
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
          // A session of the user's own, as the completion run's clients have: every POST looks it up.
          const token = randomBytes(32).toString('base64url');
          await pool.query(
            `insert into sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent)
             values ($1, $2, now(), now(), '127.0.0.1', 'duban-bench')`,
            [hashToken(token), job.task.assignee_id],
          );
          seat = { actor: await loadActor(pool, job.task.assignee_id), token };
          actors.set(job.task.assignee_id, seat);
        }
        const { actor, token } = seat;
        // The server touches a session at most every 30 s, not on a completion of the run: a recording
        // taken more than 30 s after its session was made would otherwise carry the touch (it did, in
        // 38 % of them, and their updates of one shared session row then queued on each other).
        await pool.query('update sessions set last_seen_at = now() where token_hash = $1', [
          hashToken(token),
        ]);
        let before: Statement[];
        let statements: Statement[];
        try {
          before = await explainer.statementsOf((s) => s.auth.authenticate(token, '127.0.0.1', false));
          statements = await explainer.statementsOf((s) => s.tasks.complete(actor, job.task.id, job.body));
        } catch (error) {
          // Refused (e.g. a rule the sample query does not know): not part of the mix, but counted.
          const key = `${job.action}: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`;
          refused[key] = (refused[key] ?? 0) + 1;
          continue;
        }
        const shape = [...before, { sql: 'BEGIN', params: [] }, ...statements]
          .map(
            (s) =>
              `${s.sql}\u0000${s.params.map((p) => (p === null || p === undefined ? 'n' : 'v')).join('')}`,
          )
          .join('\u0001');
        recordings.push({ shape, before, statements, action: job.action });
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

export async function runReplay(options: {
  url: string;
  pool: pg.Pool;
  org: Org;
  database: string;
  clients: number;
  transactions: number;
  /** The completion run's completions by action: the replay records the same proportions. */
  mix: Record<string, number>;
  seed: number;
  /** Where the script is written. */
  dir: string;
  runId: string;
}): Promise<ReplayResult> {
  const { pool } = options;
  const recordStarted = performance.now();
  const { recordings, refused, scarcest } = await record(
    pool,
    options.org,
    options.transactions,
    options.seed,
    4,
    options.mix,
    options.clients,
  );
  const recordSeconds = round((performance.now() - recordStarted) / 1000, 1);
  if (recordings.length < options.clients)
    throw new Error(`replay: only ${recordings.length} completions recorded`);

  // Shapes, and each shape's statements as a template over p1…pK.
  const shapes = new Map<string, number>();
  const scriptParts: string[] = [];
  let width = 0;
  for (const r of recordings) {
    if (shapes.has(r.shape)) continue;
    const n = shapes.size + 1;
    shapes.set(r.shape, n);
    let offset = 0;
    const lines = (statements: Statement[]) =>
      statements.map((s) => {
        const line = `${templateOf(s.sql.trim(), s.params, offset)};`;
        offset += s.params.length;
        return line;
      });
    const before = lines(r.before);
    const inside = lines(r.statements);
    width = Math.max(width, offset);
    scriptParts.push(
      `${n === 1 ? '\\if' : '\\elif'} :shape = ${n}`,
      ...before,
      'BEGIN;',
      ...inside,
      'COMMIT;',
    );
  }
  const columns = Array.from({ length: width }, (_, i) => `p${i + 1}`);
  const script = [
    `SELECT shape${columns.map((c) => `, ${c}`).join('')} FROM bench_replay WHERE n = (SELECT nextval('bench_replay_n')) \\gset`,
    ...scriptParts,
    '\\endif',
    '',
  ].join('\n');
  mkdirSync(options.dir, { recursive: true });
  const scriptFile = path.join(options.dir, `${options.runId}-replay.sql`);
  writeFileSync(scriptFile, script);

  // The rows, in the recordings' order.
  await pool.query('drop table if exists bench_replay; drop sequence if exists bench_replay_n');
  await pool.query(
    `create unlogged table bench_replay (n int primary key, shape int not null${columns.map((c) => `, ${c} text`).join('')})`,
  );
  await pool.query('create sequence bench_replay_n');
  const batch = 200;
  for (let start = 0; start < recordings.length; start += batch) {
    const slice = recordings.slice(start, start + batch);
    const values: unknown[] = [];
    const tuples = slice.map((r, i) => {
      const params = [...r.before, ...r.statements].flatMap((s) => s.params);
      const row = [
        start + i + 1,
        shapes.get(r.shape),
        ...columns.map((_, k) => (k < params.length ? params[k] : null)),
      ];
      const placeholders = row.map((v) => {
        values.push(v === null || v === undefined ? null : typeof v === 'number' ? v : asText(v));
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await pool.query(`insert into bench_replay values ${tuples.join(', ')}`, values);
  }
  await pool.query('analyze bench_replay');

  // Each client an equal share; pgbench reports tps over the whole run.
  const perClient = Math.floor(recordings.length / options.clients);
  const threads = Math.min(options.clients, availableParallelism());
  const readings = new Map<number, { first: number; last: number }>();
  let machineFirst: { busy: number; total: number } | undefined;
  let machineLast: { busy: number; total: number } | undefined;
  let clientPid = 0;
  let polling: ReturnType<typeof setInterval> | undefined;
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
    machineLast = machineCpuSeconds();
    machineFirst ??= machineLast;
  };
  const backendsBefore = new Set(await backendPids(pool, options.database));
  let out: string;
  try {
    out = await run(
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(options.clients),
        '-j',
        String(threads),
        '-t',
        String(perClient),
        '-f',
        scriptFile,
        options.url,
      ],
      (pid) => {
        clientPid = pid;
        polling = setInterval(() => void poll().catch(() => {}), 100);
      },
    );
  } finally {
    if (polling) clearInterval(polling);
    await pool.query('drop table if exists bench_replay; drop sequence if exists bench_replay_n');
  }
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  const avg = /latency average = ([\d.]+) ms/.exec(out);
  if (!tps) throw new Error(`could not read the replay's tps from:\n${out}`);
  const replayed = perClient * options.clients;
  let client = 0;
  let postgres = 0;
  for (const [pid, r] of readings) {
    if (pid === clientPid) client += r.last - r.first;
    else if (!backendsBefore.has(pid)) postgres += r.last - r.first;
  }
  const actions: Record<string, number> = {};
  for (const r of recordings) actions[r.action] = (actions[r.action] ?? 0) + 1;
  const statements = recordings.reduce((n, r) => n + r.before.length + r.statements.length, 0);
  const seconds = replayed / Number(tps[1]);
  return {
    recorded: recordings.length,
    replayed,
    shapes: shapes.size,
    statementsPerCompletion: round(statements / recordings.length, 1),
    actions,
    refused,
    scarcest,
    clients: options.clients,
    seconds: round(seconds, 1),
    tps: round(Number(tps[1]), 1),
    latencyAverageMs: avg ? Number(avg[1]) : undefined,
    recordSeconds,
    cpuMsPerTransaction:
      readings.size > 0
        ? { client: round((client * 1000) / replayed, 2), postgres: round((postgres * 1000) / replayed, 2) }
        : undefined,
    machineBusy:
      machineFirst && machineLast
        ? round(
            (machineLast.busy - machineFirst.busy) / Math.max(machineLast.total - machineFirst.total, 0.01),
            2,
          )
        : undefined,
    script: scriptFile,
  };
}
