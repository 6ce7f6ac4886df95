/**
 * GET /metrics beyond request latency (issue 12): task completions, the scheduled jobs' runs,
 * duration and lag, reminders sent by kind, and the PostgreSQL pool — each read back from /metrics
 * after the thing it counts happened.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../src/jobs/scheduler';
import { registerMetrics } from '../src/server/plugins/metrics';
import { buildOrg, itemBody, type Org } from './factories';
import { createTestApp, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

beforeAll(async () => {
  t = await createTestApp({ metricsToken: 'metrics-token' });
  org = await buildOrg(t);
});
afterAll(() => t.close());

async function metrics(): Promise<string> {
  const res = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer metrics-token' } });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** The value of one series (name and labels exactly as written), or undefined when absent. */
function value(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics series', () => {
  it('counts task completions', async () => {
    const item = await org.clients.sup.post('/api/items', itemBody(org));
    expect(item.statusCode).toBe(201);
    const before = value(await metrics(), 'duban_task_completions_total');
    const { tasks } = (await org.clients.head.get('/api/tasks?state=pending&pageSize=200')).json();
    const task = tasks.find((x: { itemId: string }) => x.itemId === item.json().id);
    const done = await org.clients.head.post(`/api/tasks/${task.id}/complete`, {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'not_done',
      reason: '进行中',
      measures: '继续推进',
    });
    expect(done.statusCode).toBe(200);
    expect(value(await metrics(), 'duban_task_completions_total')).toBe((before ?? 0) + 1);
  });

  it('job runs, their duration and lag, and the reminders each run sent, by kind', async () => {
    const before = await metrics();
    expect(value(before, 'duban_job_runs_total{outcome="ok"}') ?? 0).toBe(0);
    // Before any run the lag counts from start-up.
    expect(value(before, 'duban_job_lag_seconds')).toBeGreaterThanOrEqual(0);
    // Due in two days: the 3-day notice goes to the lead handlers.
    const soon = await org.clients.sup.post('/api/items', itemBody(org, { dueAt: '2026-03-04' }));
    expect(soon.statusCode).toBe(201);
    const sent = await t.scheduler.runOnce();
    expect(sent.monthly + sent.deadline).toBeGreaterThan(0);
    await t.scheduler.runOnce();

    const after = await metrics();
    expect(value(after, 'duban_job_runs_total{outcome="ok"}')).toBe(2);
    expect(value(after, 'duban_job_run_duration_seconds_count')).toBe(2);
    expect(value(after, 'duban_job_lag_seconds')).toBeLessThan(30);
    for (const kind of ['monthly', 'deadline'] as const) {
      expect(value(after, `duban_reminders_sent_total{kind="${kind}"}`) ?? 0).toBe(sent[kind]);
    }
  });

  it('the PostgreSQL pool’s connections (none on the embedded database)', async () => {
    const body = await metrics();
    if (t.db.kind === 'postgres') {
      expect(value(body, 'duban_db_pool_connections{state="total"}')).toBeGreaterThan(0);
      expect(value(body, 'duban_db_pool_connections{state="waiting"}')).toBe(0);
    } else {
      expect(body).not.toContain('duban_db_pool_connections');
    }
  });
});

describe('a failed run', () => {
  it('is reported by the scheduler (ok: false) and counted as failed, leaving the lag to grow', async () => {
    const onRun = vi.fn();
    const down = { execute: () => Promise.reject(new Error('database down')) };
    const quiet = { info: () => {}, warn: () => {}, error: () => {} };
    const scheduler = createScheduler(down as never, () => new Date(), {} as never, quiet as never, {
      timeZone: 'Asia/Shanghai',
      monthlyDay: 1,
      intervalSeconds: 300,
      purgeExpiredSessions: async () => {},
      onRun,
    });
    await expect(scheduler.runOnce()).rejects.toThrow('database down');
    expect(onRun).toHaveBeenCalledWith(expect.objectContaining({ ok: false, sent: {} }));

    const app = Fastify();
    let clock = 1_000_000;
    const jobs = await registerMetrics(app, 'tok', undefined, () => clock);
    jobs.jobRun({ seconds: 0.2, ok: true, sent: { monthly: 3, deadline: 0 } });
    clock += 600_000;
    jobs.jobRun({ seconds: 0.1, ok: false, sent: {} });
    const body = (await app.inject({ url: '/metrics', headers: { authorization: 'Bearer tok' } })).body;
    expect(value(body, 'duban_job_runs_total{outcome="ok"}')).toBe(1);
    expect(value(body, 'duban_job_runs_total{outcome="failed"}')).toBe(1);
    expect(value(body, 'duban_reminders_sent_total{kind="monthly"}')).toBe(3);
    expect(value(body, 'duban_job_lag_seconds')).toBe(600);
    await app.close();
  });
});
