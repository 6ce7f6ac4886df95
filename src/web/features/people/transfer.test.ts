import { describe, expect, it } from 'vitest';
import type { Flow, FlowStep, Item, TaskKind, User } from '../../api/types';
import {
  chosenSuccessors,
  mayReceive,
  pendingSteps,
  receiverFilter,
  removedWithPending,
  successorTargets,
  transferTargets,
} from './transfer';

const u = (id: string, departmentId: string, extra: Partial<User> = {}): User => ({
  id,
  username: id,
  name: id,
  departmentId,
  position: 'staff',
  ...extra,
});
const users = [
  u('head', 'fin', { position: 'head' }),
  u('deputy', 'fin', { position: 'deputy' }),
  u('gone', 'fin', { disabled: true }),
  u('hr', 'hr'),
  u('sup', 'office', { roles: ['supervisor'] }),
  u('sup-gone', 'office', { roles: ['supervisor'], disabled: true }),
];
const ids = (list: User[]) => list.map((x) => x.id);

describe('§10 transfer targets (the server’s targetProblem, seen from the picker)', () => {
  it.each<[TaskKind, string[]]>([
    ['handle', ['deputy']],
    ['approve', ['deputy']],
    ['acknowledge', ['deputy']],
    ['assist_report', ['hr', 'sup']],
    ['review', ['sup']],
    // §13: 重新分派 moves like a review (the server's targetProblem).
    ['redispatch', ['sup']],
  ])('%s from the head → %j (never disabled, never the assignee)', (kind, expected) => {
    expect(ids(transferTargets({ kind, assigneeId: 'head' }, 'fin', users))).toEqual(expected);
  });

  it('the server is asked for the lead department, or for supervisors', () => {
    expect(receiverFilter(['handle', 'approve'], 'fin')).toEqual({ departmentId: 'fin' });
    expect(receiverFilter(['review'], 'fin')).toEqual({ role: 'supervisor' });
    expect(receiverFilter(['assist_report'], 'fin')).toEqual({});
  });

  it('a kind the server does not transfer offers nobody', () => {
    expect(mayReceive('unknown' as TaskKind, 'fin', users[1] as User)).toBe(false);
  });
});

const step = (taskId: string, kind: TaskKind, assigneeId: string, state: FlowStep['state']): FlowStep => ({
  taskId,
  kind,
  assigneeId,
  state,
});
const flow = (steps: FlowStep[]): Flow => ({ id: 'f', kind: 'registration', status: 'active', steps });
const item: Pick<Item, 'flows' | 'handlers'> = {
  handlers: [
    { userId: 'head', role: 'head' },
    { userId: 'deputy', role: 'deputy' },
    { userId: 'hr', role: 'assist' },
  ],
  flows: [
    flow([step('t1', 'handle', 'head', 'done'), step('t2', 'approve', 'head', 'pending')]),
    flow([step('t3', 'assist_report', 'hr', 'pending'), step('t4', 'acknowledge', 'head', 'pending')]),
  ],
};

describe('§10 removing a handler in 督办列表: who needs a successor', () => {
  it('lists the item’s pending steps across flows', () => {
    expect(pendingSteps(item).map((s) => s.taskId)).toEqual(['t2', 't3', 't4']);
  });

  it('only removed handlers who hold pending tasks, with those tasks’ kinds', () => {
    expect(removedWithPending(item, ['head', 'deputy', 'hr'])).toEqual([]);
    expect(removedWithPending(item, ['hr'])).toEqual([{ userId: 'head', kinds: ['approve', 'acknowledge'] }]);
    expect(removedWithPending(item, [undefined])).toEqual([
      { userId: 'head', kinds: ['approve', 'acknowledge'] },
      { userId: 'hr', kinds: ['assist_report'] },
    ]);
  });

  it('a successor must satisfy the rule of every kind the removed handler holds', () => {
    expect(
      ids(successorTargets({ userId: 'head', kinds: ['approve', 'acknowledge'] }, 'fin', users)),
    ).toEqual(['deputy']);
    expect(ids(successorTargets({ userId: 'hr', kinds: ['assist_report'] }, 'fin', users))).toEqual(['sup']);
    expect(successorTargets({ userId: 'x', kinds: ['assist_report', 'handle'] }, 'fin', users)).toEqual([]);
  });
});

describe('§10 the drawer’s handlerSuccessors', () => {
  it('sends only chosen successors of handlers the edit removes', () => {
    expect(chosenSuccessors(undefined, ['a'])).toBeUndefined();
    expect(chosenSuccessors({ head: 'deputy', hr: undefined, kept: 'x' }, ['kept'])).toEqual({
      head: 'deputy',
    });
    expect(chosenSuccessors({ head: '' }, [])).toBeUndefined();
  });
});
