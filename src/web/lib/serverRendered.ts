/**
 * What the server rendered a signed-in first screen or 登录 with (src/server/plugins/web.ts,
 * src/web/ssr/render.tsx): the session's user and the API answers the page showed, as a JSON data
 * block in the page's head (`<script type="application/json" id="duban-ssr">`, never run, so the
 * CSP's `script-src 'self'` stands). The app starts from them: its first render shows what the
 * server's HTML shows, with no request for them. Kept free of React: the first-requests script reads
 * whether it is there (boot/firstRequests.ts).
 */
import type { DehydratedState } from '@tanstack/react-query';
import type { Me } from '../api/types';

export const SERVER_RENDERED_ID = 'duban-ssr';

export interface ServerRendered {
  /** The signed-in user; null on 登录, rendered for a browser without a session cookie. */
  session: { user: Me | null };
  /** The breakpoints the server rendered for (lib/screens.ts): the app hydrates with the same. */
  screens: string;
  /** TanStack Query's dehydrated cache: the answers by query key. */
  queries: DehydratedState;
  /**
   * The lazily loaded parts the page was rendered with (lib/lazy.ts): the app is ready for clicks
   * once each has hydrated.
   */
  parts?: string[];
}

let parsed: { text: string; value: ServerRendered | undefined } | undefined;

/**
 * The page's server-rendered state; undefined on a page the server did not render. Parsed once per
 * data block: the app's start (App.tsx) and its readiness for clicks (lib/firstPaint.ts) both ask.
 */
export function serverRendered(): ServerRendered | undefined {
  if (typeof document === 'undefined') return undefined;
  const text = document.getElementById(SERVER_RENDERED_ID)?.textContent;
  if (!text) return undefined;
  if (parsed?.text !== text) parsed = { text, value: parse(text) };
  return parsed.value;
}

function parse(text: string): ServerRendered | undefined {
  try {
    const value = JSON.parse(text) as ServerRendered;
    const user = value?.session?.user;
    // A user, or null on 登录 (typeof null is 'object'); never missing.
    return typeof user === 'object' && Array.isArray(value.queries?.queries) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The data block for `state`: JSON with `<` written as `\u003c`, so that no `</script>` (nor `<!--`)
 * in a title or a message can end the block early.
 */
export function serverRenderedBlock(state: ServerRendered): string {
  const json = JSON.stringify(state)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
  return `<script type="application/json" id="${SERVER_RENDERED_ID}">${json}</script>`;
}
