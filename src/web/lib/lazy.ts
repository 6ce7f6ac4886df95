/**
 * React's `lazy`, named, for the hydration of a page the server rendered (main.tsx, ssr/render.tsx).
 *
 * React hydrates a Suspense boundary nested in the page in a pass of its own, once the code of what
 * it holds has loaded; a click on such a boundary before then is dropped (React hydrates it on the
 * click only if it can do so at once, without its code it cannot). The boot script holds the page's
 * clicks until the app says it is ready (scripts/first-paint.ts, lib/firstPaint.ts); "ready" has to
 * mean that every lazily loaded part the server rendered is hydrated, not only the page's frame.
 *
 * So each lazy component has a name. The server's render records the names it rendered (`recordParts`,
 * into the page's data block); in the browser each records itself when its content has committed
 * (`partsHydrated` resolves once all the server's are, or at a time limit).
 */
import {
  type ComponentType,
  createElement,
  type LazyExoticComponent,
  lazy as reactLazy,
  useLayoutEffect,
} from 'react';

let pending = 0;
let settled: (() => void)[] = [];
const hydrated = new Set<string>();
let hydratedChanged: (() => void)[] = [];
let recorder: ((part: string) => void) | undefined;

/** Calls each of `list` once (a callback may add itself again, to a new list). */
function notify(list: (() => void)[]): void {
  for (const callback of list) callback();
}

/** The server's render: `record` is called with the name of each lazy part rendered (ssr/render.tsx). */
export function recordParts(record: (part: string) => void): void {
  recorder = record;
}

/**
 * `lazy(load)` named `part` (unique among the app's lazy components): its loads are counted
 * (`lazyLoadsSettled`), its render recorded on the server and its commit in the browser.
 */
// biome-ignore lint/suspicious/noExplicitAny: any component (React's lazy has the same bound)
export function lazy<T extends ComponentType<any>>(
  load: () => Promise<{ default: T }>,
  part: string,
): LazyExoticComponent<T> {
  const Lazy = reactLazy(() => {
    pending++;
    return load().finally(() => {
      pending--;
      if (pending === 0) {
        const waiting = settled;
        settled = [];
        notify(waiting);
      }
    });
  });
  // biome-ignore lint/correctness/noComponentHookFactories: a factory like React's own lazy, called once per component at a module's top level
  function Part(props: object) {
    recorder?.(part);
    useLayoutEffect(() => {
      if (hydrated.has(part)) return;
      hydrated.add(part);
      const waiting = hydratedChanged;
      hydratedChanged = [];
      notify(waiting);
    }, []);
    return createElement(Lazy, props as never);
  }
  Part.displayName = `Lazy(${part})`;
  return Part as unknown as LazyExoticComponent<T>;
}

/** Resolves when no lazy component's code is loading (at once if none is). */
export function lazyLoadsSettled(): Promise<void> {
  if (pending === 0) return Promise.resolve();
  return new Promise((resolve) => settled.push(resolve));
}

/**
 * Resolves once each of `parts` has committed in this page, or after `limitMs` (a part the browser
 * renders otherwise than the server did — another breakpoint, an answer changed — never commits).
 */
export function partsHydrated(parts: readonly string[], limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, limitMs);
    const check = () => {
      if (parts.every((p) => hydrated.has(p))) {
        clearTimeout(timer);
        resolve();
      } else hydratedChanged.push(check);
    };
    check();
  });
}
