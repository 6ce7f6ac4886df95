/**
 * The one database schema, for the embedded PGlite and for a PostgreSQL server alike.
 * Changes go through `npm run db:generate`, which writes a new forward-only migration.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { FlowKind, FlowStatus, NotificationKind, TaskInput } from '../domain/types';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** 部处/单位 */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('departments_name_unique').on(t.name), index('departments_parent_idx').on(t.parentId)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull(),
    name: text('name').notNull(),
    /** For e-mail copies of notifications (optional; e-mail is off unless SMTP_URL is set). */
    email: text('email'),
    /** 手机, shown in the person lists (optional). */
    phone: text('phone'),
    /** Pinyin initials and full pinyin of the name, for the person picker's search. */
    pinyin: text('pinyin').notNull().default(''),
    /**
     * What 选人 matches, lower-cased once when the row is written: name, username and pinyin. A plain
     * LIKE on it costs a third of an ILIKE over the three columns joined on every search.
     */
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(sql`lower(name || ' ' || username || ' ' || pinyin)`),
    /**
     * lower(name || ' ' || username) with an `x` after every character, for two 汉字 typed in 选人
     * (`王伟` anywhere): they hold no trigram, `王x伟` does, so the trigram index below serves them
     * instead of a scan of every user. Exact: with a 汉字 in the text the match cannot start on a
     * separator (docs/query-plans.md, 选人).
     */
    searchPairs: text('search_pairs')
      .notNull()
      .generatedAlwaysAs(sql`regexp_replace(lower(name || ' ' || username), '(.)', '\\1x', 'g')`),
    /** argon2id; null for directory users, whose password is checked by an LDAP bind and never stored. */
    passwordHash: text('password_hash'),
    /** Where the password is checked: `local` (password_hash) or `ldap` (the office's directory). */
    source: text('source').$type<'local' | 'ldap'>().notNull().default('local'),
    /** Set for a one-time password (组织架构 import): every call but the change answers 403 until changed. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    position: text('position').$type<'head' | 'deputy' | 'staff'>().notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('users_username_lower_unique').on(sql`lower(${t.username})`),
    // 选人: `search_text LIKE '%zbz%'` (three characters or more) is a trigram index lookup, a
    // keystroke's answer at tens of thousands of users (docs/query-plans.md).
    index('users_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('users_search_pairs_trgm_idx').using('gin', sql`${t.searchPairs} gin_trgm_ops`),
    // 选人 reads its three match ranks apart (exact, prefix, the rest), each in the answer's order:
    // the exact name is an index lookup, and one common letter walks this order, department, then
    // head/deputy/staff, name and id, and stops at the page's last row instead of ranking thousands
    // of matches (docs/query-plans.md). The expression is the one `userSearchQueries` sorts by. It
    // replaces users_department_idx (department_id alone), which the planner preferred, followed by
    // a sort of the whole department: 20–34 ms for `z` with 20,000 people in one department, 9–12 here.
    index('users_name_lower_idx').on(sql`lower(${t.name})`),
    index('users_directory_order_idx').on(
      t.departmentId,
      sql`(case ${t.position} when 'head' then 0 when 'deputy' then 1 else 2 end)`,
      t.name,
      t.id,
    ),
    // The few people with a space in their name or username: where one or two letters can match
    // without being a prefix (rank 2 of 选人).
    index('users_spaced_name_idx').on(t.id).where(sql`${t.name} like '% %' or ${t.username} like '% %'`),
  ],
);

export const roleGrants = pgTable(
  'role_grants',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    grantedAt: ts('granted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/** Server-side sessions: the cookie carries a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** How the session was signed in: local password, directory bind or single sign-on. */
    method: text('method').$type<'local' | 'ldap' | 'oidc'>().notNull().default('local'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Failed-login counter per submitted username (lower-cased), existing or not. */
export const loginAttempts = pgTable('login_attempts', {
  usernameKey: text('username_key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: ts('window_started_at').notNull(),
  lockedUntil: ts('locked_until'),
});

/** 安全审计: every login and every change, with who, when and from where. Never updated or deleted. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    itemId: uuid('item_id'),
    ip: text('ip'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_item_idx').on(t.itemId, t.at),
    index('audit_actor_idx').on(t.actorId, t.at),
    index('audit_action_idx').on(t.action, t.at),
    index('audit_at_idx').on(t.at),
  ],
);

/** 督办来源 dictionary. */
export const sources = pgTable('sources', {
  name: text('name').primaryKey(),
  sortOrder: integer('sort_order').notNull(),
});

/** Per-year counter behind item numbers DB-YYYY-NNNN (one atomic upsert per registration). */
export const itemCounters = pgTable('item_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** 督办事项 */
export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    source: text('source').notNull(),
    leadDepartmentId: uuid('lead_department_id')
      .notNull()
      .references(() => departments.id),
    assistDepartmentIds: uuid('assist_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    assignedAt: day('assigned_at').notNull(),
    dueAt: day('due_at').notNull(),
    content: text('content').notNull(),
    headId: uuid('head_id')
      .notNull()
      .references(() => users.id),
    registrarId: uuid('registrar_id')
      .notNull()
      .references(() => users.id),
    status: text('status').$type<'open' | 'closed'>().notNull(),
    result: text('result').$type<'apply_close' | 'not_done' | 'assist'>(),
    promisedAt: day('promised_at'),
    closedAt: ts('closed_at'),
    /** How a closed item closed (spec §12): completed 办结 or terminated 终止 (结束); null while open. */
    closeKind: text('close_kind').$type<'completed' | 'terminated'>(),
    /** The 办结时间 set at registration; extensions (延期) never change it. */
    originalDueAt: day('original_due_at').notNull(),
    /** Approved extensions, admin edits of dueAt to a later date included. */
    extensionCount: integer('extension_count').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('items_number_unique').on(t.number),
    index('items_assigned_idx').on(t.assignedAt, t.id),
    index('items_lead_dept_idx').on(t.leadDepartmentId, t.assignedAt),
    index('items_status_due_idx').on(t.status, t.dueAt),
    // Sorting the lists by 办结时间 (keyset-friendly: the id breaks ties).
    index('items_due_idx').on(t.dueAt, t.id),
    // The lists' keyword (编号、督办事项、内容): one trigram index over the three, so that
    // `… ILIKE '%词%'` is an index lookup; pg_trgm indexes Chinese characters as well.
    index('items_keyword_trgm_idx').using(
      'gin',
      sql`(${t.number} || ' ' || ${t.title} || ' ' || ${t.content}) gin_trgm_ops`,
    ),
  ],
);

/**
 * 情况汇总's counters (docs/views.md, "Summary counters"): items counted by the summary's dimensions,
 * kept by the trigger `items_summary` (migration 0008) in the transaction that writes the item, so
 * that the summary reads a few hundred rows instead of every item. Zero rows stay (a key's count
 * goes back up when an item returns to it). The time zone that decides on-time is summary_settings'.
 */
export const summaryCounts = pgTable(
  'summary_counts',
  {
    leadDepartmentId: uuid('lead_department_id').notNull(),
    source: text('source').notNull(),
    status: text('status').$type<'open' | 'closed'>().notNull(),
    /** items.close_kind, '' where it is null (open items): a key column cannot be null. */
    closeKind: text('close_kind').notNull(),
    /** Completed (办结) on or before dueAt, the closing instant's date taken in the time zone. */
    onTime: boolean('on_time').notNull(),
    onTimeOriginal: boolean('on_time_original').notNull(),
    /** extension_count > 0, for the `extended` filter. */
    extended: boolean('extended').notNull(),
    items: integer('items').notNull(),
    /** Σ extension_count. */
    extensions: integer('extensions').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'summary_counts_pkey',
      columns: [t.leadDepartmentId, t.source, t.status, t.closeKind, t.onTime, t.onTimeOriginal, t.extended],
    }),
  ],
);

