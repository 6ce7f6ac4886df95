import { describe, expect, it } from 'vitest';
import { hashPassword, oneAtATime, verifyPassword } from './passwords';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('argon2 one at a time', () => {
  it('runs queued work one after another, in order, and a failure does not stop the queue', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const job = (n: number, fail = false) =>
      oneAtATime(async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        order.push(n);
        running--;
        if (fail) throw new Error(`job ${n}`);
        return n;
      });
    const results = await Promise.allSettled([job(1), job(2, true), job(3), job(4)]);
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });

  it('sign-ins arriving together each get their own answer', async () => {
    const stored = await hashPassword('Correct#Horse1');
    const answers = await Promise.all(
      ['Correct#Horse1', 'wrong', 'Correct#Horse1', 'also wrong'].map((p) => verifyPassword(stored, p)),
    );
    expect(answers).toEqual([true, false, true, false]);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
