import { and, asc, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';
import { departments, roleGrants, sources, users } from '../../../db/schema';
import type { Position, Role } from '../../../domain/types';

export interface DepartmentRow {
  id: string;
  name: string;
  parentId: string | null;
  sortOrder: number;
}

export interface UserRow {
  id: string;
  username: string;
  name: string;
  departmentId: string;
  position: Position;
  disabled: boolean;
  email: string | null;
  phone: string | null;
  /** Where the password is checked: locally or by the office's directory. */
  source: 'local' | 'ldap';
  roles: Role[];
}

const departmentColumns = {
  id: departments.id,
  name: departments.name,
  parentId: departments.parentId,
  sortOrder: departments.sortOrder,
};

export function listDepartments(db: Database): Promise<DepartmentRow[]> {
  return db
    .select(departmentColumns)
    .from(departments)
    .orderBy(asc(departments.sortOrder), asc(departments.name));
}

/** Enabled users per department (人数 in 系统管理), departments without any left out. */
export async function countUsersByDepartment(db: Database): Promise<Map<string, number>> {
  const rows = await db
    .select({ departmentId: users.departmentId, n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.disabled, false))
    .groupBy(users.departmentId);
  return new Map(rows.map((r) => [r.departmentId, r.n]));
}

export async function findDepartment(db: Database, id: string): Promise<DepartmentRow | undefined> {
  const [row] = await db.select(departmentColumns).from(departments).where(eq(departments.id, id));
  return row;
}

export async function findDepartmentByName(db: Database, name: string): Promise<DepartmentRow | undefined> {
  const [row] = await db.select(departmentColumns).from(departments).where(eq(departments.name, name));
  return row;
}

export async function insertDepartment(db: Database, row: DepartmentRow & { createdAt: Date }) {
  await db.insert(departments).values(row);
}

export async function updateDepartment(db: Database, id: string, patch: Partial<Omit<DepartmentRow, 'id'>>) {
  await db.update(departments).set(patch).where(eq(departments.id, id));
}

const userColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  departmentId: users.departmentId,
  position: users.position,
  disabled: users.disabled,
  email: users.email,
  phone: users.phone,
  source: users.source,
  roles: sql<
    Role[]
  >`coalesce((select array_agg(g.role order by g.role) from ${roleGrants} g where g.user_id = ${users.id}), '{}')`,
};

export interface UserFilter {
  departmentId?: string | undefined;
  q?: string | undefined;
  ids?: readonly string[] | undefined;
  includeDisabled?: boolean | undefined;
  position?: Position | undefined;
  role?: Role | undefined;
  /** A page of the list: at most `limit` rows after `offset` (none: every row). */
  limit?: number | undefined;
  offset?: number | undefined;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The search text as typed, without spaces (names have none) and in the pinyin column's case. */
export const normaliseQuery = (q: string) => q.replace(/\s+/g, '').toLowerCase();

const HAN = /\p{Script=Han}/u;

/**
 * Whether `q` is matched anywhere in the text, or only at the start of a word (name, username,
 * initials, full pinyin). A trigram index cannot serve `%zb%` (no whole trigram in it), only
 * `% zb%`: so one or two letters match word starts ("z" finds 张三 by zs, not everyone with a z
 * somewhere) and stay an index lookup at 50,000 users, while two Chinese characters still match
 * anywhere (a given name: 小明 finds 王小明).
 */
const matchesAnywhere = (q: string) => [...q].length >= 3 || ([...q].length === 2 && HAN.test(q));

/**
 * Two characters with a 汉字 among them, as search_pairs spells them (`王伟` → `王x伟`): the same
 * match as `search_text LIKE '%王伟%'` (汉字 occur only in the name and username, and with one in the
 * text the match cannot start on a separator), but with a trigram the index can look up.
 */
const pairPattern = (q: string) => {
  const [a = '', b = ''] = [...q];
  return `%${escapeLike(a)}x${escapeLike(b)}%`;
};

/**
 * The match in the name, username or pinyin. `q` also finds the people of the departments whose
 * name holds it (`departmentIdsMatching`), read apart as part of rank 2 (`userSearchQueries`).
 */
function textMatch(q: string): SQL {
  const escaped = escapeLike(q);
  const length = [...q].length;
  // search_text is lower-cased already, and so is q: LIKE, not the slower ILIKE.
  return length === 2 && HAN.test(q)
    ? sql`${users.searchPairs} like ${pairPattern(q)}`
    : matchesAnywhere(q)
      ? sql`${users.searchText} like ${`%${escaped}%`}`
      : sql`(${users.searchText} like ${`${escaped}%`} or ${users.searchText} like ${`% ${escaped}%`})`;
}

/**
 * A name or username holding a space, as `users_spaced_name_idx` (migration 0013) is defined. One or
 * two letters match word starts only, so a match that is neither exact nor a prefix (rank 2) starts
 * after a space inside the name or username: this narrows rank 2 to that small index, where the
 * planner, taking the text match and the prefix for independent, expected thousands of rows.
 */
const spacedName = sql`(${users.name} like '% %' or ${users.username} like '% %')`;

/** The exact name or username: rank 0, the best match. */
const exactMatch = (q: string): SQL => sql`(lower(${users.name}) = ${q} or lower(${users.username}) = ${q})`;

/** A name, username or pinyin (initials or full, any of its words) starting with `q`: rank 1. */
function prefixMatch(q: string): SQL {
  const prefix = `${escapeLike(q)}%`;
  return sql`(lower(${users.name}) like ${prefix} or lower(${users.username}) like ${prefix}
    or ${users.pinyin} like ${prefix} or ${users.pinyin} like ${`% ${prefix}`})`;
}

/**
 * Best matches first, then department, head/deputy/staff, name and id. The tail is the key of
 * `users_directory_order_idx` (migration 0013), expression for expression, so that the planner can
 * walk the index in this order and stop at the page's last row.
 */
const directoryOrder = [
  asc(users.departmentId),
  sql`case ${users.position} when 'head' then 0 when 'deputy' then 1 else 2 end`,
  asc(users.name),
  asc(users.id),
];

/**
 * The departments whose name holds `q` (a department's name finds its people). Read first, apart:
 * as a subquery their number is unknown to the planner, which then expected thousands of users
 * and read the whole table instead of the trigram index (docs/query-plans.md).
 */
export async function departmentIdsMatching(db: Database, q: string): Promise<string[]> {
  const rows = await db
    .select({ id: departments.id })
    .from(departments)
    .where(ilike(departments.name, `%${escapeLike(normaliseQuery(q))}%`));
  return rows.map((r) => r.id);
}

function filterConditions(filter: UserFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.departmentId) conditions.push(eq(users.departmentId, filter.departmentId));
  if (filter.ids) conditions.push(inArray(users.id, [...filter.ids]));
  if (!filter.includeDisabled) conditions.push(eq(users.disabled, false));
  if (filter.position) conditions.push(eq(users.position, filter.position));
  if (filter.role) {
    conditions.push(
      sql`exists (select 1 from ${roleGrants} g where g.user_id = ${users.id} and g.role = ${filter.role})`,
    );
  }
  return conditions;
}

