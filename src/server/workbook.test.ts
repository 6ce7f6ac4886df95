import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('loading exceljs', () => {
  // V8 keeps a fast path for every typed-array slice and subarray (Buffer's included: pg's row
  // parsing, HTTP) while no code has touched a typed array's `constructor`; the first such touch
  // turns it off for the life of the process. traverse@0.3.10, deep in exceljs (unzipper → binary →
  // chainsaw), loads es-shims' typedarray.prototype.slice, whose feature test does exactly that —
  // so the first export or import made every later request slower. package.json pins traverse to
  // 0.3.9 (no dependencies) through `overrides`; docs/benchmarks.md has the measurements.
  it("keeps V8's typed-array species protector intact", () => {
    const script = `
      const before = %TypedArraySpeciesProtector();
      import('exceljs').then(() => process.stdout.write(JSON.stringify([before, %TypedArraySpeciesProtector()])));
    `;
    const output = execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], {
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual([true, true]);
  });
});
