/**
 * Runs the periodic work on every instance: reminders (each sent once overall, see reminders.ts),
 * the directory sync (once per period overall) and dropping expired sessions. A run that fails is logged and retried at the next tick.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client';
import type { Clock } from '../platform/clock';
import type { Mailer } from '../platform/mailer';
import { type ReminderSettings, sendDeadlineReminders, sendMonthlyReminders } from './reminders';

export interface SchedulerOptions extends ReminderSettings {
  intervalSeconds: number;
  /** QUIET_HOURS: minutes after midnight [start, end) in the time zone when reminder e-mails wait. */
  quietHours?: { start: number; end: number } | undefined;
  purgeExpiredSessions: () => Promise<void>;
  /** The directory sync, once per LDAP_SYNC_MINUTES across instances (it decides whether it is due). */
  syncDirectory?: () => Promise<unknown>;
  /** Told after every run, timer's or test's: how long, whether it failed, what it sent (/metrics). */
  onRun?: (run: { seconds: number; ok: boolean; sent: Readonly<Record<string, unknown>> }) => void;
}

/** Whether `now` falls in the quiet hours (a range may wrap midnight, e.g. 22:00-07:30). */
export function isQuiet(now: Date, timeZone: string, quiet: SchedulerOptions['quietHours']): boolean {
  if (!quiet) return false;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const minutes = value('hour') * 60 + value('minute');
  return quiet.start < quiet.end
    ? minutes >= quiet.start && minutes < quiet.end
    : minutes >= quiet.start || minutes < quiet.end;
}

export function createScheduler(
  db: Database,
  clock: Clock,
  mailer: Mailer,
  log: FastifyBaseLogger,
  options: SchedulerOptions,
) {
  let first: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  /**
   * Reminder e-mails held during quiet hours (in-app notifications are immediate). Kept in this
   * instance's memory: each instance holds only what it sent itself, so nothing is mailed twice; a
   * restart during quiet hours loses the e-mail copy, never the notification.
   */
  let held: { userId: string; message: string }[] = [];

  async function runOnce(): Promise<{ monthly: number; deadline: number }> {
    const now = clock();
    const monthly = await sendMonthlyReminders(db, now, options);
    const deadline = await sendDeadlineReminders(db, now, options);
    if (isQuiet(now, options.timeZone, options.quietHours)) {
      held.push(...monthly, ...deadline);
    } else {
      mailer.notify(db, [...held, ...monthly, ...deadline]);
      held = [];
    }
    await options.purgeExpiredSessions();
    // The directory being down must not hold back reminders: logged, tried again at the next tick.
    await options
      .syncDirectory?.()
      .catch((error: unknown) => log.warn({ err: error }, 'directory sync failed'));
    if (monthly.length + deadline.length > 0) {
      log.info({ monthly: monthly.length, deadline: deadline.length }, 'reminders sent');
    }
    return { monthly: monthly.length, deadline: deadline.length };
  }

  /** runOnce, timed and reported to `onRun`. */
  async function observedRun(): Promise<Awaited<ReturnType<typeof runOnce>>> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const sent = await runOnce();
      options.onRun?.({ seconds: seconds(), ok: true, sent });
      return sent;
    } catch (error) {
      options.onRun?.({ seconds: seconds(), ok: false, sent: {} });
      throw error;
    }
  }

  function tick() {
    // Never two runs at once in one instance; a slow run just delays the next.
    running ??= observedRun()
      .then(() => undefined)
      .catch((error: unknown) => log.error({ err: error }, 'scheduled run failed'))
      .finally(() => {
        running = undefined;
      });
  }

  return {
    runOnce: observedRun,
    /** E-mails waiting for the quiet hours to end (tests). */
    heldEmails: () => held.length,
    start() {
      // A first run soon after start-up catches up on anything missed while down.
      first = setTimeout(tick, 5_000);
      first.unref();
      timer = setInterval(tick, options.intervalSeconds * 1000);
      timer.unref();
    },
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