/**
 * The statements of `listUsers`, given the departments `q` names (built apart for EXPLAIN): one
 * without `q`; with it, two — the exact name or username and the prefixes (ranks 0 and 1), then the
 * rest (rank 2), read only when the page is not full yet — each sorted by rank and `directoryOrder`
 * and limited to `limit` rows (the rows still missing from the page, counted from the list's start).
 * Inside a statement every rank, or part of one, is its own read of ids, in `directoryOrder` and
 * limited, so that it can come from an index in the answer's order: a common letter (`z`: 3,519 of
 * 50,000) then stops after a few hundred rows, where one statement ordered by the rank had to rank
 * every match first. Only the page's rows are then read whole and sorted.
 */
export function userSearchQueries(db: Database, filter: UserFilter, departmentIds: readonly string[] = []) {
  const q = filter.q ? normaliseQuery(filter.q) : '';
  const base = filterConditions(filter);
  const select = (conditions: SQL[], limit: number | undefined, first?: SQL) => {
    const query = db
      .select(userColumns)
      .from(users)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(...(first ? [first] : []), ...directoryOrder);
    return limit === undefined ? query : query.limit(limit);
  };
  if (!q) return [(limit?: number) => select(base, limit)];
  const ids = (conditions: SQL[], limit: number) =>
    db
      .select({ id: users.id })
      .from(users)
      .where(and(...conditions))
      .orderBy(...directoryOrder)
      .limit(limit);
  const text = textMatch(q);
  const exact = exactMatch(q);
  const prefix = prefixMatch(q);
  // An exact name or username and a prefix are text matches: the departments are left out of
  // ranks 0 and 1, where their hundreds of people would only be read to be filtered out again.
  const rank0 = [...base, text, exact];
  const rank1 = [...base, text, sql`not ${exact}`, prefix];
  const rest = [...base, text, sql`not ${exact}`, sql`not ${prefix}`];
  if (!matchesAnywhere(q)) rest.push(spacedName);
  const inDepartment = [...base, inArray(users.departmentId, [...departmentIds]), sql`not ${text}`];
  return [
    (limit?: number) =>
      limit === undefined
        ? select([...base, text, sql`(${exact} or ${prefix})`], limit, sql`${exact} desc`)
        : select(
            [sql`${users.id} in ((${ids(rank0, limit)}) union all (${ids(rank1, limit)}))`],
            limit,
            sql`${exact} desc`,
          ),
    (limit?: number) => {
      if (!departmentIds.length) return select(rest, limit);
      if (limit === undefined) return select([sql`(${and(...rest)} or ${and(...inDepartment)})`], limit);
      // The rest is two reads too: the departments' people from `users_directory_order_idx`,
      // department by department (as one condition with the text, the planner walked the index
      // from its start up to the first of them, 78 ms for 财务 at 50,000 users), and the other
      // matches from their own indexes.
      return select(
        [sql`${users.id} in ((${ids(rest, limit)}) union all (${ids(inDepartment, limit)}))`],
        limit,
      );
    },
  ];
}

