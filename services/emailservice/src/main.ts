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

main().catch((err: unknown) => {
  log.fatal({ err }, 'emailservice failed to start');
  process.exit(1);
});
