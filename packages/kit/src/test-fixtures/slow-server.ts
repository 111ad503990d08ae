// A real service process for the shutdown tests: GetQuote answers after SLOW_MS (default 800 ms).
// Prints its port on stdout once serving; drains and exits on SIGTERM like every service.
import { hipstershop, initLogger, money, serve, unary } from '../index';

initLogger('slow-server');
const delayMs = Number(process.env.SLOW_MS ?? 800);

serve({
  port: 0,
  graceMs: Number(process.env.GRACE_MS ?? 4_000),
  services: [
    {
      service: hipstershop.ShippingService.service,
      handlers: {
        GetQuote: unary(async () => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          return { costUsd: money.zero('USD') };
        }),
        ShipOrder: unary(() => ({ trackingId: 'XX-1-1' })),
      },
    },
  ],
}).then((running) => process.stdout.write(`PORT=${running.port}\n`));
