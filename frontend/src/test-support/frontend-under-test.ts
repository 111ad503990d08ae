import { Writable } from 'node:stream';
import { initLogger, type Logger } from '@boutique/kit';
import { createApp } from '../app';
import { type BackendTimings, connectBackends } from '../backends';
import { type BackendAddrs, loadConfig } from '../config';
import { listen } from '../server';

/** Env names of the seven backend addresses. */
const ADDR_VARS: Record<keyof BackendAddrs, string> = {
  productCatalog: 'PRODUCT_CATALOG_SERVICE_ADDR',
  currency: 'CURRENCY_SERVICE_ADDR',
  cart: 'CART_SERVICE_ADDR',
  recommendation: 'RECOMMENDATION_SERVICE_ADDR',
  shipping: 'SHIPPING_SERVICE_ADDR',
  checkout: 'CHECKOUT_SERVICE_ADDR',
  ad: 'AD_SERVICE_ADDR',
};

/** The env a frontend needs to reach these addresses. */
export function addrEnv(addrs: BackendAddrs): Record<string, string> {
  return Object.fromEntries(Object.entries(ADDR_VARS).map(([key, name]) => [name, addrs[key as keyof BackendAddrs]]));
}

export interface FrontendUnderTest {
  /** http://127.0.0.1:port (without BASE_URL). */
  readonly origin: string;
  /** The JSON log lines written so far. */
  readonly logLines: Record<string, unknown>[];
  readonly log: Logger;
  stop(): Promise<void>;
}

/** Quick deadlines and no cache, so tests see every change to the fakes at once. */
export const TEST_TIMINGS: BackendTimings = {
  requiredMs: 1_000,
  checkoutMs: 2_000,
  recommendationsMs: 250,
  adsMs: 100,
  cacheTtlMs: 0,
};

/** Starts createApp() on a free loopback port, configured through loadConfig as in production. */
export async function startFrontend(
  addrs: BackendAddrs,
  options: { env?: Record<string, string>; timings?: Partial<BackendTimings> } = {},
): Promise<FrontendUnderTest> {
  const config = loadConfig({ ...addrEnv(addrs), PORT: '0', LISTEN_ADDR: '127.0.0.1', ...options.env });
  const logLines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n'))
        if (line) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = initLogger('frontend', { level: config.logLevel, destination });
  const backends = connectBackends(config.addrs, log, { ...TEST_TIMINGS, ...options.timings });
  const listening = await listen(createApp(backends, config, { log, hostname: 'test-pod-1' }), config);
  return {
    origin: `http://127.0.0.1:${listening.port}`,
    logLines,
    log,
    stop: () => listening.stop(500),
  };
}

/** A cookie jar for fetch: remembers Set-Cookie values (name=value only) across requests. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** fetch with this jar's cookies, not following redirects. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.header());
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(response);
    return response;
  }

  /** POSTs a urlencoded form. */
  post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }
}
