import { describe, expect, it } from 'vitest';
import { statementNamer } from './prepared';

describe('statementNamer', () => {
  it('names a text from its second use on, the same name every time', () => {
    const namer = statementNamer();
    expect(namer.nameFor('select 1 where a = $1')).toBeUndefined();
    const name = namer.nameFor('select 1 where a = $1');
    expect(name).toMatch(/^duban_\d+$/);
    expect(namer.nameFor('select 1 where a = $1')).toBe(name);
    expect(namer.named).toBe(1);
  });

  it('gives different texts different names', () => {
    const namer = statementNamer({ minUses: 1 });
    const a = namer.nameFor('select $1');
    const b = namer.nameFor('select $1, $2');
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
  });

  it('stops naming new texts at the cap, and keeps the names it gave', () => {
    const namer = statementNamer({ minUses: 1, max: 3 });
    const names = ['a', 'b', 'c'].map((t) => namer.nameFor(t));
    expect(names.every(Boolean)).toBe(true);
    expect(namer.nameFor('d')).toBeUndefined();
    expect(namer.nameFor('d')).toBeUndefined();
    expect(namer.nameFor('b')).toBe(names[1]);
    expect(namer.named).toBe(3);
  });
});
