/** Framework overhead: authenticated GET /api/me against a bare Fastify hello route, with autocannon. */
import autocannon from 'autocannon';
import { type CpuWindow, cpuWindow } from './cpu';
import { round } from './stats';

export interface RateTarget {
  url: string;
  headers?: Record<string, string>;
  /** The server process, to account its CPU. */
  pid: number;
  /** Called around this target's measured slices (a CPU profile of them: --profile-overhead). */
  window?: { start(): Promise<void>; end(): Promise<void> };
}

export interface RateResult {
  url: string;
  requestsPerSecond: number;
  /** Medians of the slices' own medians and 99th percentiles. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  /** CPU seconds over all slices: `server` (the target) and `self` (autocannon, the load generator). */
  cpu: CpuWindow['processes'];
  /** Server CPU per request, ms. */
  serverCpuMsPerRequest: number;
  /** Of which in the kernel (system calls: the socket's reads and writes), ms. */
  serverKernelMsPerRequest: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Requests per second of each target with `connections` connections, measured in alternating slices
 * (a, b, a, b, …; `seconds` in all per target), so that the machine's changing load (it is shared)
 * falls on both alike.
 */
export async function compareRates(
  targets: readonly RateTarget[],
  options: { connections: number; seconds: number; slices: number },
): Promise<RateResult[]> {
  const sliceSeconds = Math.max(1, Math.round(options.seconds / options.slices));
  for (const t of targets) {
    await autocannon({ url: t.url, connections: options.connections, duration: 2, headers: t.headers ?? {} });
  }
  const acc = targets.map(() => ({
    requests: 0,
    seconds: 0,
    p50: [] as number[],
    p99: [] as number[],
    non2xx: 0,
    errors: 0,
    server: 0,
    serverKernel: 0,
    self: 0,
  }));
  for (const t of targets) await t.window?.start();
  for (let s = 0; s < options.slices; s++) {
    for (const [i, t] of targets.entries()) {
      const window = cpuWindow({ server: () => [t.pid], self: () => [process.pid] });
      const started = performance.now();
      const result = await autocannon({
        url: t.url,
        connections: options.connections,
        duration: sliceSeconds,
        headers: t.headers ?? {},
      });
      const cpu = window.stop();
      const a = acc[i] as (typeof acc)[number];
      a.requests += result.requests.total;
      a.seconds += (performance.now() - started) / 1000;
      a.p50.push(result.latency.p50);
      a.p99.push(result.latency.p99);
      a.non2xx += result.non2xx;
      a.errors += result.errors;
      a.server += cpu.processes.server ?? 0;
      a.serverKernel += cpu.kernel.server ?? 0;
      a.self += cpu.processes.self ?? 0;
    }
  }
  for (const t of targets) await t.window?.end();
  return targets.map((t, i) => {
    const a = acc[i] as (typeof acc)[number];
    return {
      url: t.url,
      requestsPerSecond: round(a.requests / a.seconds, 0),
      latencyP50Ms: median(a.p50),
      latencyP99Ms: median(a.p99),
      non2xx: a.non2xx,
      errors: a.errors,
      cpu: { server: round(a.server, 2), self: round(a.self, 2) },
      serverCpuMsPerRequest: round((a.server * 1000) / Math.max(a.requests, 1), 3),
      serverKernelMsPerRequest: round((a.serverKernel * 1000) / Math.max(a.requests, 1), 3),
    };
  });
}