/**
 * The users `filter` selects, best matches first; a page of them with `limit` (and `offset`). The
 * statements of `userSearchQueries` are run one after the other, each only as far as the page still
 * needs, and not at all once it is full.
 */
export async function listUsers(db: Database, filter: UserFilter): Promise<UserRow[]> {
  const departmentIds = filter.q && normaliseQuery(filter.q) ? await departmentIdsMatching(db, filter.q) : [];
  const end = filter.limit === undefined ? undefined : (filter.offset ?? 0) + filter.limit;
  const rows: UserRow[] = [];
  for (const rank of userSearchQueries(db, filter, departmentIds)) {
    if (end !== undefined && rows.length >= end) break;
    // Sent unnamed (the empty name), so planned for the text typed. Repeated statements are prepared
    // under a name (src/db/prepared.ts), and after five runs PostgreSQL may keep a generic plan,
    // made without the text: it walks the order index for every text of a length, which for a
    // rare one (`v`: no match) reads all of it, 94–109 ms at 50,000 users, where the plan made
    // for `v` is a 0.5 ms bitmap.
    rows.push(
      ...(await rank(end === undefined ? undefined : end - rows.length)
        .prepare('')
        .execute()),
    );
  }
  return end === undefined ? rows : rows.slice(filter.offset ?? 0, end);
}

export async function findUser(db: Database, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id));
  return row;
}

export async function findUserForLogin(db: Database, username: string) {
  const [row] = await db
    .select({
      ...userColumns,
      passwordHash: users.passwordHash,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

export async function usernameTaken(db: Database, username: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  return row !== undefined;
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users`);
  return row?.n ?? 0;
}

export async function insertUser(
  db: Database,
  row: Omit<UserRow, 'roles' | 'email' | 'phone' | 'source'> & {
    email?: string | null;
    phone?: string | null;
    source?: 'local' | 'ldap';
    mustChangePassword?: boolean;
    passwordHash: string | null;
    pinyin: string;
    createdAt: Date;
    roles: readonly Role[];
  },
) {
  const { roles, ...user } = row;
  await db.insert(users).values({ ...user, updatedAt: user.createdAt });
  await setRoles(db, row.id, roles, row.createdAt);
}

export async function updateUser(
  db: Database,
  id: string,
  patch: Partial<{
    name: string;
    pinyin: string;
    departmentId: string;
    position: Position;
    disabled: boolean;
    passwordHash: string | null;
    email: string | null;
    phone: string | null;
    source: 'local' | 'ldap';
    mustChangePassword: boolean;
  }>,
  now: Date,
) {
  await db
    .update(users)
    .set({ ...patch, updatedAt: now })
    .where(eq(users.id, id));
}

export async function setRoles(db: Database, userId: string, roles: readonly Role[], now: Date) {
  await db.delete(roleGrants).where(eq(roleGrants.userId, userId));
  if (roles.length > 0) {
    await db.insert(roleGrants).values([...new Set(roles)].map((role) => ({ userId, role, grantedAt: now })));
  }
}

export async function listSources(db: Database): Promise<string[]> {
  const rows = await db.select({ name: sources.name }).from(sources).orderBy(asc(sources.sortOrder));
  return rows.map((r) => r.name);
}

export async function replaceSources(db: Database, names: readonly string[]) {
  await db.delete(sources);
  if (names.length > 0) await db.insert(sources).values(names.map((name, i) => ({ name, sortOrder: i })));
}

/** New users of an import or a directory sync, in statements of a few hundred rows. */
export async function insertUsers(
  db: Database,
  rows: readonly (Omit<UserRow, 'roles' | 'disabled'> & {
    passwordHash: string | null;
    mustChangePassword: boolean;
    pinyin: string;
    roles: readonly Role[];
  })[],
  now: Date,
) {
  const CHUNK = 500;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await db
      .insert(users)
      .values(
        chunk.map(({ roles: _roles, ...u }) => ({ ...u, disabled: false, createdAt: now, updatedAt: now })),
      );
    const grants = chunk.flatMap((u) =>
      [...new Set(u.roles)].map((role) => ({ userId: u.id, role, grantedAt: now })),
    );
    if (grants.length > 0) await db.insert(roleGrants).values(grants);
  }
}

export async function insertDepartments(
  db: Database,
  rows: readonly (DepartmentRow & { createdAt: Date })[],
) {
  const CHUNK = 500;
  for (let i = 0; i < rows.length; i += CHUNK) await db.insert(departments).values(rows.slice(i, i + CHUNK));
}

/** Every user, disabled ones included, as the import matches them. */
export function listAllUsers(db: Database): Promise<UserRow[]> {
  return db.select(userColumns).from(users);
}

/** Serialises organisation imports and directory syncs (released with the transaction). */
export async function lockOrganisation(db: Database) {
  await db.execute(sql`select pg_advisory_xact_lock(727001)`);
}
