import { useLayoutEffect } from 'react';

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
  // The app is live: a server-rendered page's boot script gives it the clicks it held meanwhile
  // (scripts/first-paint.ts).
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
