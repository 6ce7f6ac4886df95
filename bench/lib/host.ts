/**
 * How fast this host hands out fresh memory: the time of one page fault, measured by touching one
 * byte in each 4 KiB page of a newly allocated block.
 *
 * Why: Lighthouse's CPU benchmark index times a JavaScript loop, which runs on memory the process
 * already has. A browser loading a page mostly runs on memory it has just asked for (a new renderer,
 * its V8 heap, the layout tree), and on a virtualised host a page fault can cost ten times what it
 * costs on bare metal, and move from hour to hour. On 2 December two machines of the same kind gave
 * index 2,067–2,257 with 登录's blocking time at 102 ms, and index 1,967–2,742 with 433–1,260 ms for
 * the same build: the index did not tell them apart. Printed next to the index and the load average.
 */
import { round } from './stats';

const PAGE = 4096;

/**
 * Microseconds per page fault (median of `rounds`), touching `megabytes` of fresh memory each round.
 * `Buffer.allocUnsafeSlow` of this size comes from mmap, untouched: each first write is one fault.
 */
export function pageFaultMicros(megabytes = 64, rounds = 3): number {
  const size = megabytes * 2 ** 20;
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const block = Buffer.allocUnsafeSlow(size);
    const started = process.hrtime.bigint();
    for (let i = 0; i < size; i += PAGE) block[i] = 1;
    const elapsed = Number(process.hrtime.bigint() - started) / 1000;
    results.push(elapsed / (size / PAGE));
  }
  results.sort((a, b) => a - b);
  return round(results[Math.floor(results.length / 2)] ?? 0, 2);
}
