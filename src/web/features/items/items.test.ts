import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api/types';
import { headCandidates, validateDates } from './itemForm';
import { itemPermissions } from './permissions';
import { itemsQuery, readFilters, readPage, writeFilters } from './query';

describe('registration form', () => {
  it('办结时间 may not be before 交办时间', () => {
    expect(validateDates(dayjs('2026-05-02'), dayjs('2026-05-01'))).toBe('办结时间不能早于交办时间');
    expect(validateDates(dayjs('2026-05-02'), dayjs('2026-05-02'))).toBeUndefined();
    expect(validateDates(undefined, dayjs('2026-05-02'))).toBeUndefined();
  });

  const u = (id: string, departmentId: string, position: User['position'], disabled = false): User => ({
    id,
    username: id,
    name: id,
    departmentId,
    position,
    disabled,
  });
  it('the picker offers the lead department’s heads, else its active members', () => {
    const users = [
      u('h', 'd1', 'head'),
      u('s', 'd1', 'staff'),
      u('x', 'd2', 'head'),
      u('gone', 'd3', 'head', true),
      u('t', 'd3', 'staff'),
    ];
    expect(headCandidates(users, 'd1').map((x) => x.id)).toEqual(['h']);
    expect(headCandidates(users, 'd3').map((x) => x.id)).toEqual(['t']);
    expect(headCandidates(users, undefined)).toEqual([]);
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
  it('the export uses the same query without paging', () => {
    expect(itemsQuery('all', { result: 'apply_close' })).toEqual({ scope: 'all', result: 'apply_close' });
  });
});
