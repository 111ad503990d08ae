import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, Pool } from 'undici';

/** What the journey needs from one HTTP exchange; the body is read to the end and only counted. */
export interface Exchange {
  readonly status: number;
  readonly location: string | undefined;
  readonly setCookie: string | string[] | undefined;
  readonly bytes: number;
}

export interface HttpClientOptions {
  /** Keep-alive connections to the origin; requests beyond that queue inside the pool. */
  readonly connections: number;
  readonly timeoutMs: number;
}

/**
 * A keep-alive connection pool to one origin. It uses undici's dispatch API directly: no stream objects and no
 * body buffering per request, so the generator spends its CPU on requests rather than on itself.
 */
export class HttpClient {
  private readonly pool: Pool;

  constructor(origin: string, options: HttpClientOptions) {
    this.pool = new Pool(origin, {
      connections: options.connections,
      pipelining: 1,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: options.timeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  /** Sends one request and resolves when the whole response has arrived; rejects on a network error or timeout. */
  send(method: string, path: string, headers: Record<string, string>, body: string | null): Promise<Exchange> {
    return new Promise((resolve, reject) => {
      this.pool.dispatch({ method, path, headers, body }, new ExchangeHandler(resolve, reject));
    });
  }

  /** Closes idle connections after the in-flight requests finish. */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** Aborts every in-flight request (they reject) and closes all connections. */
  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

class ExchangeHandler implements Dispatcher.DispatchHandler {
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private bytes = 0;

  constructor(
    private readonly resolve: (exchange: Exchange) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length;
  }

  onResponseEnd(): void {
    const location = this.headers.location;
    this.resolve({
      status: this.status,
      location: Array.isArray(location) ? location[0] : location,
      setCookie: this.headers['set-cookie'],
      bytes: this.bytes,
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.reject(err);
  }
}
