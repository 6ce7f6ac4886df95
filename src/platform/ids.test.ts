import fc from 'fast-check';
import { v7, validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { counterStart, newId, v7String } from './ids';

describe('newId', () => {
  it('writes the same id as uuid’s v7 for the same time, counter and random bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        (msecs, seq, ours) => {
          // uuid's 16 random bytes: its 10–15 are the id's random bits, ours 4–9.
          const random = new Uint8Array(16);
          random.set(ours.subarray(4), 10);
          expect(v7String(msecs, seq, ours, 0)).toBe(v7({ msecs, seq, random }));
        },
      ),
    );
  });

  it('starts each millisecond’s counter as uuid does (31 random bits)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        const seq = counterStart(bytes, 0);
        expect(seq).toBeGreaterThanOrEqual(0);
        expect(seq).toBeLessThan(2 ** 31);
        // uuid derives the counter from its random bytes 6–9 when none is given.
        const random = new Uint8Array(16);
        random.set(bytes, 6);
        expect(v7String(0, seq, random, 6)).toBe(v7({ msecs: 0, random }));
      }),
    );
  });

  it('gives valid, unique version-7 ids of the current time, in the order they were made', () => {
    const before = Date.now();
    // More than one pool of random bytes (4 KiB, 10 bytes an id).
    const ids = Array.from({ length: 5000 }, () => newId());
    const after = Date.now();
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const msOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msOf(ids[0] as string)).toBeGreaterThanOrEqual(before);
    expect(msOf(ids.at(-1) as string)).toBeLessThanOrEqual(after + 1);
    // The random bits differ (not a constant tail).
    expect(new Set(ids.map((id) => id.slice(-10))).size).toBeGreaterThan(4900);
  });
});
