import { describe, expect, it } from 'vitest';
import { firstScreen } from './routes';

describe('firstScreen', () => {
  it('finds each first screen, with trailing slashes as the router takes them', () => {
    expect(firstScreen('/')).toEqual({ page: 'home' });
    expect(firstScreen('/tasks/done/')).toEqual({ page: 'taskList', state: 'done' });
    expect(firstScreen('/tasks/pending//')).toEqual({ page: 'taskList', state: 'pending' });
    expect(firstScreen('/items/')).toEqual({ page: 'itemQuery' });
    expect(firstScreen('/items/a%20b')).toEqual({ page: 'itemDetail', id: 'a%20b' });
    expect(firstScreen('/items/newer')).toEqual({ page: 'itemDetail', id: 'newer' });
    expect(firstScreen('/items/new/')).toEqual({ page: 'newItem' });
  });

  it('none for the other pages', () => {
    for (const path of ['/items/x/print', '/tasks/x', '/tasks', '/login', '/summary'])
      expect(firstScreen(path), path).toBeUndefined();
  });
});
