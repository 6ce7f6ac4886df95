import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../testing/json';
import { api, onUnauthenticated } from './client';
import { dropPrefetched, PREFETCH_MAX_AGE_MS, prefetch } from './prefetched';

/** Prefetches `url` as the HTML's script does, its answer being `response`. */
async function prefetched(url: string, response: Response | Error) {
  const fetch = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetch);
  await prefetch(url).catch(() => undefined);
  expect(fetch).toHaveBeenCalledTimes(1);
  // No header of its own: the HTML's <link rel=preload as=fetch> of the session is taken only by a
  // request that adds none.
  expect(fetch.mock.calls[0]).toEqual([url, { method: 'GET', credentials: 'same-origin' }]);
}

/** The server as the app then reaches it: each call answers `body` with its call number. */
function server() {
  const fetch = vi.fn(async (url: string) => jsonResponse({ from: 'server', url }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  dropPrefetched();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('prefetched answers (the HTML first-requests script → the API client)', () => {
  it('a GET of the same URL takes the answer once, then asks the server', async () => {
    await prefetched('/api/items?scope=all&page=1&pageSize=5', jsonResponse({ from: 'prefetch' }));
    const fetch = server();
    expect(await api.get('/api/items', { scope: 'all', page: 1, pageSize: 5 })).toEqual({ from: 'prefetch' });
    expect(fetch).not.toHaveBeenCalled();
    expect(await api.get('/api/items', { scope: 'all', page: 1, pageSize: 5 })).toMatchObject({
      from: 'server',
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('another URL is asked for as usual', async () => {
    await prefetched('/api/items?scope=all&page=1&pageSize=5', jsonResponse({ from: 'prefetch' }));
    const fetch = server();
    expect(await api.get('/api/items', { scope: 'department', page: 1, pageSize: 5 })).toMatchObject({
      from: 'server',
      url: '/api/items?scope=department&page=1&pageSize=5',
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a 401, another error or a lost connection is asked for again', async () => {
    const listener = vi.fn();
    const off = onUnauthenticated(listener);
    await prefetched(
      '/api/tasks?state=pending',
      jsonResponse({ error: { code: 'unauthenticated', message: '未登录' } }, 401),
    );
    await prefetched(
      '/api/items/i1',
      jsonResponse({ error: { code: 'internal', message: '服务器错误' } }, 500),
    );
    await prefetched('/api/items/i2', new TypeError('Failed to fetch'));
    const fetch = server();
    expect(await api.get('/api/tasks', { state: 'pending' })).toMatchObject({ from: 'server' });
    expect(await api.get('/api/items/i1')).toMatchObject({ from: 'server' });
    expect(await api.get('/api/items/i2')).toMatchObject({ from: 'server' });
    expect(fetch).toHaveBeenCalledTimes(3);
    // The prefetched 401 is not taken as the end of the session: the server's own answer decides.
    expect(listener).not.toHaveBeenCalled();
    off();
  });

  it('an answer older than the limit is not used', async () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(1_000);
    await prefetched('/api/me', jsonResponse({ from: 'prefetch' }));
    now.mockReturnValue(1_000 + PREFETCH_MAX_AGE_MS + 1);
    const fetch = server();
    expect(await api.get('/api/me')).toMatchObject({ from: 'server' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a command (sign-in, sign-out, any change) drops every answer not taken', async () => {
    await prefetched('/api/auth/session', jsonResponse({ user: { id: 'u1' } }));
    await prefetched('/api/items?scope=all', jsonResponse({ from: 'prefetch' }));
    const fetch = server();
    await api.post('/api/auth/logout');
    expect(await api.get('/api/auth/session')).toMatchObject({ from: 'server' });
    expect(await api.get('/api/items', { scope: 'all' })).toMatchObject({ from: 'server' });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('a 401 from the server drops them too', async () => {
    await prefetched('/api/departments', jsonResponse({ from: 'prefetch' }));
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ error: { code: 'unauthenticated', message: '未登录' } }, 401)),
    );
    await api.get('/api/me').catch(() => undefined);
    const fetch = server();
    expect(await api.get('/api/departments')).toMatchObject({ from: 'server' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
