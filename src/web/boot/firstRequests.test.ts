import { afterEach, describe, expect, it, vi } from 'vitest';
import { getSession } from '../api/endpoints';
import { appAsking, dropPrefetched, takePrefetched } from '../api/prefetched';
import { jsonResponse } from '../testing/json';

/** The page's DOM as far as the script reads it: whether the server's data block is there. */
const page = (serverRendered: boolean) => ({
  getElementById: (id: string) => (serverRendered && id === 'duban-ssr' ? { textContent: '{}' } : null),
});

/**
 * 待办 opened in a page whose fetch is a mock: the session answers a signed-in user, everything else
 * `{}`. Answers the mock, to read what was asked for.
 */
function openTasksPage(serverRendered: boolean) {
  const fetch = vi.fn(async (url: string) =>
    jsonResponse(url === '/api/auth/session' ? { user: { roles: [], mustChangePassword: false } } : {}),
  );
  vi.stubGlobal('fetch', fetch);
  vi.stubGlobal('location', { pathname: '/tasks/pending', search: '' });
  vi.stubGlobal('document', page(serverRendered));
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
  dropPrefetched();
  // The app's mark of having asked (api/prefetched.ts noteAppAsking) lives on the page's global.
  Reflect.deleteProperty(globalThis, '__dubanAppAsking');
});

describe('the first-requests script (boot/firstRequests.ts)', () => {
  it('asks for each URL once, even when the app has taken an early answer before the session’s', async () => {
    const fetch = openTasksPage(false);
    await import('./firstRequests');
    // The app, quicker than the script's own reading of the session, takes 待办's list at once.
    expect(takePrefetched('/api/tasks?state=pending&page=1&pageSize=20')).toBeDefined();
    await vi.waitFor(() => expect(fetch.mock.calls.length).toBeGreaterThanOrEqual(4));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const urls = fetch.mock.calls.map(([url]) => url);
    expect(urls.filter((u, i) => urls.indexOf(u) !== i)).toEqual([]);
    expect(urls).toEqual([
      '/api/auth/session',
      '/api/departments',
      '/api/notifications?unread=true',
      '/api/tasks?state=pending&page=1&pageSize=20',
    ]);
  });

  it('asks for nothing when it runs after the app has begun to ask: the app asks for itself', async () => {
    const fetch = openTasksPage(false);
    expect(appAsking()).toBe(false);
    // The app's entry ran first (the async script arrived late): AuthProvider asks for the session,
    // which in the browser takes the HTML's preload of it.
    await getSession();
    expect(appAsking()).toBe(true);
    await import('./firstRequests');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/api/auth/session']);
  });

  it('asks for nothing on a page the server rendered: its answers are in the page', async () => {
    const fetch = openTasksPage(true);
    await import('./firstRequests');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetch).not.toHaveBeenCalled();
  });
});
