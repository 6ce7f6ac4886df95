/** Latency of read endpoints: sequential requests from signed-in clients, after a warm-up. */
import type { HttpClient } from './http';
import { type Latency, latency } from './stats';

export interface ListMeasurement extends Latency {
  path: string;
  /** `total` of the answer, when it has one (to show what was measured). */
  total: number | undefined;
  rows: number | undefined;
}

export interface Target {
  client: HttpClient;
  path: string;
}

async function get(target: Target): Promise<{ ms: number; body: string }> {
  const answer = await target.client.get(target.path);
  if (answer.status !== 200) {
    throw new Error(`GET ${target.path}: ${answer.status} ${answer.body.slice(0, 300)}`);
  }
  return answer;
}

function summarise(path: string, times: number[], lastBody: string): ListMeasurement {
  const body = JSON.parse(lastBody) as { total?: number; tasks?: unknown[]; items?: unknown[] };
  return { path, ...latency(times), total: body.total, rows: (body.tasks ?? body.items)?.length };
}

export async function measure(target: Target, samples: number, warmup = Math.min(20, samples)) {
  const [result] = await measureInterleaved([target], samples, 1, warmup);
  return result as ListMeasurement;
}

/**
 * Measures several targets in alternating rounds (a, b, c, a, b, c, …), so that a change in the
 * machine's load during the run (it is shared) falls on all of them alike.
 */
export async function measureInterleaved(
  targets: readonly Target[],
  samples: number,
  rounds = 10,
  warmup = 20,
): Promise<ListMeasurement[]> {
  const times = targets.map(() => [] as number[]);
  const last = targets.map(() => '');
  for (const target of targets) for (let i = 0; i < warmup; i++) await get(target);
  const perRound = Math.max(1, Math.ceil(samples / rounds));
  for (let r = 0; r < rounds; r++) {
    for (const [t, target] of targets.entries()) {
      for (let i = 0; i < perRound && (times[t] as number[]).length < samples; i++) {
        const answer = await get(target);
        (times[t] as number[]).push(answer.ms);
        last[t] = answer.body;
      }
    }
  }
  return targets.map((target, t) => summarise(target.path, times[t] as number[], last[t] as string));
}
