import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { type FieldName, mapServerErrors, toFormField } from './rules';

describe('server errors → fields', () => {
  const known: FieldName[] = ['reason', 'measures', 'assistHandlerIds', 'opinion'];
  it.each([
    ['reason', 'reason'],
    ['body/reason', 'reason'],
    ['/body/measures', 'measures'],
    ['assistHandlerIds.0', 'assistHandlerIds'],
    ['assistHandlerIds[1]', 'assistHandlerIds'],
    ['headId', undefined],
  ])('%s → %s', (server, expected) => {
    expect(toFormField(server, known)).toBe(expected);
  });

  it('puts each message on its field and keeps the rest for a general alert', () => {
    const error = new ApiError(400, 'validation', '输入有误', {
      reason: '请填写未办结原因',
      measures: '请填写解决措施',
      delegateToId: '不能选择已在流程中的人员',
    });
    expect(mapServerErrors(error, known, { delegateToId: '选择向下办理人员' })).toEqual({
      fields: [
        { name: 'reason', errors: ['请填写未办结原因'] },
        { name: 'measures', errors: ['请填写解决措施'] },
      ],
      other: ['选择向下办理人员：不能选择已在流程中的人员'],
    });
  });

  it('an error without fields becomes a general message', () => {
    expect(mapServerErrors(new ApiError(409, 'conflict', '该待办已处理'), known)).toEqual({
      fields: [],
      other: ['该待办已处理'],
    });
  });
});
