import { Writable } from 'node:stream';
import { initLogger, type Logger } from '@boutique/kit';
import { createApp } from '../app';
import { type BackendTimings, connectBackends } from '../backends';
import { type BackendAddrs, loadConfig } from '../config';
import { listen } from '../server';

export { CookieJar } from './cookie-jar';

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

/** Quick deadlines, no cache and no stale catalog, so tests see every change to the fakes at once. */
export const TEST_TIMINGS: BackendTimings = {
  requiredMs: 1_000,
  checkoutMs: 2_000,
  recommendationsMs: 250,
  adsMs: 100,
  cacheTtlMs: 0,
  catalogStaleIfErrorMs: 0,
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
