import { randomFillSync } from 'node:crypto';

/**
 * Time-ordered UUIDs (version 7) keep new rows at the right end of primary-key indexes.
 *
 * The same ids as the `uuid` package's v7 (a 48-bit millisecond time, then a 31-bit counter started
 * at random each millisecond and stepped within it, so the ids of one process sort in the order they
 * were made; then random bits), but with the random bytes drawn from the system 4 KiB at a time:
 * uuid asked Web Crypto for 16 bytes per id, ~3 % of the server's CPU per completion, which makes
 * 5–15 ids (docs/benchmarks.md). Checked against uuid's v7 in ids.test.ts.
 */
export const newId = (): string => {
  if (poolAt + BYTES_PER_ID > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += BYTES_PER_ID;
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seq = counterStart(pool, at);
  } else {
    // Within the same millisecond (or the clock went back): one more, and the next millisecond on
    // overflow, as uuid does.
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  return v7String(lastMs, seq, pool, at);
};

/** Random bytes an id takes from the pool: 4 for a new counter, 6 for the id's random bits. */
const BYTES_PER_ID = 10;
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
let lastMs = Number.NEGATIVE_INFINITY;
let seq = 0;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** The counter a millisecond starts at: 31 random bits (uuid's v7Sequence). */
export const counterStart = (random: Uint8Array, at: number): number =>
  (((random[at] as number) & 0x7f) << 24) |
  ((random[at + 1] as number) << 16) |
  ((random[at + 2] as number) << 8) |
  (random[at + 3] as number);

/**
 * The id of millisecond `ms` and counter `seq`, its random bits from `random[at + 4 …]`: the layout of
 * uuid's v7Bytes (its random bytes 10–15 are ours 4–9), written as text directly.
 */
export function v7String(ms: number, seq: number, random: Uint8Array, at: number): string {
  const r = (i: number) => random[at + i] as number;
  const h = (byte: number) => HEX[byte & 0xff] as string;
  return (
    h(ms / 0x10000000000) +
    h(ms / 0x100000000) +
    h(ms / 0x1000000) +
    h(ms / 0x10000) +
    '-' +
    h(ms / 0x100) +
    h(ms) +
    '-' +
    h(0x70 | ((seq >>> 28) & 0x0f)) +
    h(seq >>> 20) +
    '-' +
    h(0x80 | ((seq >>> 14) & 0x3f)) +
    h(seq >>> 6) +
    '-' +
    h(((seq << 2) & 0xff) | (r(4) & 0x03)) +
    h(r(5)) +
    h(r(6)) +
    h(r(7)) +
    h(r(8)) +
    h(r(9))
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths are not validated by schema: a malformed one is simply a resource that does not exist. */
export const isUuid = (value: string): boolean => UUID.test(value);
