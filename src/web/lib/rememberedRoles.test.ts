import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberedRoles, rememberRoles } from './rememberedRoles';

/** A browser's localStorage, as far as the module uses it. */
function storage(): Storage {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  } as Storage;
}

afterEach(() => vi.unstubAllGlobals());

describe('the roles remembered for the first requests', () => {
  it('keeps the signed-in user’s roles and forgets them on sign-out', () => {
    vi.stubGlobal('localStorage', storage());
    expect(rememberedRoles()).toBeUndefined();
    rememberRoles(['leader', 'supervisor']);
    expect(rememberedRoles()).toEqual(['leader', 'supervisor']);
    rememberRoles(null);
    expect(rememberedRoles()).toBeUndefined();
  });

  it('reads anything else stored under its key as nothing remembered', () => {
    const store = storage();
    vi.stubGlobal('localStorage', store);
    for (const junk of ['{', '"leader"', '{"roles":[]}', '[1,2]', 'null']) {
      store.setItem('duban.roles', junk);
      expect(rememberedRoles(), junk).toBeUndefined();
    }
  });

  it('goes without when the browser refuses storage', () => {
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    } as unknown as Storage;
    vi.stubGlobal('localStorage', refusing);
    expect(() => rememberRoles(['leader'])).not.toThrow();
    expect(rememberedRoles()).toBeUndefined();
  });
});
