/** Pure helpers of the registration form (督办登记). */
import type { Dayjs } from 'dayjs';
import type { User } from '../../api/types';

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
export function headCandidates(users: User[], leadDepartmentId: string | undefined): User[] {
  if (!leadDepartmentId) return [];
  const members = users.filter((u) => u.departmentId === leadDepartmentId && !u.disabled);
  const heads = members.filter((u) => u.position === 'head');
  return heads.length ? heads : members;
}
