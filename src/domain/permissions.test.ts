/** Permissions in one place: visibility (§1, §8, §9), allowed task actions and item buttons. */
import { describe, expect, it } from 'vitest';
import { allowedActions, canReport, canSeeAll, canSeeItem, itemPermissions } from './permissions';
import { actor, INPUTS, World } from './testing';
import type { Actor, ItemPermissions } from './types';

function outsider(departmentId: string, id = 'someone'): Actor {
  return { id, departmentId, position: 'staff', roles: [] };
}

describe('§1 §8 §9 who sees an item', () => {
  it.each([
    ['leader', true],
    ['admin', true],
    ['supervisor', true],
    ['sysadmin', false],
    ['auditor', false],
  ] as const)('§1 role %s sees every item: %s', (role, expected) => {
    const who: Actor = { ...outsider('dept-x'), roles: [role] };
    expect(canSeeAll(who)).toBe(expected);
    const w = new World();
    w.register();
    expect(canSeeItem(who, w.state)).toBe(expected);
  });

  it.each([
    ['a member of the lead department', true, outsider('dept-lead')],
    ['a member of an assisting department', true, outsider('dept-a')],
    ['a member of another department', false, outsider('dept-b')],
    ['a handler from another department (admin edit)', true, outsider('dept-x', 'sup2')],
    ['someone who had a task, now in another department', true, outsider('dept-x', 'H')],
  ])('§8 §9 %s sees the item: %s', (_name, expected, who) => {
    const w = new World();
    w.register({ assistDepartmentIds: ['dept-a'] });
    w.edit({
      handlers: [
        { userId: 'H', role: 'head' },
        { userId: 'sup2', role: 'staff' },
      ],
    });
    // H is no longer a handler but had a task (passed on to D, §10: removal needs a successor).
    w.edit({ handlers: [{ userId: 'sup2', role: 'staff' }], handlerSuccessors: { H: 'D' } });
    expect(canSeeItem(who, w.state)).toBe(expected);
  });
});

describe('allowed actions (for the UI)', () => {
  it('§3 a head-level handle task offers 自办 and 向下办理 and all three outcomes', () => {
    const w = new World();
    w.register();
    expect(allowedActions(w.state, actor('H'), w.only('H'))).toEqual({
      decisions: ['self', 'delegate'],
      outcomes: ['apply_close', 'not_done', 'assist'],
    });
  });

  it('§3 a staff-level handle task offers only 自办', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    w.complete('D', 'handle', INPUTS.delegate('S'));
    expect(allowedActions(w.state, actor('S'), w.only('S')).decisions).toEqual(['self']);
  });

  it('§3 同意办结 is offered only for 申请办结', () => {
    for (const [result, actions] of [
      [INPUTS.applyClose, ['acknowledge', 'close']],
      [INPUTS.notDone, ['acknowledge']],
    ] as const) {
      const w = new World();
      w.register();
      w.complete('H', 'handle', result);
      expect(allowedActions(w.state, actor('sup'), w.only('sup'))).toEqual({ actions });
    }
  });

  it('§5 §6 approve, assist_report, acknowledge and returned lead reports offer their own choices', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.assist('A'));
    w.complete('sup', 'review', INPUTS.acknowledge);
    expect(allowedActions(w.state, actor('A'), w.only('A'))).toEqual({
      outcomes: ['apply_close', 'not_done'],
    });
    w.complete('A', 'assist_report', INPUTS.notDone);
    expect(allowedActions(w.state, actor('H'), w.only('H'))).toEqual({ actions: ['acknowledge'] });
    w.complete('H', 'acknowledge', {});
    w.edit({
      handlers: [
        { userId: 'S', role: 'staff' },
        { userId: 'H', role: 'head' },
      ],
    });
    w.report('S', { kind: 'lead', outcome: 'apply_close', implementation: '完成' });
    expect(allowedActions(w.state, actor('H'), w.only('H'))).toEqual({ actions: ['approve', 'return'] });
    w.complete('H', 'approve', INPUTS.return);
    expect(allowedActions(w.state, actor('S'), w.only('S')).decisions).toEqual(['self']);
  });

  it('§9 nothing is allowed to anyone but the assignee, nor on a task that is no longer pending', () => {
    const w = new World();
    w.register();
    const task = w.only('H');
    for (const who of ['D', 'sup', 'adm']) expect(allowedActions(w.state, actor(who), task)).toEqual({});
    w.complete('H', task, INPUTS.notDone);
    const done = w.state.tasks.find((t) => t.id === task.id);
    expect(done && allowedActions(w.state, actor('H'), done)).toEqual({});
  });
});

describe('item buttons and reporting', () => {
  const none: ItemPermissions = {
    close: false,
    reopen: false,
    urge: false,
    edit: false,
    reportLead: false,
    reportAssist: false,
    extend: false,
  };

  it.each([
    ['sup', 'open', { close: true, urge: true }],
    ['adm', 'open', { close: true, edit: true, urge: true }],
    ['adm', 'closed', { reopen: true, edit: true }],
    ['sup', 'closed', {}],
    ['H', 'open', { reportLead: true, extend: true }],
    ['A', 'open', { reportAssist: true }],
    ['H', 'closed', {}],
    ['ldr', 'open', { urge: true }],
  ] as const)('§7 §8 %s, item %s, may use %j', (who, status, allowed) => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.assist('A'));
    w.complete('sup', 'review', INPUTS.acknowledge);
    if (status === 'closed') w.end();
    expect(itemPermissions(actor(who), w.state)).toEqual({ ...none, ...allowed });
  });

  it('§6 nobody may report while the registration flow runs', () => {
    const w = new World();
    w.register();
    expect(canReport(w.state, actor('H'), 'lead')).toBe(false);
    w.complete('H', 'handle', INPUTS.notDone);
    expect(canReport(w.state, actor('H'), 'lead')).toBe(false);
    w.complete('sup', 'review', INPUTS.acknowledge);
    expect(canReport(w.state, actor('H'), 'lead')).toBe(true);
    expect(canReport(w.state, actor('H'), 'assist')).toBe(false);
  });
});
