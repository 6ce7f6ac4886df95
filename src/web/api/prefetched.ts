/**
 * Answers requested before the app's JavaScript has arrived (issue 12, point 1): the build's
 * `assets/first-requests-<hash>.js` (scripts/first-requests.ts, src/web/boot/firstRequests.ts),
 * a small script in index.html's head, asks for the session and the page's first queries while the
 * browser is still downloading the entry, and leaves the pending responses here. The API client
 * (./client.ts) takes a GET's answer from here instead of asking again: each one once, only while
 * young, and only a 200 — anything else (a 401, an error, a lost connection) and it asks the
 * server itself. The two live in separate bundles: the store is a global of the page.
 */

/** How long a prefetched answer may wait for the app: a slow phone that takes longer asks again. */
export const PREFETCH_MAX_AGE_MS = 10_000;

interface Prefetched {
  /** `performance.now()` when the request was sent. */
  at: number;
  response: Promise<Response>;
}

const STORE = '__dubanPrefetched';

function store(create: boolean): Map<string, Prefetched> | undefined {
  const holder = globalThis as { [STORE]?: Map<string, Prefetched> };
  if (!holder[STORE] && create) holder[STORE] = new Map();
  return holder[STORE];
}

const APP_ASKING = '__dubanAppAsking';

/**
 * Called by the API client before each request it makes: the app has begun to ask for itself. The
 * first-requests script is `async` and may run after the app's entry (a slow script download, a busy
 * phone); by then the app may have taken the HTML's preload of the session with its own request, and
 * a request of the script's would only ask again (test/e2e/first-screens.test.ts). In the server's
 * render (ssr/render.tsx) the mark is set too, on the server process, where nothing reads it.
 */
export function noteAppAsking(): void {
  (globalThis as { [APP_ASKING]?: boolean })[APP_ASKING] = true;
}

/** Whether the app has made a request of its own yet (noteAppAsking). */
export function appAsking(): boolean {
  return (globalThis as { [APP_ASKING]?: boolean })[APP_ASKING] === true;
}

/**
 * Requests `url` as the client would (./client.ts `request`, GET) and keeps the answer for it. No
 * Accept header (the API answers JSON anyway): a request with headers of its own would not take the
 * answer of the HTML's `<link rel=preload as=fetch>` of the same URL, and would ask again.
 */
export function prefetch(url: string): Promise<Response> {
  const response = fetch(url, { method: 'GET', credentials: 'same-origin' });
  // The store holds the promise; a rejection is the app's to see (then it asks again), not an
  // unhandled one.
  response.catch(() => undefined);
  store(true)?.set(url, { at: performance.now(), response });
  return response;
}

/**
 * The prefetched answer of `url`, once: taken out of the store, and nothing when it was sent more
 * than PREFETCH_MAX_AGE_MS ago.
 */
export function takePrefetched(url: string): Promise<Response> | undefined {
  const prefetched = store(false);
  const entry = prefetched?.get(url);
  if (!entry) return undefined;
  prefetched?.delete(url);
  return performance.now() - entry.at <= PREFETCH_MAX_AGE_MS ? entry.response : undefined;
}

/**
 * Forgets every answer not taken yet: after a command (sign-in, sign-out, any change) they may be
 * another user's or out of date.
 */
export function dropPrefetched(): void {
  store(false)?.clear();
}
