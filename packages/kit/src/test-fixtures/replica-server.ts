// A real catalog replica for the balancing tests: binds HOST:PORT (a loopback address), answers
// GetProduct with its own HOST as the product name so the caller sees which replica answered, and
// prints its port on stdout once serving.
import { hipstershop, initLogger, serve, unary } from '../index';

initLogger('replica-server', { level: 'silent' });
const host = process.env.HOST ?? '127.0.0.1';

serve({
  host,
  port: Number(process.env.PORT ?? 0),
  faults: false,
  services: [
    {
      service: hipstershop.ProductCatalogService.service,
      handlers: {
        ListProducts: unary(() => ({ products: [] })),
        GetProduct: unary(({ id }: { id: string }) => ({
          id,
          name: host,
          description: '',
          picture: '',
          categories: [],
        })),
        SearchProducts: unary(() => ({ results: [] })),
      },
    },
  ],
}).then((running) => process.stdout.write(`PORT=${running.port}\n`));