/** Items per month assigned (情况汇总's byMonth), kept like summary_counts. */
export const summaryMonths = pgTable(
  'summary_months',
  {
    /** The first day of the month items.assigned_at falls in. */
    assignedMonth: day('assigned_month').notNull(),
    status: text('status').$type<'open' | 'closed'>().notNull(),
    closeKind: text('close_kind').notNull(),
    extended: boolean('extended').notNull(),
    items: integer('items').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'summary_months_pkey',
      columns: [t.assignedMonth, t.status, t.closeKind, t.extended],
    }),
  ],
);

/**
 * Open items per due date and lead department, kept like summary_counts. Overdue = open − those due
 * after the overdue date, summed from the days left in its month here and the later months in
 * summary_open_due_months: at most ~31 + 12 rows per department, whatever the history or the load.
 */
export const summaryOpenDue = pgTable(
  'summary_open_due',
  {
    dueAt: day('due_at').notNull(),
    leadDepartmentId: uuid('lead_department_id').notNull(),
    extended: boolean('extended').notNull(),
    items: integer('items').notNull(),
  },
  (t) => [primaryKey({ name: 'summary_open_due_pkey', columns: [t.dueAt, t.leadDepartmentId, t.extended] })],
);

/** Open items per month due (the first day of the month) and lead department, kept like summary_counts. */
export const summaryOpenDueMonths = pgTable(
  'summary_open_due_months',
  {
    dueMonth: day('due_month').notNull(),
    leadDepartmentId: uuid('lead_department_id').notNull(),
    extended: boolean('extended').notNull(),
    items: integer('items').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'summary_open_due_months_pkey',
      columns: [t.dueMonth, t.leadDepartmentId, t.extended],
    }),
  ],
);

