/** CPU accounting from /proc: where the cores went during a phase (Linux only; zeros elsewhere). */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { HARNESS_APPLICATION } from './database';

const TICK = 100; // USER_HZ on Linux

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** utime + stime of a process, seconds. */
export function processCpuSeconds(pid: number): number {
  const { user, system } = processCpuSplit(pid);
  return user + system;
}

/** utime and stime of a process (and its threads), seconds. */
export function processCpuSplit(pid: number): { user: number; system: number } {
  const stat = read(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11] ?? 0) / TICK, system: Number(fields[12] ?? 0) / TICK };
}

/** Busy and total CPU seconds of the whole machine (all cores). */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = read('/proc/stat').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICK, total: total / TICK };
}

/**
 * Backends of one database (to charge their CPU to the phase), but the harness's own (its look-ups
 * of tasks to complete and of users are not the server's work: in the completion run they were one
 * query per ~6 completions, the seats' users having few tasks each).
 */
export async function backendPids(pool: pg.Pool, database: string): Promise<number[]> {
  const { rows } = await pool.query<{ pid: number }>(
    `select pid from pg_stat_activity
     where datname = $1 and pid <> pg_backend_pid() and application_name is distinct from $2`,
    [database, HARNESS_APPLICATION],
  );
  return rows.map((r) => r.pid);
}

/**
 * The harness's own backends on one database (its look-ups of tasks and users during a run), and
 * PostgreSQL's background processes (WAL writer, checkpointer, background writer, autovacuum): neither
 * is charged to a completion, but both share the cores with it, so the bench prints them beside it.
 */
export async function harnessAndBackgroundPids(
  pool: pg.Pool,
  database: string,
): Promise<{ harness: number[]; background: number[] }> {
  const { rows } = await pool.query<{ pid: number; harness: boolean }>(
    `select pid, application_name = $2 as harness from pg_stat_activity
     where (datname = $1 and application_name = $2) or backend_type <> 'client backend'`,
    [database, HARNESS_APPLICATION],
  );
  return {
    harness: rows.filter((r) => r.harness).map((r) => r.pid),
    background: rows.filter((r) => !r.harness).map((r) => r.pid),
  };
}

export interface CpuWindow {
  seconds: number;
  /** Share of all cores busy, 0–1 (everything on the machine, other users included). */
  machineBusy: number;
  /** CPU seconds of the given processes during the window. */
  processes: Record<string, number>;
  /** Of which in the kernel (stime: system calls, e.g. loopback TCP sends and receives). */
  kernel: Record<string, number>;
}

/** Starts a window over the named processes; `stop()` answers the deltas. */
export function cpuWindow(processes: Record<string, () => number[]>) {
  const started = performance.now();
  const machine = machineCpuSeconds();
  const before = new Map<number, { user: number; system: number }>();
  for (const pids of Object.values(processes))
    for (const pid of pids()) before.set(pid, processCpuSplit(pid));
  return {
    stop(): CpuWindow {
      const now = machineCpuSeconds();
      const out: Record<string, number> = {};
      const kernel: Record<string, number> = {};
      for (const [name, pids] of Object.entries(processes)) {
        let sum = 0;
        let system = 0;
        for (const pid of pids()) {
          const now = processCpuSplit(pid);
          const then = before.get(pid) ?? { user: 0, system: 0 };
          // Gone since the start (its /proc entry reads as zero): what it used is not known.
          if (now.user + now.system < then.user + then.system) continue;
          sum += now.user + now.system - then.user - then.system;
          system += now.system - then.system;
        }
        out[name] = Math.round(sum * 100) / 100;
        kernel[name] = Math.round(system * 100) / 100;
      }
      return {
        seconds: Math.round(performance.now() - started) / 1000,
        machineBusy:
          Math.round(((now.busy - machine.busy) / Math.max(now.total - machine.total, 0.01)) * 100) / 100,
        processes: out,
        kernel,
      };
    },
  };
}
