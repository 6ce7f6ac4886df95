/**
 * What a large answer does to every later small request unless V8's allocation-site pretenuring is
 * off (SERVER_NODE_FLAGS, scripts/build.mjs): run with the server's flags, prints the number of full
 * collections (mark-compact) while short-lived objects are made — none with the flag, many without.
 *
 * Phase 1 is the large answer: objects from one literal all survive, so V8 marks the literal
 * "pretenured" (made straight in the old generation). Phase 2 is the small requests: objects from
 * the same literal die at once, but each points at a young object, and the old generation counts
 * as alive until the next full collection, so the young ones survive the scavenges and are promoted.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';

/** The one literal both phases share, as a large list and a small request may share code. */
function row(id, extra) {
  return { id, name: 'name', extra };
}

let kept = [];
for (let round = 0; round < 30; round++) {
  kept = [];
  for (let i = 0; i < 100_000; i++) kept.push(row(i, null));
}
kept = null;

let major = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
});
observer.observe({ entryTypes: ['gc'] });
// Let the collections of phase 1 be reported before counting.
await new Promise((resolve) => setTimeout(resolve, 50));
major = 0;

let sink;
for (let i = 0; i < 5_000_000; i++) sink = row(i, { value: i, label: 'label' });
await new Promise((resolve) => setTimeout(resolve, 50));
observer.disconnect();
process.stdout.write(`${JSON.stringify({ major, last: sink.id })}\n`);
