import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { headPicker, validateDates } from './itemForm';
import { itemPermissions } from './permissions';
import { itemsQuery, readFilters, readPage, writeFilters } from './query';

describe('registration form', () => {
  it('办结时间 may not be before 交办时间', () => {
    expect(validateDates(dayjs('2026-05-02'), dayjs('2026-05-01'))).toBe('办结时间不能早于交办时间');
    expect(validateDates(dayjs('2026-05-02'), dayjs('2026-05-02'))).toBeUndefined();
    expect(validateDates(undefined, dayjs('2026-05-02'))).toBeUndefined();
  });

  it('the picker asks for the lead department’s heads, else its (active) members', () => {
    expect(headPicker('d1')).toEqual({
      filter: { departmentId: 'd1', position: 'head' },
      fallback: { departmentId: 'd1' },
    });
    // Without a department it lists nobody, never the whole directory.
    expect(headPicker(undefined).filter.departmentId).toMatch(/^0{8}-/);
  });
});

describe('item actions', () => {
  it.each([
    ['supervisor, open', 'open', ['supervisor'], { close: true, reopen: false, urge: true, edit: false }],
    ['admin, open', 'open', ['admin'], { close: true, reopen: false, urge: true, edit: true }],
    ['admin, closed', 'closed', ['admin'], { close: false, reopen: true, urge: false, edit: true }],
    ['leader, open', 'open', ['leader'], { close: false, reopen: false, urge: true, edit: false }],
  ] as const)('%s', (_name, status, roles, expected) => {
    expect(itemPermissions({ status }, roles)).toEqual(expected);
  });
  it('the server’s permissions win', () => {
    expect(
      itemPermissions({ status: 'open', permissions: { close: false, urge: true } }, ['admin']),
    ).toMatchObject({
      close: false,
      urge: true,
    });
  });
});

describe('list filters in the URL', () => {
  it('round-trips and restarts paging', () => {
    const params = writeFilters({ result: 'not_done', status: 'open', q: '预算' }, { page: 3, pageSize: 50 });
    expect(params.toString()).toBe('status=open&result=not_done&q=%E9%A2%84%E7%AE%97&page=3&pageSize=50');
    expect(readFilters(params)).toEqual({ status: 'open', result: 'not_done', q: '预算' });
    expect(readPage(params)).toEqual({ page: 3, pageSize: 50 });
    expect(readPage(new URLSearchParams('pageSize=999'))).toEqual({ page: 1, pageSize: 200 });
  });
  it("keeps the parameters it does not own (督办查询's scope) and drops its own old ones", () => {
    const current = new URLSearchParams('scope=registered&status=open&q=旧&page=4&pageSize=50');
    expect(writeFilters({ q: '预算' }, undefined, current).toString()).toBe(
      'scope=registered&q=%E9%A2%84%E7%AE%97',
    );
    expect(writeFilters({}, { page: 2, pageSize: 20 }, current).toString()).toBe('scope=registered&page=2');
    expect(writeFilters({ status: 'open' }).toString()).toBe('status=open');
  });
  it('the export uses the same query without paging', () => {
    expect(itemsQuery('all', { result: 'apply_close' })).toEqual({ scope: 'all', result: 'apply_close' });
  });
});
