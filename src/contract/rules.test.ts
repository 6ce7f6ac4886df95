import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  buildSubmission,
  type Choices,
  enabledFields,
  FIELD_LABEL,
  type FieldName,
  type RuleContext,
  requiredFields,
  validate,
  visibleFields,
} from './rules';

const sorted = (set: Set<FieldName>) => [...set].sort();
const handle: RuleContext = { kind: 'handle', allowed: { decisions: ['self', 'delegate'] } };
const staffHandle: RuleContext = { kind: 'handle', allowed: { decisions: ['self'] } };
const returnedReport: RuleContext = {
  kind: 'handle',
  allowed: { decisions: ['self'] },
  promisedAtOptional: true,
};

describe('requiredFields: which fields turn yellow', () => {
  const table: [string, RuleContext, Choices, FieldName[]][] = [
    ['handle, nothing chosen: only the decision', handle, {}, ['decision']],
    ['自办: 承诺办结时间 and 事务办理', handle, { decision: 'self' }, ['decision', 'outcome', 'promisedAt']],
    ['向下办理: 选择向下办理人员', handle, { decision: 'delegate' }, ['decision', 'delegateToId']],
    [
      '自办 + 申请办结: 落实情况',
      handle,
      { decision: 'self', outcome: 'apply_close' },
      ['decision', 'implementation', 'outcome', 'promisedAt'],
    ],
    [
      '自办 + 未办结: 未办结原因 and 解决措施',
      handle,
      { decision: 'self', outcome: 'not_done' },
      ['decision', 'measures', 'outcome', 'promisedAt', 'reason'],
    ],
    [
      '自办 + 其他单位协办: 协办单位办理人',
      handle,
      { decision: 'self', outcome: 'assist' },
      ['assistHandlerIds', 'decision', 'outcome', 'promisedAt'],
    ],
    [
      '向下办理 ignores an outcome chosen before',
      handle,
      { decision: 'delegate', outcome: 'not_done' },
      ['decision', 'delegateToId'],
    ],
    ['staff level: 自办 implied, no decision asked', staffHandle, {}, ['outcome', 'promisedAt']],
    [
      'staff level + 未办结',
      staffHandle,
      { outcome: 'not_done' },
      ['measures', 'outcome', 'promisedAt', 'reason'],
    ],
    [
      'returned lead report: 承诺办结时间 optional',
      returnedReport,
      { outcome: 'apply_close' },
      ['implementation', 'outcome'],
    ],
    ['approve, nothing chosen', { kind: 'approve' }, {}, ['action']],
    ['approve 同意: opinion optional', { kind: 'approve' }, { action: 'approve' }, ['action']],
    ['approve 退回: opinion required', { kind: 'approve' }, { action: 'return' }, ['action', 'opinion']],
    ['review 确认', { kind: 'review' }, { action: 'acknowledge' }, ['action']],
    [
      'review 退回 is not a review action: opinion optional',
      { kind: 'review' },
      { action: 'close' },
      ['action'],
    ],
    ['acknowledge 阅知: nothing', { kind: 'acknowledge' }, {}, []],
    ['assist_report: 事务办理', { kind: 'assist_report' }, {}, ['outcome']],
    [
      'assist_report + 申请办结',
      { kind: 'assist_report' },
      { outcome: 'apply_close' },
      ['implementation', 'outcome'],
    ],
    ['lead report: 事务办理, 承诺办结时间 optional', { kind: 'lead_report' }, {}, ['outcome']],
    [
      'lead report + 其他单位协办',
      { kind: 'lead_report' },
      { outcome: 'assist' },
      ['assistHandlerIds', 'outcome'],
    ],
    [
      'assist report form + 未办结',
      { kind: 'assist_report_form' },
      { outcome: 'not_done' },
      ['measures', 'outcome', 'reason'],
    ],
  ];
  it.each(table)('%s', (_name, ctx, choices, expected) => {
    expect(sorted(requiredFields(ctx, choices))).toEqual([...expected].sort());
  });

  it('every required field is enabled (a yellow field can always be filled)', () => {
    for (const [, ctx, choices] of table) {
      const enabled = enabledFields(ctx, choices);
      for (const field of requiredFields(ctx, choices)) expect(enabled.has(field)).toBe(true);
    }
  });
});

