/**
 * The first-requests script (issue 12, point 1), bundled on its own by the build
 * (scripts/first-requests.ts) and loaded `async` from index.html's head: while the browser is still
 * downloading the app's JavaScript, it asks for the session and, at once, for what the page at
 * this address renders first (lib/firstRequests.ts). The API client takes those answers when the
 * app asks for the same URLs (api/prefetched.ts). A 401 or an error is left for the app to ask
 * again (a browser whose session has ended, a user who must first change the password: that screen
 * asks for nothing else); an answer the app never asks for is left unused.
 */
import { appAsking, prefetch } from '../api/prefetched';
import type { Me } from '../api/types';
import { firstRequests } from '../lib/firstRequests';
import { rememberedRoles } from '../lib/rememberedRoles';
import { SESSION_URL } from '../lib/routes';
import { SERVER_RENDERED_ID } from '../lib/serverRendered';

// A page the server rendered (src/server/plugins/first-screen.ts) brings its session and answers in
// a data block above this script: nothing to ask for. Nor when this script arrives after the app has
// begun to ask for itself (api/prefetched.ts noteAppAsking): it may have taken the HTML's preload of
// the session already, and whatever the script asked for would be asked for twice.
if (!document.getElementById(SERVER_RENDERED_ID) && !appAsking()) askEarly();

function askEarly() {
  // The HTML's head preloads the same URL (scripts/first-requests.ts): this takes that answer.
  const session = prefetch(SESSION_URL);
  const now = new Date();
  // At once, what does not depend on the user's roles, and with the roles remembered from the last
  // sign-in on this browser (lib/rememberedRoles.ts) what does.
  const early = new Set(firstRequests(location.pathname, location.search, rememberedRoles(), now));
  for (const url of early) prefetch(url);
  session
    // A copy: the app reads the body of the answer itself.
    .then((response) => (response.ok ? (response.clone().json() as Promise<{ user: Me | null }>) : null))
    .then((answer) => {
      const user = answer?.user;
      if (!user || user.mustChangePassword) return;
      // What the session's roles ask for that the remembered ones did not (none when they agree). Not
      // "what the store still holds": the app may have taken an early answer already.
      for (const url of firstRequests(location.pathname, location.search, user.roles, now)) {
        if (!early.has(url)) prefetch(url);
      }
    })
    .catch(() => undefined);
}
