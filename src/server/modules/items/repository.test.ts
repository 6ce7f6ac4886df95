/** saveTransition's change detection: `same` agrees with comparing the values as JSON. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { same } from './repository';

/** JSON with every object's keys sorted (`same` ignores key order; it changes no stored value). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

// Values like a task's: strings, numbers, booleans, null, undefined fields, Dates, nested input.
const leaf = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.integer({ min: 0, max: 3 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n))),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('node'), { maxKeys: 3 }),
})).node;

describe('same (saveTransition)', () => {
  it('never calls two values the same when their JSON differs (no change goes unwritten)', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        if (same(a, b)) expect(canonical(a)).toBe(canonical(b));
        // And the JSON-equal pairs it tells apart are only an undefined array element against null.
        if (canonical(a) === canonical(b) && !canonical([a, b]).includes('null'))
          expect(same(a, b)).toBe(true);
        expect(same(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('sees a changed field of a task, a Date moved by 1 ms, an added opinion', () => {
    const task = { id: 't', state: 'pending', completedAt: null, input: { opinion: undefined } };
    expect(same(task, { ...task })).toBe(true);
    expect(same(task, { ...task, input: {} })).toBe(true);
    expect(same(task, { ...task, state: 'done' })).toBe(false);
    expect(same({ at: new Date(5) }, { at: new Date(6) })).toBe(false);
    expect(same(task, { ...task, input: { opinion: '同意。' } })).toBe(false);
    expect(same([1, 2], [1, 2, undefined])).toBe(false);
  });
});
