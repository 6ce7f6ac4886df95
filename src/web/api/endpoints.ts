/**
 * One typed function per endpoint of the API (../shared/docs/api-contract.md): pages call these,
 * never a path. The shapes are those of ./types; answers a page does not read are `unknown`.
 */
import { api, type Query, upload } from './client';
import type {
  Absence,
  AuditEvent,
  AuthProviders,
  CompleteResult,
  Department,
  HandoverPreview,
  HistoryEntry,
  Item,
  ItemList,
  Me,
  Notification,
  OrgChangeAnswer,
  Summary,
  TaskDetail,
  TaskInput,
  TaskList,
  User,
} from './types';

const seg = encodeURIComponent;

// ---- items ----------------------------------------------------------------------------------

export const getItem = (id: string) => api.get<Item>(`/api/items/${seg(id)}`);
export const getItemHistory = (id: string) => api.get<HistoryEntry[]>(`/api/items/${seg(id)}/history`);
export const listItems = (query: Query) => api.get<ItemList>('/api/items', query);

/** 督办登记 (发送): the new item goes to the lead department's head. */
export interface NewItem {
  title?: string;
  source?: string;
  leadDepartmentId?: string;
  assistDepartmentIds: string[];
  assignedAt?: string;
  dueAt?: string;
  content?: string;
  headId?: string;
}
export const createItem = (body: NewItem) => api.post<Item>('/api/items', body);
/** 督办列表's 修改 (admin): only the changed fields. */
export const patchItem = (id: string, patch: Record<string, unknown>) =>
  api.patch<unknown>(`/api/items/${seg(id)}`, patch);
export const closeItem = (id: string, body: { remark?: string }) =>
  api.post<unknown>(`/api/items/${seg(id)}/close`, body);
export const reopenItem = (id: string, body: { remark?: string }) =>
  api.post<unknown>(`/api/items/${seg(id)}/reopen`, body);
export const urgeItem = (id: string, body: { message?: string }) =>
  api.post<{ notified: number }>(`/api/items/${seg(id)}/urge`, body);
export const requestExtension = (id: string, body: { newDueAt?: string; reason: string; progress: string }) =>
  api.post<unknown>(`/api/items/${seg(id)}/extensions`, body);

export interface BatchUrgeResult {
  results: { itemId: string; status: 'urged' | 'too_soon' | 'closed' | 'not_found'; notified?: number }[];
}
export const urgeItems = (body: { itemIds: string[]; message?: string }) =>
  api.post<BatchUrgeResult>('/api/items/urge', body);

export const deleteAttachment = (id: string) => api.delete<unknown>(`/api/attachments/${seg(id)}`);

// ---- 主办反馈 / 协办反馈 ----------------------------------------------------------------------

export type EligibleItem = Pick<
  Item,
  'id' | 'number' | 'title' | 'source' | 'leadDepartmentId' | 'assignedAt' | 'dueAt'
> &
  Partial<Item> & {
    /** The reporter's own last report on the item (§12): the form starts from it. */
    lastReport?: TaskInput | null;
  };
export const listEligible = (kind: 'lead' | 'assist') =>
  api.get<{ items: EligibleItem[] }>('/api/reports/eligible', { kind });
export const submitReport = (itemId: string, body: Record<string, unknown>) =>
  api.post<{ flowId: string; created: { assigneeId: string; assigneeName: string | null }[] }>(
    `/api/items/${seg(itemId)}/reports`,
    body,
  );

// ---- tasks ----------------------------------------------------------------------------------

export const listTasks = (query: Query) => api.get<TaskList>('/api/tasks', query);
export const listStuckTasks = (query: Query) => api.get<TaskList>('/api/tasks/stuck', query);
export const getTask = (id: string) => api.get<TaskDetail>(`/api/tasks/${seg(id)}`);
export const completeTask = (id: string, body: TaskInput | Record<string, unknown>) =>
  api.post<CompleteResult>(`/api/tasks/${seg(id)}/complete`, body);
export const claimTask = (id: string) => api.post<unknown>(`/api/tasks/${seg(id)}/claim`);
export const withdrawTask = (id: string) => api.post<unknown>(`/api/tasks/${seg(id)}/withdraw`);
export const transferTask = (id: string, body: { toUserId: string; reason: string }) =>
  api.post<unknown>(`/api/tasks/${seg(id)}/transfer`, body);

// ---- notifications, summary, audit ------------------------------------------------------------

