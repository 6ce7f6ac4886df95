/**
 * The server's render of a signed-in first screen (issue 12, point 1): 督办空间, 待办/已办, 督办查询 and
 * an item's page, as HTML with the user's data, and of 登录 for a browser without a session, so that
 * the browser paints the page from the HTML alone while the app's JavaScript is still on its way.
 * Built by Vite for Node (`vite build --ssr`, dist/web-ssr/render.js) and loaded by the server on
 * the first such page (src/server/plugins/web.ts).
 *
 * - **The same components.** The app's own providers and routes (App.tsx `AppProviders`,
 *   `AppRoutes`) in React Router's StaticRouter, rendered by React's `prerender`, which waits for
 *   the lazy pages.
 * - **The data the page asks for.** The API requests the render makes go to the server itself, as
 *   the user (`get`: the server's handling of the request with the user's cookie, so every check
 *   applies). A render shows which queries the page asks for; they are fetched and the page rendered
 *   again, up to MAX_RENDERS times (a query that depends on another's answer shows in a later one).
 * - **Hydrated, not made again.** The HTML goes into the page's `#root`; the app hydrates it
 *   (main.tsx) from the same answers (lib/serverRendered.ts), so the two trees must agree: the same
 *   components (`AppBody`), the same breakpoints (the phone's layout guessed from the User-Agent is
 *   handed to the app with the answers) and, for dates, the same time zone (the server's TZ; where
 *   they differ React renders that part anew, with a warning in the console).
 * - **Only the CSS variables.** antd's rules are in the build's static stylesheets, which the page
 *   links already; the render adds the `--ant-…` variables antd sets at run time (cssinjs' cache).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';
import { dehydrate, type Query, skipToken } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { StrictMode } from 'react';
import 'dayjs/locale/zh-cn';
import { prerender } from 'react-dom/static';
import { StaticRouter } from 'react-router';
import { AppBody, AppProviders } from '../App';
import { setTransport } from '../api/client';
import { createQueryClient } from '../api/queryClient';
import type { Me } from '../api/types';
import { recordParts } from '../lib/lazy';
import { ServerScreens } from '../lib/screens';
import type { ServerRendered } from '../lib/serverRendered';

dayjs.locale('zh-cn');

/** An answer of the API to the render's GET, as the server gave it. */
export interface ApiAnswer {
  status: number;
  body: string;
}

export interface RenderRequest {
  /** The page's address: path and query string. */
  url: string;
  /** The signed-in user (GET /api/auth/session's answer); null for 登录 (a browser without a session). */
  user: Me | null;
  /** GET `url` of the API as this user. */
  get: (url: string) => Promise<ApiAnswer>;
  /** A phone's browser (User-Agent): the narrow layout, as its first screen will show it. */
  phone: boolean;
}

export interface RenderedScreen {
  /** The page's markup. */
  html: string;
  /** antd's CSS variables for it. */
  css: string;
  /** For the app (lib/serverRendered.ts): the session and the answers the page was rendered with. */
  state: ServerRendered;
}

/** Renders before giving up on queries that appear only once others have answered. */
const MAX_RENDERS = 3;

// Each render's API requests go to its own user's `get` (renders of several users may overlap).
const renderRequests = new AsyncLocalStorage<RenderRequest['get']>();
setTransport(async (resource, init) => {
  const get = renderRequests.getStore();
  if (!get) throw new Error('an API request outside a server render');
  if ((init?.method ?? 'GET') !== 'GET') throw new Error('a server render only reads');
  const answer = await get(String(resource));
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'content-type': 'application/json' },
  });
});

// The lazy parts each render drew (lib/lazy.ts), for the app to know when it has hydrated them all.
const renderParts = new AsyncLocalStorage<Set<string>>();
recordParts((part) => renderParts.getStore()?.add(part));

/** Whether the page would fetch `query` now: not turned off (`enabled: false`, `skipToken`). */
function wanted(query: Query): boolean {
  const { enabled, queryFn } = query.options as { enabled?: unknown; queryFn?: unknown };
  if (queryFn === skipToken || typeof queryFn !== 'function') return false;
  return (typeof enabled === 'function' ? enabled(query) : enabled) !== false;
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  let html = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>)
    html += decoder.decode(chunk, { stream: true });
  return html + decoder.decode();
}

export async function renderScreen(request: RenderRequest): Promise<RenderedScreen> {
  const client = createQueryClient();
  // One try: a failed answer shows as the page shows it, and the app asks again.
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  const session = { user: request.user };
  const screens = request.phone ? '000' : '111';
  const asked = new Set<string>();
  let html = '';
  let css = '';
  let parts = new Set<string>();
  for (let render = 1; ; render++) {
    const cache = createCache();
    parts = new Set();
    // A component that throws: React would render the nearest Suspense fallback in its place; the
    // server sends its static page instead (src/server/plugins/first-screen.ts).
    let failure: unknown;
    const { prelude } = await renderParts.run(parts, () =>
      prerender(
        <StyleProvider cache={cache}>
          <StrictMode>
            <ServerScreens value={screens}>
              <AppProviders client={client} session={session}>
                <StaticRouter location={request.url}>
                  <AppBody />
                </StaticRouter>
              </AppProviders>
            </ServerScreens>
          </StrictMode>
        </StyleProvider>,
        {
          onError: (error) => {
            failure ??= error;
          },
          // React writes a Suspense boundary's content larger than this after its fallback, with an
          // inline script that swaps them, which the CSP (`script-src 'self'`) blocks: the pages'
          // boundaries hold whole pages, so none may be set apart.
          progressiveChunkSize: Number.POSITIVE_INFINITY,
        },
      ),
    );
    html = await text(prelude);
    if (failure !== undefined) throw failure;
    if (/<script\b/i.test(html)) throw new Error('the render wrote an inline script, which the CSP blocks');
    css = extractStyle(cache, { plain: true, types: ['token', 'cssVar'] });
    if (render === MAX_RENDERS) break;
    const waiting = client
      .getQueryCache()
      .findAll({ type: 'all' })
      .filter((q) => q.state.status === 'pending' && !asked.has(q.queryHash) && wanted(q));
    if (waiting.length === 0) break;
    for (const q of waiting) asked.add(q.queryHash);
    await renderRequests.run(request.get, () =>
      Promise.all(waiting.map((q) => q.fetch().catch(() => undefined))),
    );
  }
  const queries = dehydrate(client);
  // A server's QueryClient keeps its queries forever (no timer collects them there).
  client.clear();
  return { html, css, state: { session, screens, queries, parts: [...parts].sort() } };
}
