/** Pure helpers of the registration form (督办登记). */
import type { Dayjs } from 'dayjs';
import type { UserFilter } from '../../lib/users';

export const ITEM_FIELDS = [
  'title',
  'source',
  'leadDepartmentId',
  'assistDepartmentIds',
  'assignedAt',
  'dueAt',
  'content',
] as const;

/** The server's own field labels (the same words as the form), for messages about fields. */
export { FIELD_LABELS as ITEM_FIELD_LABEL } from '../../../domain/inputs';

/** 办结时间 may not be before 交办时间. */
export function validateDates(
  assignedAt: Dayjs | undefined | null,
  dueAt: Dayjs | undefined | null,
): string | undefined {
  if (assignedAt && dueAt?.isBefore(assignedAt, 'day')) return '办结时间不能早于交办时间';
  return undefined;
}

/**
 * Who may receive the item on 发送: the lead department's heads (部处负责人); if it has none, any
 * active member of it, so that a department without a head can still be sent work.
 */
export function headPicker(leadDepartmentId: string | undefined): {
  filter: UserFilter;
  fallback: UserFilter;
} {
  // No department yet: a department id that matches nobody, rather than the whole directory.
  const departmentId = leadDepartmentId ?? NO_DEPARTMENT;
  return { filter: { departmentId, position: 'head' }, fallback: { departmentId } };
}

const NO_DEPARTMENT = '00000000-0000-0000-0000-000000000000';
