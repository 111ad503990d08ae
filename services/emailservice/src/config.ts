import { readEnv } from '@boutique/kit';
import type { SmtpSettings } from './mailer';

export interface Config {
  port: number;
  /** Where to send confirmations; undefined means log only (the original's "dummy mode"). */
  smtp: SmtpSettings | undefined;
}

export const DEFAULT_FROM = 'Online Boutique <no-reply@example.com>';

/** Reads the configuration once, reporting every problem together. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Readonly<Config> {
  const read = readEnv(env);
  const port = read.port('PORT', 8080);
  const host = read.optional('SMTP_HOST');
  const secure = read.flag('SMTP_SECURE', false);
  // Implicit TLS has its own well-known port; submission with STARTTLS is 587.
  const smtpPort = read.port('SMTP_PORT', secure ? 465 : 587);
  const user = read.optional('SMTP_USER');
  const password = read.optional('SMTP_PASSWORD');
  const from = read.optional('EMAIL_FROM', DEFAULT_FROM);

  if (user && !password) read.problem('SMTP_PASSWORD is required when SMTP_USER is set');
  if (password && !user) read.problem('SMTP_USER is required when SMTP_PASSWORD is set');
  if (!host && (user || env.SMTP_PORT || env.SMTP_SECURE)) {
    read.problem('SMTP_HOST is required when other SMTP_* settings are given');
  }
  read.done();

  const smtp = host ? Object.freeze({ host, port: smtpPort, secure, user, password, from }) : undefined;
  return Object.freeze({ port, smtp });
}
