/** Chinese names of the audit log's actions, and a readable one-line form of an event's detail. */

export const AUDIT_ACTION_LABEL: Record<string, string> = {
  'auth.login.success': '登录成功',
  'auth.login.failure': '登录失败',
  'auth.login.locked': '登录锁定',
  'auth.logout': '退出登录',
  'item.register': '督办登记',
  'item.edit': '修改督办事项',
  'item.end': '结束督办',
  'item.reopen': '重新打开',
  'item.urge': '催办',
  'item.report': '发起反馈',
  'item.import': '导入督办事项',
  'task.complete': '办理待办',
  'org.bootstrap': '系统初始化',
  'org.department.create': '新建部门',
  'org.department.update': '修改部门',
  'org.user.create': '新建用户',
  'org.user.update': '修改用户',
  'org.sources.update': '修改督办来源',
};

/** The absent user a deputy acted for (委托, §10), as an audit entry's detail names them. */
export function onBehalfOfIdOf(detail: unknown): string | undefined {
  const id =
    detail !== null && typeof detail === 'object'
      ? (detail as { onBehalfOfId?: unknown }).onBehalfOfId
      : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Who acted (`actorName`, null for the system), with 代 <name> 办理 when a deputy completed a task
 * for an absent user (委托, §10); `userName` names that user.
 */
export function actorText(
  actorName: string | null,
  detail: unknown,
  userName: (id: string) => string,
): string {
  const onBehalfOfId = onBehalfOfIdOf(detail);
  const name = actorName ?? '系统';
  return onBehalfOfId ? `${name}（代${userName(onBehalfOfId)}办理）` : name;
}

export const auditActionLabel = (action: string) => AUDIT_ACTION_LABEL[action] ?? action;

/** `{a: 1, b: {c: 2}}` → `a：1；b：{"c":2}`; ids are long, so objects stay compact. */
export function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  if (Array.isArray(detail)) return JSON.stringify(detail);
  const entries = Object.entries(detail as Record<string, unknown>);
  if (entries.length === 0) return '';
  return entries
    .map(([key, value]) => `${key}：${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('；');
}
