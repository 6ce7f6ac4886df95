/**
 * The first-requests script (issue 12, point 1), bundled on its own by the build
 * (scripts/first-requests.ts) and loaded `async` from index.html's head: while the browser is still
 * downloading the app's JavaScript, it asks for the session and, signed in, for what the page
 * at this address renders first (lib/firstRequests.ts). The API client takes those answers when
 * the app asks for the same URLs (api/prefetched.ts). A 401 or an error is left for the app to ask
 * again; nothing is done for a user who must first change the password (that screen asks for
 * nothing else).
 */
import { prefetch } from '../api/prefetched';
import type { Me } from '../api/types';
import { firstRequests } from '../lib/firstRequests';
import { type FirstScreen, firstScreen } from '../lib/routes';

/** The frame's and each first screen's files (the build's define, scripts/first-requests.ts). */
declare const __SCREEN_FILES__: Record<'frame' | FirstScreen['page'], string[]>;

const session = prefetch('/api/auth/session');
const screen = firstScreen(location.pathname);
// After the session's request, which must not wait for a connection behind the code's.
if (screen) preloadCode(screen);
session
  // A copy: the app reads the body of the answer itself.
  .then((response) => (response.ok ? (response.clone().json() as Promise<{ user: Me | null }>) : null))
  .then((answer) => {
    const user = answer?.user;
    if (!user || user.mustChangePassword) return;
    for (const url of firstRequests(location.pathname, location.search, user.roles, new Date())) {
      prefetch(url);
    }
  })
  .catch(() => undefined);

// The page's code too, at once: requested with the entry rather than once it has run and asked for
// the session (the HTML is only sent to a browser with a session cookie). Preloaded, not run: the
// app imports it as ever (lib/preloadScreen.ts), from the cache.
function preloadCode(screen: FirstScreen): void {
  for (const href of new Set([...__SCREEN_FILES__.frame, ...__SCREEN_FILES__[screen.page]])) {
    const link = document.createElement('link');
    if (href.endsWith('.css')) {
      link.rel = 'preload';
      link.as = 'style';
    } else {
      link.rel = 'modulepreload';
    }
    link.href = href;
    document.head.append(link);
  }
}
