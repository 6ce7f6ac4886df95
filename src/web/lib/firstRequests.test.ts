import { describe, expect, it } from 'vitest';
import { firstRequests, homeQueries } from './firstRequests';

const FRAME = ['/api/departments', '/api/notifications?unread=true'];
// 31 December, late evening local time: the week after crosses into the next year.
const NOW = new Date(2026, 11, 31, 23, 30);

describe('firstRequests', () => {
  it('督办空间: all items for a leader, the department for anyone else, dates in local time', () => {
    expect(homeQueries(['leader'], NOW)).toMatchObject({
      scope: 'all',
      today: '2026-12-31',
      weekLater: '2027-01-07',
    });
    expect(firstRequests('/', '', ['leader'], NOW)).toEqual([
      ...FRAME,
      '/api/tasks?state=pending&page=1&pageSize=5',
      '/api/items?scope=all&overdue=true&status=open&page=1&pageSize=1',
      '/api/items?scope=all&status=open&dueFrom=2026-12-31&dueTo=2027-01-07&page=1&pageSize=1',
      '/api/items?scope=all&page=1&pageSize=5',
    ]);
    expect(firstRequests('/', '', ['auditor'], NOW)[3]).toBe(
      '/api/items?scope=department&overdue=true&status=open&page=1&pageSize=1',
    );
  });

  it('待办 and 已办 with the page from the address', () => {
    expect(firstRequests('/tasks/pending', '', [], NOW)).toEqual([
      ...FRAME,
      '/api/tasks?state=pending&page=1&pageSize=20',
    ]);
    expect(firstRequests('/tasks/done', '?page=3&pageSize=50', [], NOW)).toEqual([
      ...FRAME,
      '/api/tasks?state=done&page=3&pageSize=50',
    ]);
  });

  it('督办查询: the scope only for those who see all, the filters and paging from the address', () => {
    expect(firstRequests('/items', '?scope=all&status=open&page=2', ['auditor'], NOW)).toEqual([
      ...FRAME,
      '/api/items?scope=department&status=open&page=2&pageSize=20',
      '/api/sources',
    ]);
    expect(firstRequests('/items', '?scope=all&q=%E4%BA%8B', ['supervisor'], NOW)[2]).toBe(
      '/api/items?scope=all&q=%E4%BA%8B&page=1&pageSize=20',
    );
  });

  it('事项详情: the item and its history; nothing for pages not listed', () => {
    expect(firstRequests('/items/0b7c', '', [], NOW)).toEqual([
      ...FRAME,
      '/api/items/0b7c',
      '/api/items/0b7c/history',
    ]);
    expect(firstRequests('/items/0b7c/print', '', [], NOW)).toEqual([]);
    expect(firstRequests('/login', '', [], NOW)).toEqual([]);
  });

  it('新建督办: the list of 来源, for a supervisor or a user whose roles are not known yet', () => {
    expect(firstRequests('/items/new', '', ['supervisor'], NOW)).toEqual([...FRAME, '/api/sources']);
    expect(firstRequests('/items/new/', '', undefined, NOW)).toEqual([...FRAME, '/api/sources']);
    expect(firstRequests('/items/new', '', ['leader'], NOW)).toEqual(FRAME);
    expect(firstRequests('/items/new', '', [], NOW)).toEqual(FRAME);
  });

  it('without the roles (not known yet): only what does not depend on them, each also asked for with them', () => {
    const pages: [string, string][] = [
      ['/', ''],
      ['/tasks/pending', '?page=2'],
      ['/items', '?scope=all&status=open'],
      ['/items/0b7c', ''],
    ];
    for (const [path, search] of pages) {
      const early = firstRequests(path, search, undefined, NOW);
      for (const roles of [[], ['leader'], ['supervisor', 'auditor']] as const) {
        const all = firstRequests(path, search, roles, NOW);
        expect(all, path).toEqual(expect.arrayContaining(early));
      }
    }
    expect(firstRequests('/', '', undefined, NOW)).toEqual([
      ...FRAME,
      '/api/tasks?state=pending&page=1&pageSize=5',
    ]);
    expect(firstRequests('/items', '?scope=all', undefined, NOW)).toEqual([...FRAME, '/api/sources']);
    expect(firstRequests('/tasks/done', '', undefined, NOW)).toEqual(
      firstRequests('/tasks/done', '', [], NOW),
    );
  });
});
