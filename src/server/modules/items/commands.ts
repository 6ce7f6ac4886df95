/**
 * Runs a domain command on one item in one transaction: lock the item row (so that concurrent
 * commands on it queue, and of two completions of one task the second sees it done → 409), load the
 * aggregate, hide it when the caller may not see it (404), apply the pure transition, persist the
 * difference, the notifications and the audit events; after commit, e-mail the notifications.
 */
import { sql } from 'drizzle-orm';
import { CommitWith, type Database, queryRows, transactionStartingWith } from '../../../db/client';
import { type DeadlineRules, NATURAL_RULES } from '../../../domain/deadlines';
import { AppError } from '../../../domain/errors';
import { canSeeItem } from '../../../domain/permissions';
import type { CommandContext, ItemState, Transition, UserRef } from '../../../domain/types';
import { dateInZone } from '../../../platform/dates';
import { newId } from '../../../platform/ids';
import type { Mailer } from '../../../platform/mailer';
import { type LoadedState, loadUserRefs, notificationRows } from '../../../platform/repository';
import type { AppContext } from '../../context';
import { isUuid } from '../../guards';
import type { SessionProof, SessionUser } from '../../session';
import { loadPeopleContext, type PeopleContext } from '../people/repository';
import { type Names, userIdsOf } from './presenter';
import {
  aggregateStatement,
  allocateItemNumber,
  type ItemRef,
  loadForCommand,
  loadItemState,
  lockStatement,
  saveConflict,
  saveTransition,
  saveTransitionUntilLast,
} from './repository';

export const NOT_FOUND = '督办事项不存在或无权查看';
export const TASK_NOT_FOUND = '待办不存在或无权查看';

export interface CommandResult<T extends Transition> {
  transition: T;
  /** Names of everyone the new state mentions, for presenting it. */
  names: Names;
  today: string;
  /** How deadlines count (working-day calendar, yellow window), for the light and overdueDays. */
  rules: DeadlineRules;
}

/**
 * The users a command may look up and the ids of all departments, in one round trip (a command
 * runs a dozen statements inside its transaction; each one saved is a round trip less per request).
 */
async function loadCommandRefs(tx: Database, userIds: readonly string[]) {
  const ids = [...new Set(userIds)].filter(isUuid);
  const users =
    ids.length === 0
      ? sql`null`
      : sql`(select json_agg(json_build_object('id', u.id, 'name', u.name, 'departmentId', u.department_id,
          'position', u.position, 'disabled', u.disabled)) from users u where u.id in ${ids})`;
  const [row] = await queryRows<{
    department_ids: string[] | null;
    head_department_ids: string[] | null;
    users: UserRef[] | null;
  }>(
    tx,
    // json_agg: JSON.parse is native, far cheaper than parsing a 200-element uuid[] literal.
    sql`select (select json_agg(id) from departments) as department_ids,
      (select json_agg(distinct department_id) from users where position = 'head' and not disabled) as head_department_ids,
      ${users} as users`,
  );
  return {
    users: new Map<string, UserRef>((row?.users ?? []).map((u) => [u.id, u])),
    departmentIds: new Set(row?.department_ids ?? []),
    headDepartmentIds: new Set(row?.head_department_ids ?? []),
  };
}

