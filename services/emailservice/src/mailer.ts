import { type Logger, unavailable } from '@boutique/kit';
import { createTransport } from 'nodemailer';
import { maskEmailAddress } from './email-address';

/** A confirmation ready to go out. */
export interface OutgoingMail {
  orderId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Delivers confirmations somewhere: an SMTP server, or only the log. */
export interface Mailer {
  /** Resolves once the message is accepted; rejects with UNAVAILABLE when it cannot be delivered. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** How to reach the mail server (see config.ts for the environment variables). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (usually port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
}

/** A mailer that only logs that a confirmation was rendered: order id, masked recipient and sizes, never the body. */
export function logMailer(log: Logger): Mailer {
  return {
    async send(mail) {
      log.info(
        {
          orderId: mail.orderId,
          to: maskEmailAddress(mail.to),
          htmlBytes: Buffer.byteLength(mail.html),
          textBytes: Buffer.byteLength(mail.text),
        },
        'order confirmation rendered, not sent (no SMTP_HOST)',
      );
    },
    close() {},
  };
}

/**
 * A mailer that sends through an SMTP server with nodemailer, over a small pool of connections kept
 * open between orders. Every step is bounded in time, so a stuck server fails the send instead of
 * hanging it; any failure is UNAVAILABLE (the caller may try again later).
 */
export function smtpMailer(settings: SmtpSettings, log: Logger): Mailer {
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: settings.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
      } catch (err) {
        log.warn({ orderId: mail.orderId, to: maskEmailAddress(mail.to), err }, 'order confirmation not sent');
        const code = (err as { code?: unknown }).code;
        throw unavailable(
          `the mail server did not accept the confirmation${typeof code === 'string' ? ` (${code})` : ''}`,
          {
            cause: err,
          },
        );
      }
    },
    close() {
      transport.close();
    },
  };
}
