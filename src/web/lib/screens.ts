import type { ColumnType } from 'antd/es/table';
import { createContext, useContext, useSyncExternalStore } from 'react';

/** antd's breakpoints (min-width, px). */
const QUERIES = { sm: '(min-width: 576px)', md: '(min-width: 768px)', lg: '(min-width: 992px)' } as const;
type Screen = keyof typeof QUERIES;
export type Screens = Record<Screen, boolean>;

// No matchMedia (jsdom, a server render): every breakpoint reached, as on a desktop.
const lists =
  typeof window === 'undefined' || typeof window.matchMedia !== 'function'
    ? null
    : new Map(Object.entries(QUERIES).map(([k, q]) => [k, window.matchMedia(q)]));
const cache = new Map<string, Screens>();

function snapshot(): string {
  if (!lists) return '111';
  return [...lists.values()].map((l) => (l.matches ? '1' : '0')).join('');
}

function subscribe(onChange: () => void): () => void {
  for (const list of lists?.values() ?? []) list.addEventListener('change', onChange);
  return () => {
    for (const list of lists?.values() ?? []) list.removeEventListener('change', onChange);
  };
}

/**
 * The breakpoints a server render assumes (`'000'` for a phone, from its User-Agent:
 * ssr/render.tsx); a desktop's where no one says.
 */
export const ServerScreens = createContext('111');

/**
 * Which of antd's breakpoints the window reaches, right from the first render. antd's
 * Grid.useBreakpoint answers `{}` first and sets the real value in a layout effect: a second,
 * synchronous render of the whole page before it is painted (issue 12: 督办查询 rendered its filter
 * form that way several times).
 */
export function useScreens(): Screens {
  const serverKey = useContext(ServerScreens);
  const key = useSyncExternalStore(subscribe, snapshot, () => serverKey);
  let screens = cache.get(key);
  if (!screens) {
    screens = { sm: key[0] === '1', md: key[1] === '1', lg: key[2] === '1' };
    cache.set(key, screens);
  }
  return screens;
}

/**
 * Responsive table columns decided from useScreens rather than by the Table, which would read
 * Grid.useBreakpoint and render itself twice on the first screen. Columns with other breakpoints
 * (xl, xxl) keep `responsive` for the Table to apply.
 */
export function byScreen<C extends Pick<ColumnType<never>, 'responsive'>>(
  columns: C[],
  screens: Screens,
): C[] {
  const known = (b: string) => b === 'xs' || b in screens;
  return columns
    .filter(
      (c) => !c.responsive?.every(known) || c.responsive.some((b) => b === 'xs' || screens[b as Screen]),
    )
    .map((c) => (c.responsive?.every(known) ? { ...c, responsive: undefined } : c));
}