/**
 * 拒签 (spec §13) per department of the refuser and by the state of the refused item, for 情况汇总:
 * the done tasks in which a head refused a registration (handle, decision refuse) or an assisting
 * handler a 协办反馈 (assist_report, outcome refuse), counted for the refuser's current department.
 * Kept by triggers on tasks, items and users (migrations 0015, 0016) in the writing transaction: at most
 * departments × item states rows, whatever the history.
 */
export const summaryRefusals = pgTable(
  'summary_refusals',
  {
    departmentId: uuid('department_id').notNull(),
    /** The refused item's status, close_kind ('' while open) and extension_count > 0: the filters the counters answer. */
    status: text('status').$type<'open' | 'closed'>().notNull(),
    closeKind: text('close_kind').notNull(),
    extended: boolean('extended').notNull(),
    refusals: integer('refusals').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'summary_refusals_pkey',
      columns: [t.departmentId, t.status, t.closeKind, t.extended],
    }),
  ],
);

/** One row: the time zone summary_counts' on-time flags were computed in (config TIME_ZONE). */
export const summarySettings = pgTable('summary_settings', {
  timeZone: text('time_zone').primaryKey(),
});

/**
 * Departments an item belongs to (lead or assisting), kept in step with items.lead_department_id
 * and items.assist_department_ids so that 督办查询 is one index lookup.
 */
export const itemDepartments = pgTable(
  'item_departments',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    role: text('role').$type<'lead' | 'assist'>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.departmentId] }),
    index('item_departments_dept_idx').on(t.departmentId, t.itemId),
  ],
);

/**
 * Who may find an item in 督办查询, with the list's default sort key beside it (migration 0011):
 * a row per (department, item) of item_departments and per (user, item) of item_handlers and of
 * tasks' assignees, kept by triggers on those tables, `assigned_at` kept equal to the item's by a
 * trigger on items. Rows are never taken away (a removed handler, a moved task keep theirs): the
 * table is a superset that 督办查询 walks in index order, rechecking each candidate with the exact
 * rule (list-repository.ts `visibleTo`), so that its first page reads pageSize rows per path however
 * many items the department has (docs/query-plans.md).
 */
