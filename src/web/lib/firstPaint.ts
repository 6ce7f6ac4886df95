import { useLayoutEffect } from 'react';
import { lazyLoadsSettled, partsHydrated } from './lazy';
import { serverRendered } from './serverRendered';

/**
 * The built login.html paints the 登录 card before any script (scripts/first-paint.ts) and holds the
 * app's `#root` hidden. The app swaps itself in when its first real screen has
 * rendered: in a layout effect, so the shell and the page never show together nor with a blank frame
 * between. Nothing to do where there is no shell (the Vite dev server, the unit tests).
 */
export function revealApp(): void {
  document.getElementById('shell')?.remove();
  const root = document.getElementById('root');
  if (root?.hidden) root.hidden = false;
  if (!ready) ready = announceReady();
}

let ready: Promise<void> | undefined;

/**
 * The longest wait for the lazy parts of a server-rendered page: one the browser renders otherwise
 * (a changed answer) never hydrates, and the clicks held meanwhile must not wait for it for ever.
 */
const PARTS_LIMIT_MS = 5000;

/**
 * Tells the boot script the app is live, which then gives the app the clicks it held meanwhile
 * (scripts/first-paint.ts): on a page the server rendered, once every lazily loaded part it rendered
 * has hydrated (React drops a click on a part not yet hydrated whose code has not loaded, lib/lazy.ts).
 */
async function announceReady(): Promise<void> {
  await partsHydrated(serverRendered()?.parts ?? [], PARTS_LIMIT_MS);
  await lazyLoadsSettled();
  document.dispatchEvent(new Event('duban:ready'));
}

/**
 * Rendered first among a screen's elements (before them, so the app is visible when their own
 * layout effects run — autoFocus needs a visible input): shows the app in place of the shell.
 */
export function Reveal(): null {
  useLayoutEffect(revealApp, []);
  return null;
}
