/**
 * The replay's steady window, from pgbench's per-transaction log (`-l`). pgbench's own tps covers the
 * whole run: the connections' first transactions (each prepares the script's statements, with cold
 * catalog caches), and the end, when the clients that finish first leave the others fewer to wait
 * for. The server of the completion run is measured after a warm-up with all its clients busy: the
 * replay's figure is taken the same way, over the span when every client has finished its warm-up
 * rows and none has finished its rows yet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One line of pgbench's log: `client_id transaction_no time script_no time_epoch time_us [...]`. */
export interface LogEntry {
  client: number;
  /** The client's transaction number, from 1. */
  transaction: number;
  latencyUs: number;
  /** When the transaction ended, µs since the epoch. */
  endUs: number;
}

export interface SteadyWindow {
  /** µs since the epoch. */
  startUs: number;
  endUs: number;
  seconds: number;
  /** Measured transactions (not warm-up) that ended in the window. */
  transactions: number;
  tps: number;
  latencyAverageMs: number;
  /**
   * 'all clients': from the last client's end of warm-up to the first client's last transaction;
   * 'trimmed': that span was too short (a client finished long before another), so the measured
   * transactions' span less its first and last 10 %.
   */
  method: 'all clients' | 'trimmed';
}

/** Log lines; failed and skipped transactions (`time` not a number) are left out. */
export function parseLog(text: string): LogEntry[] {
  const out: LogEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const [client, transaction, latency, , epoch, us] = f.map(Number) as number[];
    if (![client, transaction, latency, epoch, us].every((x) => Number.isFinite(x))) continue;
    out.push({
      client: client as number,
      transaction: transaction as number,
      latencyUs: latency as number,
      endUs: (epoch as number) * 1e6 + (us as number),
    });
  }
  return out;
}

/** Every log file pgbench wrote under `prefix` (one per thread: prefix.pid, prefix.pid.1, …). */
export function readLogs(dir: string, prefix: string): LogEntry[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}.`))
    .flatMap((f) => parseLog(readFileSync(path.join(dir, f), 'utf8')));
}

/**
 * The steady window of a replay whose clients each ran `warmup` warm-up transactions first (not
 * counted), then their measured ones.
 */
export function steadyWindow(entries: readonly LogEntry[], warmup: number): SteadyWindow {
  const byClient = new Map<number, LogEntry[]>();
  for (const e of entries) {
    const list = byClient.get(e.client) ?? [];
    list.push(e);
    byClient.set(e.client, list);
  }
  const measured = entries.filter((e) => e.transaction > warmup);
  if (measured.length === 0) throw new Error('replay: no measured transaction in the log');
  let start = Number.NEGATIVE_INFINITY;
  let end = Number.POSITIVE_INFINITY;
  for (const list of byClient.values()) {
    list.sort((a, b) => a.transaction - b.transaction);
    const first = list.find((e) => e.transaction > warmup);
    const last = list[list.length - 1] as LogEntry;
    if (!first) {
      // A client with no measured transaction: it ran only warm-up rows, and stopped at its last.
      end = Math.min(end, last.endUs);
      continue;
    }
    // Measuring from the end of its last warm-up transaction, or from the start of its first.
    const lastWarm = list.filter((e) => e.transaction <= warmup).pop();
    start = Math.max(start, lastWarm ? lastWarm.endUs : first.endUs - first.latencyUs);
    end = Math.min(end, last.endUs);
  }
  const spanStart = Math.min(...measured.map((e) => e.endUs - e.latencyUs));
  const spanEnd = Math.max(...measured.map((e) => e.endUs));
  let method: SteadyWindow['method'] = 'all clients';
  const inside = (s: number, e: number) => measured.filter((x) => x.endUs > s && x.endUs <= e);
  let counted = inside(start, end);
  // Too short to stand for the run (under a fifth of the measured transactions): trim instead.
  if (!(end > start) || counted.length < measured.length / 5) {
    method = 'trimmed';
    const cut = (spanEnd - spanStart) / 10;
    start = spanStart + cut;
    end = spanEnd - cut;
    counted = inside(start, end);
  }
  const seconds = (end - start) / 1e6;
  return {
    startUs: start,
    endUs: end,
    seconds,
    transactions: counted.length,
    tps: seconds > 0 ? counted.length / seconds : 0,
    latencyAverageMs:
      counted.length > 0 ? counted.reduce((a, e) => a + e.latencyUs, 0) / counted.length / 1000 : 0,
    method,
  };
}

/** A cumulative reading (CPU seconds) at a time, linearly between the two samples around it. */
export function readingAt(samples: readonly { atUs: number; value: number }[], atUs: number): number {
  if (samples.length === 0) return 0;
  const first = samples[0] as { atUs: number; value: number };
  if (atUs <= first.atUs) return first.value;
  for (let i = 1; i < samples.length; i++) {
    const b = samples[i] as { atUs: number; value: number };
    if (b.atUs < atUs) continue;
    const a = samples[i - 1] as { atUs: number; value: number };
    return b.atUs === a.atUs
      ? b.value
      : a.value + ((b.value - a.value) * (atUs - a.atUs)) / (b.atUs - a.atUs);
  }
  return (samples[samples.length - 1] as { atUs: number; value: number }).value;
}