export const itemAccess = pgTable(
  'item_access',
  {
    /** A department (lead or assisting) or a user (handler, or assignee of a task). */
    subjectId: uuid('subject_id').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    assignedAt: day('assigned_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.subjectId] }),
    index('item_access_subject_idx').on(t.subjectId, t.assignedAt, t.itemId),
  ],
);

/**
 * 督办查询's total without filters, kept exact by the same triggers (migration 0011): the items of a
 * department (its item_departments rows) ...
 */
export const departmentItemCounts = pgTable('department_item_counts', {
  departmentId: uuid('department_id').primaryKey(),
  items: integer('items').notNull(),
});

/**
 * ... plus the items a user sees outside their department: a handler or a task on an item whose
 * lead and assisting departments do not include the user's. The total is then one counter and the
 * user's few rows here, whatever the department's size.
 */
export const itemOutsideAccess = pgTable(
  'item_outside_access',
  {
    userId: uuid('user_id').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.itemId] })],
);

export const flows = pgTable(
  'flows',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    kind: text('kind').$type<FlowKind>().notNull(),
    status: text('status').$type<FlowStatus>().notNull(),
    initiatorId: uuid('initiator_id'),
    parentFlowId: uuid('parent_flow_id'),
    seq: integer('seq').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [uniqueIndex('flows_item_seq_unique').on(t.itemId, t.seq)],
);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey(),
    flowId: uuid('flow_id')
      .notNull()
      .references(() => flows.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    kind: text('kind')
      .$type<'handle' | 'approve' | 'review' | 'assist_report' | 'acknowledge' | 'redispatch'>()
      .notNull(),
    level: text('level').$type<'head' | 'deputy' | 'staff'>(),
    assigneeId: uuid('assignee_id')
      .notNull()
      .references(() => users.id),
    senderId: uuid('sender_id'),
    state: text('state').$type<'pending' | 'done' | 'cancelled'>().notNull(),
    /** Bumped on every change; completion is `UPDATE … WHERE state = 'pending' AND version = $v`. */
    version: integer('version').notNull().default(1),
    seq: integer('seq').notNull(),
    createdAt: ts('created_at').notNull(),
    completedAt: ts('completed_at'),
    input: jsonb('input').$type<TaskInput>(),
    prefill: jsonb('prefill').$type<TaskInput>(),
    returned: boolean('returned').notNull().default(false),
    /** 委托 (§10): the absent user this task was issued to, held by their deputy (代 <name> 办理). */
    onBehalfOfId: uuid('on_behalf_of_id'),
    /** 转交 (§10): on a task cancelled by a transfer or handover, who received it. */
    transferredToId: uuid('transferred_to_id'),
    /** 已读: when the assignee first opened the task. */
    readAt: ts('read_at'),
  },
  // Every index here is paid for by each completion (the done task's new row version and each new
  // task), so each one answers a query of docs/query-plans.md, "Indexes on tasks, audit_events,
  // notifications". One partial index per state: a row version sits in exactly one of them, and
  // 待办's index holds only what is pending. Queries name the state as a literal, never a parameter,
  // so that a cached generic plan can still prove the index's predicate.
  (t) => [
    // 待办 (newest first): an ordered range of the user's pending tasks; also 移交 and the pools.
    index('tasks_pending_idx').on(t.assigneeId, t.createdAt, t.id).where(sql`state = 'pending'`),
    // 已办 (latest completion first).
    index('tasks_done_idx').on(t.assigneeId, t.completedAt, t.id).where(sql`state = 'done'`),
    // With the two above, 督办查询's "items the user has or had a task on".
    index('tasks_cancelled_idx').on(t.assigneeId).where(sql`state = 'cancelled'`),
    // A command's load (every task of the item), the item's trail, the export's last report.
    index('tasks_item_idx').on(t.itemId),
    // 情况汇总's 拒签 (spec §13): the refusals alone, so that counting them does not read every task.
    index('tasks_refusals_idx')
      .on(t.itemId, t.assigneeId)
      .where(
        sql`${t.state} = 'done' and ((${t.kind} = 'handle' and ${t.input}->>'decision' = 'refuse') or (${t.kind} = 'assist_report' and ${t.input}->>'outcome' = 'refuse'))`,
      ),
  ],
);

