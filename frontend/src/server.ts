import type { Server } from 'node:http';
import type { Express } from 'express';

/** A listening frontend and how to stop it gracefully. */
export interface Listening {
  readonly server: Server;
  readonly port: number;
  /**
   * From now on every response closes its connection (`Connection: close`), so keep-alive clients
   * open new ones, which a load balancer sends elsewhere, before stop() closes the idle ones under
   * them (a request racing that close would fail with a reset).
   */
  leave(): void;
  /** Stops accepting, lets in-flight requests finish (at most `graceMs`), then closes every connection. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts the app on the configured address and port (0 picks a free one). */
export function listen(app: Express, config: { port: number; listenAddr: string }): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const onListening = (err?: Error) => {
      if (err) return reject(err);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      resolve({
        server,
        port,
        leave: () => {
          leaving = true;
        },
        stop: (graceMs = 4_000) =>
          new Promise<void>((done) => {
            // close() stops accepting and calls back once every connection has ended. Keep-alive
            // connections go as soon as they are idle (swept until then, since a request in flight
            // leaves its connection idle only when it finishes); anything still busy after the grace is cut.
            const sweeper = setInterval(() => server.closeIdleConnections(), 50);
            const timer = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearInterval(sweeper);
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    };
    let leaving = false;
    // An empty LISTEN_ADDR means every interface, as in the original.
    const server = config.listenAddr
      ? app.listen(config.port, config.listenAddr, onListening)
      : app.listen(config.port, onListening);
    server.once('error', reject);
    server.prependListener('request', (_request, response) => {
      if (leaving) response.setHeader('connection', 'close');
    });
  });
}
