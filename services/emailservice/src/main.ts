import { addShutdownHook, initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { logMailer, smtpMailer } from './mailer';
import { emailService } from './server';

const log = initLogger('emailservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const mailer = config.smtp ? smtpMailer(config.smtp, log) : logMailer(log);
  addShutdownHook(() => mailer.close());
  await serve({ port: config.port, services: [emailService(mailer)] });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
