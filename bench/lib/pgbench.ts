/** PostgreSQL's own ceiling on this machine: pgbench tpcb-like on a scratch database of the same server. */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { backendPids, type CpuWindow, cpuWindow } from './cpu';
import { openPool } from './database';
import { round } from './stats';

export interface PgbenchResult {
  scale: number;
  clients: number;
  threads: number;
  seconds: number;
  tps: number;
  latencyAverageMs: number | undefined;
  initSeconds: number;
  /** Where the CPU went during the run (after the first second): pgbench itself and its backends. */
  cpu: CpuWindow | undefined;
  /** CPU milliseconds per transaction: the pgbench client, and PostgreSQL backends. */
  cpuMsPerTransaction: { client: number; postgres: number } | undefined;
}

function run(args: string[], onStart?: (pid: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', args);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('spawn', () => onStart?.(child.pid as number));
    child.on('error', (e) =>
      reject(
        new Error(
          `pgbench not found (${e.message}); install postgresql-client (apt-get install postgresql-client)`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`pgbench ${args[0]} failed: ${out}`)),
    );
  });
}

export async function runPgbench(
  url: string,
  database: string,
  clients: number,
  seconds: number,
  scale: number,
): Promise<PgbenchResult> {
  const initStarted = performance.now();
  await run(['-i', '-q', '-s', String(scale), url]);
  const initSeconds = (performance.now() - initStarted) / 1000;
  const threads = Math.min(clients, availableParallelism());
  const pool = openPool(url, 1);
  let started: Promise<void> | undefined;
  let cpu: CpuWindow | undefined;
  try {
    const out = await run(
      ['-c', String(clients), '-j', String(threads), '-T', String(seconds), url],
      (pid) => {
        // From the second second to half a second before the end: the processes must still be
        // there to be read.
        started = (async () => {
          await new Promise((r) => setTimeout(r, 1000));
          const pids = await backendPids(pool, database);
          const window = cpuWindow({ client: () => [pid], postgres: () => pids });
          await new Promise((r) => setTimeout(r, Math.max(0, seconds * 1000 - 1500)));
          cpu = window.stop();
        })();
      },
    );
    await started;
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    const avg = /latency average = ([\d.]+) ms/.exec(out);
    if (!tps) throw new Error(`could not read pgbench's tps from:\n${out}`);
    const rate = Number(tps[1]);
    const transactions = rate * (cpu?.seconds ?? 0);
    return {
      scale,
      clients,
      threads,
      seconds,
      tps: round(rate, 1),
      latencyAverageMs: avg ? Number(avg[1]) : undefined,
      initSeconds: Math.round(initSeconds),
      cpu,
      cpuMsPerTransaction:
        cpu && transactions > 0
          ? {
              client: round(((cpu.processes.client ?? 0) * 1000) / transactions, 2),
              postgres: round(((cpu.processes.postgres ?? 0) * 1000) / transactions, 2),
            }
          : undefined,
    };
  } finally {
    await pool.end();
  }
}
