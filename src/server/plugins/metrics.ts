/**
 * `GET /metrics` in Prometheus' text format (prom-client), off unless METRICS_TOKEN is set, and then
 * only for `Authorization: Bearer <METRICS_TOKEN>`: request latency per route, task completions,
 * the scheduled jobs (runs, duration, lag, reminders sent), the PostgreSQL pool, and the process's
 * own figures (CPU, memory, event-loop lag, handles).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Database } from '../../db/client';
import { AppError } from '../../domain/errors';

/** What the scheduler reports after each run (SchedulerOptions.onRun). */
export interface JobRun {
  seconds: number;
  ok: boolean;
  /** Reminders sent by kind (`monthly`, `deadline`, …): every numeric field of the run's answer. */
  sent: Readonly<Record<string, unknown>>;
}

export interface Metrics {
  jobRun(run: JobRun): void;
}

const NO_METRICS: Metrics = { jobRun: () => {} };

/** The pg pool behind a node-postgres Drizzle instance; none on the embedded database. */
function poolOf(db: Database | undefined): pg.Pool | undefined {
  const client = (db as { $client?: unknown } | undefined)?.$client;
  return client instanceof pg.Pool ? client : undefined;
}

export async function registerMetrics(
  app: FastifyInstance,
  token: string | undefined,
  db?: Database,
  now: () => number = Date.now,
): Promise<Metrics> {
  if (!token) return NO_METRICS;
  // prom-client only when /metrics is served (METRICS_TOKEN is off by default).
  const { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } = await import('prom-client');
  // A registry per app: tests build many apps in one process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'duban_' });
  const latency = new Histogram({
    name: 'duban_http_request_duration_seconds',
    help: 'HTTP answers by route pattern, method and status, in seconds',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const completions = new Counter({
    name: 'duban_task_completions_total',
    help: 'Tasks completed (POST /api/tasks/:id/complete answered 200)',
    registers: [registry],
  });
  const reminders = new Counter({
    name: 'duban_reminders_sent_total',
    help: 'Reminders this instance sent (each is sent once across instances), by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'duban_job_runs_total',
    help: 'Runs of the scheduled jobs (reminders, directory sync, clean-up), by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'duban_job_run_duration_seconds',
    help: 'How long a run of the scheduled jobs took, in seconds',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const started = now();
  let lastSuccess: number | undefined;
  new Gauge({
    name: 'duban_job_lag_seconds',
    help:
      'Seconds since the scheduled jobs last ran successfully (since start-up before the first): ' +
      'alert when it exceeds a few JOBS_INTERVAL_SECONDS',
    registers: [registry],
    collect() {
      this.set((now() - (lastSuccess ?? started)) / 1000);
    },
  });
  const pool = poolOf(db);
  if (pool) {
    new Gauge({
      name: 'duban_db_pool_connections',
      help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, never the raw URL (ids would make a series per item); 404s share one.
    const route = request.routeOptions.url ?? '(unmatched)';
    if (route === '/metrics') return;
    latency.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (route === '/api/tasks/:id/complete' && reply.statusCode === 200) completions.inc();
  });

  const expected = Buffer.from(`Bearer ${token}`);
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError('unauthenticated', '需要 METRICS_TOKEN');
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });

  return {
    jobRun({ seconds, ok, sent }) {
      jobRuns.inc({ outcome: ok ? 'ok' : 'failed' });
      jobDuration.observe(seconds);
      if (ok) lastSuccess = now();
      for (const [kind, count] of Object.entries(sent)) {
        if (typeof count === 'number' && count > 0) reminders.inc({ kind }, count);
      }
    },
  };
}
