/**
 * The first screens: the signed-in pages whose code (lib/preloadScreen.ts, for App.tsx) and first API
 * requests (lib/firstRequests.ts, for the HTML's first-requests script) are asked for ahead, found
 * from the address here, once. Both key what they hold by `FirstScreen['page']`, so a page added
 * here does not compile until each says what to fetch for it. Kept free of React, antd, dayjs and of
 * the pages' imports: it is bundled into the first-requests script (scripts/first-requests.ts).
 */

export type FirstScreen =
  | { page: 'home' }
  | { page: 'taskList'; state: 'pending' | 'done' }
  | { page: 'itemQuery' }
  /** `id`: the address's segment as it stands (still percent-encoded). */
  | { page: 'itemDetail'; id: string }
  /** 新建督办: a supervisor's page (issue 14 point 7). */
  | { page: 'newItem' };

/** The router's paths of App.tsx (without their trailing slashes) and the screen each shows. */
const ROUTES: { pattern: RegExp; screen: (match: RegExpExecArray) => FirstScreen }[] = [
  { pattern: /^\/$/, screen: () => ({ page: 'home' }) },
  {
    pattern: /^\/tasks\/(pending|done)$/,
    screen: (match) => ({ page: 'taskList', state: match[1] === 'done' ? 'done' : 'pending' }),
  },
  { pattern: /^\/items$/, screen: () => ({ page: 'itemQuery' }) },
  { pattern: /^\/items\/new$/, screen: () => ({ page: 'newItem' }) },
  { pattern: /^\/items\/(?!new$)([^/]+)$/, screen: (match) => ({ page: 'itemDetail', id: match[1] ?? '' }) },
];

/** The first screen at `pathname`, if it is one. */
export function firstScreen(pathname: string): FirstScreen | undefined {
  // The router matches a path with any number of trailing slashes.
  const path = pathname.replace(/\/+$/, '') || '/';
  for (const { pattern, screen } of ROUTES) {
    const match = pattern.exec(path);
    if (match) return screen(match);
  }
  return undefined;
}

/** The session's address: the first request of every signed-in page (boot/firstRequests.ts). */
export const SESSION_URL = '/api/auth/session';

/**
 * The built HTML page of a first screen (scripts/first-requests.ts makes one per screen, the frame's
 * and the page's files linked in its head; src/server/plugins/web.ts sends it for the screen's
 * addresses).
 */
export const screenHtml = (page: FirstScreen['page']): string => `index-${page}.html`;

/**
 * The page of a first screen the server renders (scripts/first-paint.ts makes one per screen;
 * src/server/plugins/first-screen.ts fills its slots).
 */
export const serverRenderHtml = (page: FirstScreen['page']): string => `ssr-${page}.html`;

/** The 登录 page's address. */
export const LOGIN_URL = '/login';

/** 登录's page for the server's render, for a browser without a session cookie (plugins/web.ts). */
export const LOGIN_SERVER_RENDER_HTML = 'ssr-login.html';

/**
 * How a page for the server's render marks the place of the CSS rules its render uses, until the build
 * has put them there (scripts/first-paint.ts `criticalCssSlot`, scripts/critical-css.mjs).
 */
export const CRITICAL_CSS_MARK = '/*duban-critical-css ';

/** Where the server's render goes in such a page: the data block, antd's CSS variables, the markup. */
export const SERVER_RENDER_SLOTS = {
  data: '<!--duban-ssr-data-->',
  style: '<!--duban-ssr-style-->',
  html: '<!--duban-ssr-html-->',
} as const;