export const listUnreadNotifications = () => api.get<Notification[]>('/api/notifications', { unread: true });
export const markNotificationRead = (id: string) => api.post<unknown>(`/api/notifications/${seg(id)}/read`);
export const markAllNotificationsRead = () => api.post<unknown>('/api/notifications/read-all');
export const getSummary = () => api.get<Summary>('/api/summary');
export const listAudit = (query: Query) =>
  api.get<{ events: AuditEvent[]; total: number }>('/api/audit', query);

// ---- organisation -----------------------------------------------------------------------------

/** The whole directory (系统管理 only): every other screen searches (`searchUsers`). */
export const listUsers = (query?: Query) => api.get<User[]>('/api/users', query);
/** 选人: a page of the users matching `q` (name, username, pinyin initials, department). */
export const searchUsers = (query: Query) => api.get<User[]>('/api/users', query);
export const listDepartments = () => api.get<Department[]>('/api/departments');
/** 系统管理's 部门: each department with its number of (enabled) users. */
export const listDepartmentsWithCounts = () =>
  api.get<(Department & { userCount?: number })[]>('/api/departments', { withUserCount: true });
export const createDepartment = (body: { name: string; parentId?: string }) =>
  api.post<unknown>('/api/departments', body);
export const patchDepartment = (id: string, body: { name: string; parentId: string | null }) =>
  api.patch<unknown>(`/api/departments/${seg(id)}`, body);
export const createUser = (body: Record<string, unknown>) => api.post<unknown>('/api/users', body);
/** Edits, 停用/启用 (with `handoverToId` for 交接并停用) and 重置密码 are all this one PATCH. */
export const patchUser = (id: string, body: Record<string, unknown>) =>
  api.patch<unknown>(`/api/users/${seg(id)}`, body);
export const getHandover = (userId: string) => api.get<HandoverPreview>(`/api/users/${seg(userId)}/handover`);
export const handOver = (userId: string, toUserId: string | undefined) =>
  api.post<unknown>(`/api/users/${seg(userId)}/handover`, { toUserId });
export const importOrg = (file: File, dryRun: boolean) =>
  upload<OrgChangeAnswer>('/api/org/import', file, file.name, { dryRun: dryRun ? 'true' : 'false' });
export const syncOrg = () => api.post<OrgChangeAnswer>('/api/org/sync');
export const getSources = () => api.get<string[]>('/api/sources');
export const putSources = (list: string[]) => api.put<unknown>('/api/sources', list);

// ---- 委托 (absences) and the working calendar -----------------------------------------------

export const listAbsences = (query: Query) => api.get<Absence[]>('/api/absences', query);
export const createAbsence = (body: {
  userId?: string;
  deputyId: string;
  startsOn: string;
  endsOn: string;
  reason?: string;
}) => api.post<unknown>('/api/absences', body);
export const endAbsence = (id: string) => api.delete<unknown>(`/api/absences/${seg(id)}`);

export interface CalendarDay {
  date: string;
  workday: boolean;
  note?: string;
  source: 'official' | 'organisation';
}
export interface CalendarYear {
  year: number;
  official: boolean;
  days: CalendarDay[];
  missingYears: number[];
  mode: 'working' | 'natural';
}
export const getCalendar = (year: number) => api.get<CalendarYear>('/api/calendar', { year });
/** `date` is YYYY-MM-DD. */
export const putCalendarDay = (date: string, body: { workday: boolean; note?: string }) =>
  api.put<unknown>(`/api/calendar/${date}`, body);
export const deleteCalendarDay = (date: string) => api.delete<unknown>(`/api/calendar/${date}`);

// ---- sign-in ----------------------------------------------------------------------------------

/** Answers 200 {user: null} to a visitor: no 401 logged on the 登录 page. */
export const getSession = () => api.get<{ user: Me | null }>('/api/auth/session');
export const getMe = () => api.get<Me>('/api/me');
export const login = (username: string, password: string) =>
  api.post<unknown>('/api/auth/login', { username, password });
export const logout = () => api.post<unknown>('/api/auth/logout');
export const changePassword = (body: { currentPassword: string; newPassword: string }) =>
  api.post<unknown>('/api/me/password', body);
export const getAuthProviders = () => api.get<AuthProviders>('/api/auth/providers');
export const getPublicSettings = () => api.get<{ helpContact: string | null }>('/api/settings/public');