describe('visibleFields and enabledFields', () => {
  it('a head sees both branches; 向下办理 greys out the 自办 fields', () => {
    expect(visibleFields(handle)).toEqual([
      'decision',
      'delegateToId',
      'promisedAt',
      'outcome',
      'implementation',
      'reason',
      'measures',
      'assistHandlerIds',
      'opinion',
    ]);
    const enabled = enabledFields(handle, { decision: 'delegate' });
    expect(enabled.has('delegateToId')).toBe(true);
    expect(enabled.has('promisedAt')).toBe(false);
    expect(enabled.has('outcome')).toBe(false);
  });

  it('自办 greys out 选择向下办理人员; only the chosen outcome’s fields are editable', () => {
    const enabled = enabledFields(handle, { decision: 'self', outcome: 'not_done' });
    expect(enabled.has('delegateToId')).toBe(false);
    expect(enabled.has('reason')).toBe(true);
    expect(enabled.has('measures')).toBe(true);
    expect(enabled.has('implementation')).toBe(false);
    expect(enabled.has('assistHandlerIds')).toBe(false);
  });

  it('staff cannot delegate: no decision, no delegate picker', () => {
    expect(visibleFields(staffHandle)).not.toContain('decision');
    expect(visibleFields(staffHandle)).not.toContain('delegateToId');
  });

  it('协办 may not pick 其他单位协办: no assist picker', () => {
    expect(visibleFields({ kind: 'assist_report' })).not.toContain('assistHandlerIds');
  });

  it('approve and review show the action and opinion only', () => {
    expect(visibleFields({ kind: 'approve' })).toEqual(['action', 'opinion']);
    expect(visibleFields({ kind: 'acknowledge' })).toEqual(['opinion']);
  });
});

describe('actionsOf', () => {
  it('offers what the server allows on approvals and reviews', () => {
    expect(actionsOf({ kind: 'review', allowed: { actions: ['acknowledge'] } })).toEqual(['acknowledge']);
    expect(actionsOf({ kind: 'approve' })).toEqual(['approve', 'return']);
  });
  it('阅知 is a single submit button, even when the server lists an action', () => {
    expect(actionsOf({ kind: 'acknowledge', allowed: { actions: ['acknowledge'] } })).toEqual([]);
    expect(buildSubmission({ kind: 'acknowledge' }, { action: 'acknowledge', opinion: '已阅' })).toEqual({
      opinion: '已阅',
    });
  });
});

describe('validate', () => {
  it('names every missing required field at once', () => {
    expect(validate(handle, { decision: 'self', outcome: 'not_done', reason: '  ' })).toEqual({
      promisedAt: '请选择承诺办结时间',
      reason: '请填写未办结原因',
      measures: '请填写解决措施',
    });
  });
  it('向下办理 without a person names the field once: the form labels it 选择向下办理人员', () => {
    expect(validate(handle, { decision: 'delegate' })).toEqual({ delegateToId: '请选择向下办理人员' });
    expect(FIELD_LABEL.delegateToId).toBe('选择向下办理人员');
    expect(FIELD_LABEL.promisedAt).toBe('承诺办结时间');
  });
  it('an empty assist handler list is missing', () => {
    expect(validate({ kind: 'lead_report' }, { outcome: 'assist', assistHandlerIds: [] })).toEqual({
      assistHandlerIds: '请选择协办单位办理人',
    });
  });
  it('退回 without an opinion is refused', () => {
    expect(validate({ kind: 'approve' }, { action: 'return' })).toEqual({ opinion: '请填写意见' });
    expect(validate({ kind: 'approve' }, { action: 'return', opinion: '请补充材料' })).toEqual({});
  });
  it('a complete 自办 passes', () => {
    expect(
      validate(handle, {
        decision: 'self',
        promisedAt: '2026-12-01',
        outcome: 'apply_close',
        implementation: '已完成',
      }),
    ).toEqual({});
  });
});

describe('buildSubmission', () => {
  it('sends only the chosen outcome’s fields, trimmed', () => {
    expect(
      buildSubmission(handle, {
        decision: 'self',
        promisedAt: '2026-12-01',
        outcome: 'apply_close',
        implementation: ' 已完成 ',
        reason: 'left over from 未办结',
        delegateToId: 'u9',
        opinion: '',
      }),
    ).toEqual({
      decision: 'self',
      promisedAt: '2026-12-01',
      outcome: 'apply_close',
      implementation: '已完成',
    });
  });
  it('向下办理 sends the delegate and opinion only', () => {
    expect(
      buildSubmission(handle, {
        decision: 'delegate',
        delegateToId: 'u2',
        outcome: 'not_done',
        opinion: '请办理',
      }),
    ).toEqual({ decision: 'delegate', delegateToId: 'u2', opinion: '请办理' });
  });
  it('the implied 自办 of a staff task is sent explicitly', () => {
    expect(
      buildSubmission(staffHandle, { promisedAt: '2026-12-01', outcome: 'assist', assistHandlerIds: ['a1'] }),
    ).toEqual({
      decision: 'self',
      promisedAt: '2026-12-01',
      outcome: 'assist',
      assistHandlerIds: ['a1'],
    });
  });
  it('approve sends the action and opinion', () => {
    expect(buildSubmission({ kind: 'approve' }, { action: 'return', opinion: '退回重办' })).toEqual({
      action: 'return',
      opinion: '退回重办',
    });
  });
});
