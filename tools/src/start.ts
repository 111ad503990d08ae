// `npm start`: runs the whole shop locally, each service its own process on the README's ports.
// `npm start -- --mtls` (or MTLS=1 npm start): the same shop with mutual TLS between the services.
// A service that crashes is restarted (1 s, 2 s, 4 s ... apart while it keeps crashing);
// `npm start -- --exit-on-crash` stops the whole shop instead, with exit status 1.

import { SERVICES } from './services';
import { type Stack, type SupervisionEvent, startStack } from './stack';

const NAME_WIDTH = Math.max(...SERVICES.map((spec) => spec.name.length));
const useColor = process.stdout.isTTY;
const COLORS = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96];

function prefix(service: string): string {
  const label = service.padEnd(NAME_WIDTH);
  if (!useColor) return `${label} |`;
  const color = COLORS[SERVICES.findIndex((spec) => spec.name === service) % COLORS.length];
  return `\x1b[${color}m${label}\x1b[0m |`;
}

function loud(message: string): void {
  process.stderr.write(useColor ? `\x1b[1;31m${message}\x1b[0m\n` : `${message}\n`);
}

/** One line per crash and recovery, loud enough to notice among the services' own logs. */
function describeSupervision(event: SupervisionEvent): string {
  switch (event.kind) {
    case 'crashed':
      return (
        `${event.service} died (exit code ${event.code ?? '-'}, signal ${event.signal ?? '-'}); ` +
        `restarting it in ${(event.restartInMs / 1000).toFixed(0)} s` +
        (event.crashesInARow > 1 ? ` (crash ${event.crashesInARow} in a row)` : '') +
        '; the rest keep serving'
      );
    case 'restarted':
      return `${event.service} restarted (pid ${event.pid}), healthy again ${(event.downForMs / 1000).toFixed(1)} s after it died`;
    case 'restart-failed':
      return `${event.service} restart failed: ${event.reason.split('\n')[0]}`;
  }
}

async function main(): Promise<void> {
  const exitOnCrash = process.argv.includes('--exit-on-crash');
  const started = Date.now();
  let stack: Stack | undefined;
  let shuttingDown = false;

  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    await stack?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => {
    process.stdout.write('\nstopping the shop...\n');
    void shutdown(0);
  });
  process.on('SIGTERM', () => void shutdown(0));

  const mtls = process.argv.includes('--mtls') || ['1', 'true'].includes(process.env.MTLS ?? '');
  stack = await startStack({
    mtls,
    // STACK_PORTS=free runs a second shop beside one already on the README's ports.
    ports: process.env.STACK_PORTS === 'free' ? 'free' : 'local',
    onLine: (service, line) => process.stdout.write(`${prefix(service)} ${line}\n`),
    onCrash: exitOnCrash ? 'exit' : 'restart',
    onSupervision: (event) => loud(describeSupervision(event)),
  });

  const names = Object.keys(stack.addrs);
  process.stdout.write(
    `\n${names.map((name) => `  ${name.padEnd(NAME_WIDTH)}  ${stack!.addrs[name]}  (pid ${stack!.pids[name]})`).join('\n')}\n`,
  );
  const missing = SERVICES.filter((spec) => !names.includes(spec.name)).map((spec) => spec.name);
  if (missing.length > 0) process.stdout.write(`  not built, so not started: ${missing.join(', ')}\n`);
  process.stdout.write(
    `\nall ${names.length} services healthy in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      (stack.pki ? `mutual TLS between the services; throwaway CA and certificates in ${stack.pki.dir}\n` : '') +
      (stack.frontendUrl ? `Online Boutique: ${stack.frontendUrl.replace('127.0.0.1', 'localhost')}\n` : '') +
      `ready (Ctrl-C stops everything; ${exitOnCrash ? 'a crash stops everything' : 'crashed services are restarted'})\n\n`,
  );

  // With restarts on, this waits until Ctrl-C or SIGTERM ends the process.
  const exit = await stack.unexpectedExit;
  if (!shuttingDown) {
    loud(`${exit.service} died (exit code ${exit.code ?? '-'}, signal ${exit.signal ?? '-'}); stopping the rest`);
    await shutdown(1);
  }
}

main().catch((err: unknown) => {
  loud(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
