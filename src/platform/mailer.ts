/**
 * E-mail copies of notifications, when SMTP_URL is configured (off by default). Sent after the
 * transaction commits; a failing mail server is logged and never fails the user's action.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Transporter } from 'nodemailer';
import type { Database } from '../db/client';
import { listUserEmails } from './repository';

export interface Mailer {
  /** Sends each notification to its user's address, if they have one. */
  notify(db: Database, notifications: readonly { userId: string; message: string }[]): void;
}

export const noMailer: Mailer = { notify() {} };

export function createMailer(
  smtp: { url: string | undefined; from: string },
  log: FastifyBaseLogger,
  transport?: Transporter,
): Mailer {
  const { url } = smtp;
  if (!url && !transport) return noMailer;
  // nodemailer is imported with the first e-mail, not at start (SMTP_URL is off by default).
  let transporter: Promise<Transporter> | undefined = transport ? Promise.resolve(transport) : undefined;
  const transporterOf = () =>
    (transporter ??= import('nodemailer').then(
      ({ default: nodemailer }) => nodemailer.createTransport(url),
      (error: unknown) => {
        transporter = undefined;
        throw error;
      },
    ));
  return {
    notify(db, notifications) {
      if (notifications.length === 0) return;
      void (async () => {
        const emails = await listUserEmails(db, [...new Set(notifications.map((n) => n.userId))]);
        for (const notification of notifications) {
          const to = emails.get(notification.userId);
          if (!to) continue;
          await (await transporterOf()).sendMail({
            from: smtp.from,
            to,
            subject: `【督办】${notification.message.slice(0, 60)}`,
            text: `${notification.message}\n\n—— 督办系统（请登录系统查看并处理）`,
          });
        }
      })().catch((error: unknown) => log.warn({ err: error }, 'notification e-mail failed'));
    },
  };
}
