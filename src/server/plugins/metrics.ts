/**
 * `GET /metrics` in Prometheus' text format (prom-client), off unless METRICS_TOKEN is set, and then
 * only for `Authorization: Bearer <METRICS_TOKEN>`: request latency per route, task completions,
 * and the process's own figures (CPU, memory, event-loop lag, handles).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { AppError } from '../../domain/errors';

export function registerMetrics(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
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
}