/** 办理人: who may report on an item, with their role. */
export const itemHandlers = pgTable(
  'item_handlers',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').$type<'head' | 'deputy' | 'staff' | 'assist'>().notNull(),
    since: ts('since').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.userId] }), index('item_handlers_user_idx').on(t.userId)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').$type<NotificationKind>().notNull(),
    itemId: uuid('item_id'),
    taskId: uuid('task_id'),
    message: text('message').notNull(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/**
 * One row per reminder sent (monthly supervision, due, overdue). The primary key makes each
 * reminder happen once per period however many instances run the scheduler.
 */
export const reminderLog = pgTable(
  'reminder_log',
  {
    kind: text('kind').notNull(),
    itemId: uuid('item_id').notNull(),
    userId: uuid('user_id').notNull(),
    period: text('period').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.itemId, t.userId, t.period] })],
);

/**
 * The one-time passwords of an organisation import, as an encrypted .xlsx (AES-256-GCM, keyed by the
 * importing session's token, which the database holds only as a hash): downloadable once by that
 * session, within the hour, then deleted.
 */
export const importFiles = pgTable('import_files', {
  id: uuid('id').primaryKey(),
  ownerId: uuid('owner_id').notNull(),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  /** base64 of iv ‖ tag ‖ ciphertext. */
  data: text('data').notNull(),
});

/**
 * One row per run of a periodic job (the directory sync), keyed by its period: inserted with
 * ON CONFLICT DO NOTHING in the transaction that applies the run, so each period runs once however
 * many instances try (the reminders' mechanism, see reminder_log).
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    period: text('period').notNull(),
    ranAt: ts('ran_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.job, t.period] })],
);

/**
 * 系统管理's working-day calendar: the organisation's own overrides of the official calendar (a date
 * marked as a working day or a day off). Everything else comes from the holiday package.
 */
export const calendarDays = pgTable('calendar_days', {
  date: day('date').primaryKey(),
  workday: boolean('workday').notNull(),
  note: text('note'),
  updatedById: uuid('updated_by_id'),
  updatedAt: ts('updated_at').notNull(),
});

/** 催办 log (spec §11): every manual urge with its recipients; the latest one gates the interval. */
export const itemUrges = pgTable(
  'item_urges',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    at: ts('at').notNull(),
    byId: uuid('by_id').notNull(),
    message: text('message'),
    recipientIds: uuid('recipient_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [index('item_urges_item_idx').on(t.itemId, t.at)],
);

/**
 * 委托 (§10): a user's absence. On `starts_on`..`ends_on` (inclusive, the configured time zone) every
 * task the system would issue to the user goes to the deputy. Ending early sets `ended_at` (and
 * shortens `ends_on` to that day, or sets `cancelled` when it had not begun); rows are never deleted.
 */
export const absences = pgTable(
  'absences',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    deputyId: uuid('deputy_id')
      .notNull()
      .references(() => users.id),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    reason: text('reason'),
    endedAt: ts('ended_at'),
    cancelled: boolean('cancelled').notNull().default(false),
    createdById: uuid('created_by_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('absences_user_idx').on(t.userId, t.startsOn), index('absences_ends_idx').on(t.endsOn)],
);

/** Raw bytes (PostgreSQL bytea): a Buffer from pg, a Uint8Array from PGlite. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * 附件 (spec §13): one row per file on an item, optionally bound to a task (a handling result, an
 * approval, a report's submission). `uploading` while its chunks stream in, `ready` once committed
 * with its audit event, `deleted` after a deletion (its chunks are gone; name and hash stay).
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    taskId: uuid('task_id'),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    chunkCount: integer('chunk_count').notNull(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    uploadedById: uuid('uploaded_by_id')
      .notNull()
      .references(() => users.id),
    uploadedAt: ts('uploaded_at').notNull(),
    state: text('state').$type<'uploading' | 'ready' | 'deleted'>().notNull(),
    deletedById: uuid('deleted_by_id'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('attachments_item_idx').on(t.itemId, t.state), index('attachments_task_idx').on(t.taskId)],
);

/** The bytes of an attachment, in pieces of 256 KiB, streamed in and out one piece per statement. */
export const attachmentChunks = pgTable(
  'attachment_chunks',
  {
    attachmentId: uuid('attachment_id')
      .notNull()
      .references(() => attachments.id),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.attachmentId, t.seq] })],
);
