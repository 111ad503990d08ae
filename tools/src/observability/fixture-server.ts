// A one-service gRPC server built only from the kit, started by preload.test.ts as its own process
// with the kit's tracing preload, exactly as a service's container starts it.
import { addShutdownHook, hipstershop, initLogger, invalidArgument, serve, unary } from '@boutique/kit';
import type { ShippingServiceHandlers } from '@boutique/kit/generated/hipstershop/ShippingService';

const log = initLogger('fixture');

const handlers: ShippingServiceHandlers = {
  GetQuote: unary(
    ({ items }) => {
      if (items.length === 0) throw invalidArgument('items must not be empty');
      log.info({ items: items.length }, 'quoting');
      return { costUsd: { currencyCode: 'USD', units: '8', nanos: 990_000_000 } };
    },
    // A service declares its own span attributes; the kit reads no message on its own.
    { spanAttributes: ({ items }) => ({ 'app.items.count': items.length }) },
  ),
  ShipOrder: unary(() => ({ trackingId: 'AB-12-345678' })),
};

// On the way out, after the servers drained: which OpenTelemetry modules this process ever loaded.
addShutdownHook(() => {
  const loaded = Object.keys(require.cache).filter((file) => file.includes(`${'@opentelemetry'}`));
  process.stdout.write(`${JSON.stringify({ otelModules: loaded.length })}\n`);
});

serve({
  port: Number(process.env.PORT ?? 0),
  services: [{ service: hipstershop.ShippingService.service, handlers }],
}).catch((err: unknown) => {
  log.fatal({ err }, 'fixture failed to start');
  process.exit(1);
});
