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

prefetch('/api/auth/session')
  // A copy: the app reads the body of the answer itself.
  .then((response) => (response.ok ? (response.clone().json() as Promise<{ user: Me | null }>) : null))
  .then((session) => {
    const user = session?.user;
    if (!user || user.mustChangePassword) return;
    for (const url of firstRequests(location.pathname, location.search, user.roles, new Date())) {
      prefetch(url);
    }
  })
  .catch(() => undefined);