export function createCommandRunner(
  ctx: AppContext,
  mailer: Mailer,
  deadlineRules: () => Promise<DeadlineRules> = async () => NATURAL_RULES,
) {
  const { db, clock, config } = ctx;

  /** `departmentIds` only for the commands that check departments (registration and the edit). */
  function contextOf(
    now: Date,
    users: ReadonlyMap<string, UserRef>,
    departmentIds: ReadonlySet<string> | undefined,
    people?: PeopleContext,
  ): CommandContext {
    return {
      now,
      today: dateInZone(now, config.timeZone),
      newId,
      user: (id) => users.get(id),
      ...(departmentIds ? { departmentExists: (id: string) => departmentIds.has(id) } : {}),
      ...(people
        ? {
            deputyFor: (id: string) => people.deputies.get(id),
            isSupervisor: (id: string) => people.supervisors.has(id),
          }
        : {}),
    };
  }

  /**
   * §10: today's absences (委托) and the supervisors, with the deputies' user records added to
   * `users` (a task may be redirected to someone the aggregate does not mention yet).
   */
  async function peopleOf(tx: Database, now: Date, users: ReadonlyMap<string, UserRef>) {
    const people = await loadPeopleContext(tx, dateInZone(now, config.timeZone));
    const missing = [...people.deputies.values()].filter((id) => !users.has(id));
    const all = missing.length === 0 ? users : new Map([...users, ...(await loadUserRefs(tx, missing))]);
    return { people, users: all };
  }

  function effectsOf(actor: SessionUser, transition: Transition, now: Date) {
    return {
      notifications: notificationRows(transition.notifications, now, newId),
      audit: transition.audit.map((a) => ({
        at: now,
        actorId: actor.id,
        ip: actor.ip,
        action: a.action,
        itemId: a.itemId,
        detail: a.detail,
      })),
    };
  }

  async function persist<T extends Transition>(
    tx: Database,
    actor: SessionUser,
    before: LoadedState | undefined,
    transition: T,
    now: Date,
  ) {
    const effects = effectsOf(actor, transition, now);
    await saveTransition(tx, before, transition.state, effects);
    return effects.notifications;
  }

  /** Names of everyone in `state`; `known` (the command's own lookups) saves the query when it covers them. */
  async function namesFor(
    tx: Database,
    state: ItemState,
    known?: ReadonlyMap<string, UserRef>,
  ): Promise<Names> {
    const ids = userIdsOf(state);
    if (!known) return loadUserRefs(tx, ids);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length === 0) return known;
    return new Map([...known, ...(await loadUserRefs(tx, missing))]);
  }

  return {
    /**
     * A command on an existing item. `userIds` are the ids the request names (delegate, assisting
     * handlers, new handlers) so that the domain can look them up.
     */
    async run<T extends Transition>(
      actor: SessionUser,
      ref: ItemRef,
      userIds: readonly string[],
      command: (state: ItemState, context: CommandContext) => T,
      options: {
        departments?: boolean;
        /** Reads more under the item's lock before the command runs (the last urge, for 催办). */
        prepare?: (tx: Database, state: ItemState) => Promise<void>;
        /** Writes more in the same transaction after the transition (attachments, the urge log). */
        after?: (tx: Database, transition: T, now: Date) => Promise<void>;
        /** The request's session, proven first in the transaction (see plugins/auth, provenWrite). */
        session?: SessionProof | undefined;
      } = {},
    ): Promise<CommandResult<T>> {
      const notFound = 'taskId' in ref ? TASK_NOT_FOUND : NOT_FOUND;
      if (!isUuid('taskId' in ref ? ref.taskId : ref.itemId)) throw new AppError('not_found', notFound);
      const now = clock();
      // Today's absences and the supervisors come with the aggregate (one round trip less).
      const today = dateInZone(now, config.timeZone);
      const departments = options.departments === true;
      // BEGIN, the session's proof, the item's lock and the aggregate's read in one round trip
      // (transactionStartingWith); the aggregate's statement runs after the lock is held.
      const { session } = options;
      const reads = [lockStatement(ref), aggregateStatement(ref, userIds, { departments, today })];
      const first = session ? [session.statement, ...reads] : reads;
      const { result, sent } = await transactionStartingWith(db, first, async (tx, rows) => {
        session?.check(rows[0] ?? []);
        const read = await loadForCommand(tx, ref, userIds, {
          departments,
          today,
          lockedRows: rows[first.length - 2] ?? [],
          aggregateRows: rows[first.length - 1] ?? [],
        });
        if (!read || !canSeeItem(actor, read.loaded.state)) throw new AppError('not_found', notFound);
        const { loaded } = read;
        // The statement above names the users of the aggregate itself; should it ever miss one that
        // `userIdsOf` knows, look them up rather than let the domain think they do not exist.
        // (The map first: the uuid pattern runs only for the few ids it lacks.)
        const missing = [...userIdsOf(loaded.state), ...userIds].filter(
          (id) => !read.users.has(id) && isUuid(id),
        );
        const known =
          missing.length === 0 ? read.users : new Map([...read.users, ...(await loadUserRefs(tx, missing))]);
        const people = read.people ?? (await loadPeopleContext(tx, today));
        const deputies = [...people.deputies.values()].filter((id) => !known.has(id));
        const users =
          deputies.length === 0 ? known : new Map([...known, ...(await loadUserRefs(tx, deputies))]);
        const context: CommandContext = {
          ...contextOf(now, users, options.departments ? read.departmentIds : undefined, people),
          ...(options.departments
            ? { departmentHasHead: (id: string) => read.headDepartmentIds.has(id) }
            : {}),
        };
        await options.prepare?.(tx, loaded.state);
        const transition = command(loaded.state, context);
        if (options.after) {
          const sent = await persist(tx, actor, loaded, transition, now);
          await options.after(tx, transition, now);
          const names = await namesFor(tx, transition.state, users);
          return { result: { transition, names, today: context.today }, sent };
        }
        // The names first (they read only users), so that the writes' last statement can go with
        // COMMIT in one round trip; it fails by itself should a task have moved on (a 409, below).
        const names = await namesFor(tx, transition.state, users);
        const effects = effectsOf(actor, transition, now);
        const last = await saveTransitionUntilLast(tx, loaded, transition.state, effects);
        const value = { result: { transition, names, today: context.today }, sent: effects.notifications };
        return last ? new CommitWith(value, last) : value;
      }).catch((error: unknown) => {
        throw saveConflict(error) ?? error;
      });
      mailer.notify(db, sent);
      return { ...result, rules: await deadlineRules() };
    },

    /**
     * 新建督办: allocates the number and runs `register` in one transaction. `deferFlush`: the commit
     * does not wait for its WAL to reach the disk (synchronous_commit off for this transaction only);
     * the caller must end with a synchronous commit before it answers (the 台账 import's audit
     * event), which flushes the WAL of every earlier transaction with its own.
     */
    async create<T extends Transition>(
      actor: SessionUser,
      userIds: readonly string[],
      command: (number: string, context: CommandContext) => T,
      options: { deferFlush?: boolean } = {},
    ): Promise<CommandResult<T>> {
      const now = clock();
      const { result, sent } = await db.transaction(async (tx) => {
        if (options.deferFlush) await tx.execute(sql`set local synchronous_commit = off`);
        const refs = await loadCommandRefs(tx, [actor.id, ...userIds]);
        const { people, users } = await peopleOf(tx, now, refs.users);
        const context: CommandContext = {
          ...contextOf(now, users, refs.departmentIds, people),
          departmentHasHead: (id) => refs.headDepartmentIds.has(id),
        };
        // Rolled back with everything else if the command refuses.
        const number = await allocateItemNumber(tx, Number(context.today.slice(0, 4)));
        const transition = command(number, context);
        const sent = await persist(tx, actor, undefined, transition, now);
        const names = await namesFor(tx, transition.state, users);
        return { result: { transition, names, today: context.today }, sent };
      });
      mailer.notify(db, sent);
      return { ...result, rules: await deadlineRules() };
    },

    /**
     * One command on each of several items in one transaction (离职交接): every item row locked in id
     * order (so two such runs cannot deadlock), every transition computed first — a refusal on any
     * item is collected and nothing is written — then all persisted. The caller has checked its
     * permission (no visibility check per item).
     */
    async runEach<T extends Transition>(
      actor: SessionUser,
      itemIds: readonly string[],
      userIds: readonly string[],
      command: (state: ItemState, context: CommandContext) => T,
      combine: (errors: { number: string; error: AppError }[]) => AppError,
    ): Promise<T[]> {
      const now = clock();
      const { results, sent } = await db.transaction(async (tx) => {
        const computed: { loaded: LoadedState; transition: T }[] = [];
        const refused: { number: string; error: AppError }[] = [];
        const { people, users: deputies } = await peopleOf(tx, now, new Map());
        for (const itemId of [...itemIds].sort()) {
          const read = await loadForCommand(tx, { itemId }, userIds, { departments: false });
          if (!read) continue;
          const missing = [...userIdsOf(read.loaded.state), ...userIds].filter(
            (id) => isUuid(id) && !read.users.has(id),
          );
          const users = new Map([...deputies, ...read.users, ...(await loadUserRefs(tx, missing))]);
          try {
            computed.push({
              loaded: read.loaded,
              transition: command(read.loaded.state, contextOf(now, users, undefined, people)),
            });
          } catch (error) {
            if (!(error instanceof AppError) || error.code === 'internal') throw error;
            refused.push({ number: read.loaded.state.item.number, error });
          }
        }
        if (refused.length > 0) throw combine(refused);
        const sent = [];
        for (const { loaded, transition } of computed)
          sent.push(...(await persist(tx, actor, loaded, transition, now)));
        return { results: computed.map((c) => c.transition), sent };
      });
      mailer.notify(db, sent);
      return results;
    },

    /** Read-only: the aggregate if the caller may see it, else 404. */
    async load(actor: SessionUser, itemId: string) {
      if (!isUuid(itemId)) throw new AppError('not_found', NOT_FOUND);
      const loaded = await loadItemState(db, itemId);
      if (!loaded || !canSeeItem(actor, loaded.state)) throw new AppError('not_found', NOT_FOUND);
      return {
        state: loaded.state,
        names: await namesFor(db, loaded.state),
        today: dateInZone(clock(), config.timeZone),
        rules: await deadlineRules(),
      };
    },
  };
}

export type CommandRunner = ReturnType<typeof createCommandRunner>;
