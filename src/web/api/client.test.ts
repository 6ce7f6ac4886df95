import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, onUnauthenticated, toQueryString } from './client';

function answer(status: number, body?: unknown) {
  return vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('api client', () => {
  it('GET sends the cookie, no CSRF header, and drops empty query values', async () => {
    const fetch = answer(200, { items: [], total: 0 });
    vi.stubGlobal('fetch', fetch);
    await api.get('/api/items', { scope: 'all', status: '', overdue: false, page: 2, q: undefined });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/items?scope=all&page=2');
    expect(init?.credentials).toBe('same-origin');
    expect((init?.headers as Record<string, string> | undefined)?.['X-Requested-With']).toBeUndefined();
  });

  it('state-changing requests carry X-Requested-With: duban and a JSON body', async () => {
    const fetch = answer(200, { ok: true });
    vi.stubGlobal('fetch', fetch);
    await api.post('/api/tasks/t1/complete', { action: 'approve' });
    await api.patch('/api/items/i1', { result: null });
    await api.put('/api/sources', ['上级交办']);
    for (const [, init] of fetch.mock.calls) {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      expect(headers['X-Requested-With']).toBe('duban');
      expect(headers['Content-Type']).toBe('application/json');
    }
    expect(fetch.mock.calls.map(([, init]) => init?.method)).toEqual(['POST', 'PATCH', 'PUT']);
    expect(fetch.mock.calls[0]?.[1]?.body).toBe('{"action":"approve"}');
  });

  it('an error answer becomes an ApiError with code and fields', async () => {
    vi.stubGlobal(
      'fetch',
      answer(400, {
        error: { code: 'validation', message: '输入有误', fields: { reason: '请填写未办结原因' } },
      }),
    );
    const error = await api.post('/api/tasks/t1/complete', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation',
      message: '输入有误',
      fields: { reason: '请填写未办结原因' },
    });
  });

  it('an answer without the error shape still becomes an ApiError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502 })),
    );
    const error = await api.get('/api/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'internal', fields: {} });
  });

  it('204 answers resolve to null', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    expect(await api.post('/api/notifications/n1/read')).toBeNull();
  });

  it('401 tells the listeners that the session ended (not for the login itself)', async () => {
    const listener = vi.fn();
    const off = onUnauthenticated(listener);
    vi.stubGlobal('fetch', answer(401, { error: { code: 'unauthenticated', message: '未登录' } }));
    await api.get('/api/me').catch(() => {});
    expect(listener).toHaveBeenCalledTimes(1);
    await api.post('/api/auth/login', { username: 'x', password: 'y' }).catch(() => {});
    expect(listener).toHaveBeenCalledTimes(1);
    off();
  });

  it('toQueryString', () => {
    expect(toQueryString({})).toBe('');
    expect(toQueryString({ q: '督办 事项', overdue: true })).toBe(
      '?q=%E7%9D%A3%E5%8A%9E+%E4%BA%8B%E9%A1%B9&overdue=true',
    );
  });
});
