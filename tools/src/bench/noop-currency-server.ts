// A grpc-js server that answers hipstershop.CurrencyService/Convert with a fixed Money and does
// nothing else: the ceiling any grpc-js service in this shop can reach on one core. The currency
// benchmark runs it side by side with the real currencyservice. It decodes requests and encodes
// responses with the same proto-loader definitions the services use, so the two differ only in
// what the handler does. PORT selects the port (0 = any); it prints "listening <port>" when bound.

import { hipstershop } from '@boutique/kit';
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';

/** What every Convert answers: USD 19.99 in EUR, as the real service would say it. */
export const NOOP_ANSWER = Object.freeze({ currencyCode: 'EUR', units: '17', nanos: 682_441_398 });

function bind(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}

async function main(): Promise<void> {
  const server = new Server();
  server.addService(hipstershop.CurrencyService.service, {
    Convert: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
      callback(null, NOOP_ANSWER),
    GetSupportedCurrencies: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
      callback(null, { currencyCodes: ['EUR'] }),
  });
  const port = process.env.PORT ?? '0';
  // Bound like serve() binds the services: all interfaces, IPv4 only when there is no IPv6.
  const bound = await bind(server, `[::]:${port}`).catch(() => bind(server, `0.0.0.0:${port}`));
  process.stdout.write(`listening ${bound}\n`);
  const stop = () => server.tryShutdown(() => process.exit(0));
  process.on('SIGTERM', stop).on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`noop currency server failed: ${String(err)}\n`);
    process.exit(1);
  });
}
