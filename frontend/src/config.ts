import { readEnv } from '@boutique/kit';

/** Where the deployment runs (the original's ENV_PLATFORM values); picks the platform banner's colour and label. */
export const PLATFORMS = ['local', 'gcp', 'azure', 'aws', 'onprem', 'alibaba'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The host:port of every backend the frontend calls. */
export interface BackendAddrs {
  readonly productCatalog: string;
  readonly currency: string;
  readonly cart: string;
  readonly recommendation: string;
  readonly shipping: string;
  readonly checkout: string;
  readonly ad: string;
}

export interface Config {
  readonly port: number;
  /** Interface to bind; empty means every interface (as the original's LISTEN_ADDR). */
  readonly listenAddr: string;
  /** Route prefix without a trailing slash ("" or e.g. "/online-boutique"). */
  readonly baseUrl: string;
  readonly addrs: BackendAddrs;
  readonly platform: Platform;
  /** A message shown in a bar on top of every page; undefined for none. */
  readonly frontendMessage: string | undefined;
  /** Switches the shop to its second brand. */
  readonly cymbalBranding: boolean;
  /** Every visitor shares one fixed session (and so one cart), for demos. */
  readonly singleSharedSession: boolean;
  /** Adds `Secure` to the cookies (set when the shop is served over HTTPS). */
  readonly secureCookies: boolean;
  readonly logLevel: string;
  /** While the catalog is down, how long its last good answers stand in (CATALOG_STALE_IF_ERROR, default 5m; 0 never). */
  readonly catalogStaleIfErrorMs: number;
  /** After SIGTERM, how long /_healthz answers 503 while pages are still served, before the server stops accepting. */
  readonly shutdownDelayMs: number;
}

// A path prefix: "/" followed by URL path characters, no trailing slash.
const BASE_URL = /^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*$/;

/** Reads the frontend's configuration once; every problem is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const read = readEnv(env);
  const rawBase = read.optional('BASE_URL', '').replace(/\/+$/, '');
  const config: Config = {
    port: read.port('PORT', 8080),
    listenAddr: read.optional('LISTEN_ADDR', ''),
    baseUrl: rawBase,
    addrs: Object.freeze({
      productCatalog: read.required('PRODUCT_CATALOG_SERVICE_ADDR'),
      currency: read.required('CURRENCY_SERVICE_ADDR'),
      cart: read.required('CART_SERVICE_ADDR'),
      recommendation: read.required('RECOMMENDATION_SERVICE_ADDR'),
      shipping: read.required('SHIPPING_SERVICE_ADDR'),
      checkout: read.required('CHECKOUT_SERVICE_ADDR'),
      ad: read.required('AD_SERVICE_ADDR'),
    }),
    // The original silently falls back to "local" for an unknown platform; a typo is better reported.
    platform: read.oneOf('ENV_PLATFORM', PLATFORMS, 'local'),
    frontendMessage: read.optional('FRONTEND_MESSAGE'),
    cymbalBranding: read.flag('CYMBAL_BRANDING', false),
    singleSharedSession: read.flag('ENABLE_SINGLE_SHARED_SESSION', false),
    secureCookies: read.flag('SECURE_COOKIES', false),
    catalogStaleIfErrorMs: read.duration('CATALOG_STALE_IF_ERROR', 5 * 60_000),
    shutdownDelayMs: read.duration('SHUTDOWN_DELAY', 0),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  };
  if (!BASE_URL.test(rawBase)) read.problem(`BASE_URL must be a path such as /online-boutique, got "${rawBase}"`);
  read.done();
  return Object.freeze(config);
}

/** The shop's own URL on this host (its warm-up requests go there), BASE_URL included. */
export function loopbackOrigin(config: Pick<Config, 'listenAddr' | 'baseUrl'>, port: number): string {
  const everyInterface = ['', '0.0.0.0', '::'].includes(config.listenAddr);
  const host = everyInterface ? '127.0.0.1' : config.listenAddr;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}${config.baseUrl}`;
}
