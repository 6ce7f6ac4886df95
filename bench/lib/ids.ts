import { randomBytes } from 'node:crypto';

/**
 * Fast time-ordered UUIDs in the layout of UUIDv7 (as src/server/ids.ts makes them), for millions of
 * generated rows: the uuid package's v7 costs ~5 µs each. A run-wide random tail and a counter in
 * the time and rand_a fields keep them unique and increasing; the time field starts ten days back, so
 * ids the application creates during the run sort after them, like newer rows do.
 */
export class IdSource {
  private n = 0;
  private readonly base = Date.now() - 10 * 86_400_000;
  private readonly tail = randomBytes(8).toString('hex').slice(0, 15);

  next(): string {
    const n = this.n++;
    const time = (this.base + Math.floor(n / 4096)).toString(16).padStart(12, '0');
    const randA = (n % 4096).toString(16).padStart(3, '0');
    return `${time.slice(0, 8)}-${time.slice(8)}-7${randA}-8${this.tail.slice(0, 3)}-${this.tail.slice(3)}`;
  }
}
