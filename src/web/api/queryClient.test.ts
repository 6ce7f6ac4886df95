import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { createQueryClient, shouldRetry } from './queryClient';

/** Runs one command that settles with `outcome`, declaring that it changes ['item', '1']. */
async function command(outcome: () => Promise<unknown>) {
  const client = createQueryClient();
  client.setQueryData(['item', '1'], { id: '1' });
  client.setQueryData(['audit'], []);
  const mutation = client.getMutationCache().build(client, {
    mutationFn: outcome,
    meta: { invalidates: [['item', '1']] },
  });
  await mutation.execute(undefined).catch(() => undefined);
  const stale = (key: string[]) => client.getQueryState(key)?.isInvalidated;
  return { item: stale(['item', '1']), other: stale(['audit']) };
}

describe('query client', () => {
  it('a command that succeeds makes what it declares stale, nothing else', async () => {
    expect(await command(async () => ({}))).toEqual({ item: true, other: false });
  });

  it('a 409 (moved under the user) makes it stale too, so the page shows what happened', async () => {
    const conflict = () => Promise.reject(new ApiError(409, 'conflict', '该待办已被处理'));
    expect(await command(conflict)).toEqual({ item: true, other: false });
  });

  it('a refused command (400, 403) or a lost connection changes nothing', async () => {
    const refused = () =>
      Promise.reject(new ApiError(400, 'invalid', '请填写意见', { comment: '请填写意见' }));
    expect(await command(refused)).toEqual({ item: false, other: false });
    expect(await command(() => Promise.reject(new ApiError(403, 'forbidden', '无权')))).toEqual({
      item: false,
      other: false,
    });
    expect(await command(() => Promise.reject(new TypeError('Failed to fetch')))).toEqual({
      item: false,
      other: false,
    });
  });

  it('a read is retried once after a lost connection or a 5xx, never after a 4xx', () => {
    expect(shouldRetry(0, new TypeError('Failed to fetch'))).toBe(true);
    expect(shouldRetry(0, new ApiError(503, 'unavailable', '数据库暂不可用'))).toBe(true);
    expect(shouldRetry(1, new ApiError(503, 'unavailable', '数据库暂不可用'))).toBe(false);
    expect(shouldRetry(0, new ApiError(404, 'not_found', '不存在'))).toBe(false);
  });
});
