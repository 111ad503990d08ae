import { CookieJar } from './cookies';
import type { Exchange, HttpClient } from './http';
import type { Random } from './random';
import { CURRENCIES, checkoutForm, formBody, PRODUCT_IDS } from './shopper';
import type { RouteStats, Stats } from './stats';

/**
 * The shopper's tasks, in the order the original Locust file defines them (docs/compatibility.md, Load generator);
 * the last two are defined there but not scheduled, so their default weight is 0.
 */
export const TASK_NAMES = [
  'index',
  'setCurrency',
  'browseProduct',
  'addToCart',
  'viewCart',
  'checkout',
  'emptyCart',
  'logout',
] as const;
export type TaskName = (typeof TASK_NAMES)[number];
export type TaskWeights = Readonly<Record<TaskName, number>>;

/** The original's weights (total 19). */
export const DEFAULT_WEIGHTS: TaskWeights = Object.freeze({
  index: 1,
  setCurrency: 2,
  browseProduct: 10,
  addToCart: 2,
  viewCart: 3,
  checkout: 1,
  emptyCart: 0,
  logout: 0,
});

/** HTTP requests each task sends to a frontend that answers its POSTs with a redirect, as the original does. */
export const REQUESTS_PER_TASK: TaskWeights = Object.freeze({
  index: 1, // GET /
  setCurrency: 2, // POST /setCurrency → GET /
  browseProduct: 1, // GET /product/<id>
  addToCart: 3, // GET /product/<id>, POST /cart → GET /cart
  viewCart: 1, // GET /cart
  checkout: 4, // addToCart, then POST /cart/checkout (200, no redirect)
  emptyCart: 2, // POST /cart/empty → GET /
  logout: 2, // GET /logout → GET /
});

/** The mean number of requests per task under `weights`, which turns a request rate into a task rate. */
export function requestsPerTask(weights: TaskWeights): number {
  let tasks = 0;
  let requests = 0;
  for (const name of TASK_NAMES) {
    tasks += weights[name];
    requests += weights[name] * REQUESTS_PER_TASK[name];
  }
  return requests / tasks;
}

/** One simulated shopper: its own cookies (so its own session and cart) and its own random sequence. */
export class VirtualUser {
  readonly jar = new CookieJar();
  started = false;
  constructor(readonly random: Random) {}
}

const MAX_REDIRECTS = 5;
const USER_AGENT = 'boutique-loadgenerator/0.1';
const ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const FORM = 'application/x-www-form-urlencoded';

/** Names a network error by its code ("ECONNREFUSED", "UND_ERR_SOCKET"), so equal causes share a row. */
export function failureReason(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string'
      ? `${code}: ${err.message}`.slice(0, 120)
      : `${err.name}: ${err.message}`.slice(0, 120);
  }
  return String(err).slice(0, 120);
}

/**
 * The shopper journey against one frontend: the tasks, the requests they send, redirects followed with the
 * user's cookies, and every request recorded. Route slots and request bodies that never change are built once.
 */
export class Journey {
  private readonly home: RouteStats;
  private readonly product: RouteStats;
  private readonly cart: RouteStats;
  private readonly addToCartPost: RouteStats;
  private readonly setCurrencyPost: RouteStats;
  private readonly checkoutPost: RouteStats;
  private readonly emptyCartPost: RouteStats;
  private readonly logoutGet: RouteStats;
  private readonly productPaths: readonly string[];
  private readonly currencyBodies: readonly string[];

  constructor(
    private readonly http: HttpClient,
    private readonly stats: Stats,
    private readonly origin: string,
    private readonly basePath: string,
    private readonly stopping: () => boolean,
  ) {
    this.home = stats.route('GET /');
    this.product = stats.route('GET /product/[id]');
    this.cart = stats.route('GET /cart');
    this.addToCartPost = stats.route('POST /cart');
    this.setCurrencyPost = stats.route('POST /setCurrency');
    this.checkoutPost = stats.route('POST /cart/checkout');
    this.emptyCartPost = stats.route('POST /cart/empty');
    this.logoutGet = stats.route('GET /logout');
    this.productPaths = PRODUCT_IDS.map((id) => `${basePath}/product/${id}`);
    this.currencyBodies = CURRENCIES.map((code) => formBody({ currency_code: code }));
  }

  /** What a user does once when it arrives: open the home page (the original's on_start). */
  async start(user: VirtualUser): Promise<void> {
    user.started = true;
    await this.request(user, 'GET', this.home, `${this.basePath}/`, null);
  }

  /** Runs one task for the user. Failed requests are recorded and the task carries on, as Locust's does. */
  async run(task: TaskName, user: VirtualUser): Promise<void> {
    const base = this.basePath;
    switch (task) {
      case 'index':
        return this.request(user, 'GET', this.home, `${base}/`, null);
      case 'setCurrency':
        // No Referer, as the original sends none, so the frontend redirects to the home page.
        return this.request(
          user,
          'POST',
          this.setCurrencyPost,
          `${base}/setCurrency`,
          user.random.pick(this.currencyBodies),
        );
      case 'browseProduct':
        return this.request(user, 'GET', this.product, user.random.pick(this.productPaths), null);
      case 'addToCart':
        return this.addToCart(user);
      case 'viewCart':
        return this.request(user, 'GET', this.cart, `${base}/cart`, null);
      case 'checkout':
        await this.addToCart(user);
        if (this.stopping()) return;
        return this.request(
          user,
          'POST',
          this.checkoutPost,
          `${base}/cart/checkout`,
          formBody(checkoutForm(user.random, new Date().getFullYear())),
        );
      case 'emptyCart':
        return this.request(user, 'POST', this.emptyCartPost, `${base}/cart/empty`, '');
      case 'logout':
        return this.request(user, 'GET', this.logoutGet, `${base}/logout`, null);
    }
  }

  private async addToCart(user: VirtualUser): Promise<void> {
    const index = user.random.int(0, PRODUCT_IDS.length - 1);
    await this.request(user, 'GET', this.product, this.productPaths[index]!, null);
    if (this.stopping()) return;
    const body = formBody({ product_id: PRODUCT_IDS[index]!, quantity: String(user.random.int(1, 10)) });
    await this.request(user, 'POST', this.addToCartPost, `${this.basePath}/cart`, body);
  }

  /** Sends a request, records it, and follows redirects (each hop is its own request in the stats). */
  private async request(
    user: VirtualUser,
    method: string,
    route: RouteStats,
    path: string,
    body: string | null,
  ): Promise<void> {
    for (let hops = 0; ; hops++) {
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: ACCEPT };
      const cookie = user.jar.cookieHeader();
      if (cookie !== undefined) headers.cookie = cookie;
      if (body !== null) headers['content-type'] = FORM;
      const started = performance.now();
      let exchange: Exchange;
      try {
        exchange = await this.http.send(method, path, headers, body);
      } catch (err) {
        // Requests cut off by the end of the run are neither successes nor failures.
        if (!this.stopping()) this.stats.record(route, (performance.now() - started) * 1000, 0, failureReason(err));
        return;
      }
      const latencyUs = (performance.now() - started) * 1000;
      if (this.stopping()) return;
      user.jar.store(exchange.setCookie, Date.now());
      const { status, location } = exchange;
      const redirect = status >= 300 && status < 400 && status !== 304 && location !== undefined;
      let failure: string | undefined;
      if (status >= 400) failure = `HTTP ${status}`;
      else if (redirect && hops === MAX_REDIRECTS) failure = `more than ${MAX_REDIRECTS} redirects`;
      this.stats.record(route, latencyUs, exchange.bytes, failure);
      if (!redirect || failure !== undefined) return;

      const next = this.sameOriginPath(location, path);
      if (next === undefined) return; // a redirect off the shop is not ours to follow
      // 301/302/303 turn into a GET without a body, as browsers do; 307/308 repeat the request.
      if (status !== 307 && status !== 308) {
        method = 'GET';
        body = null;
      }
      path = next;
      route = this.stats.route(`${method} ${this.routeName(path)}`);
    }
  }

  private sameOriginPath(location: string, from: string): string | undefined {
    if (location.startsWith('/') && !location.startsWith('//')) return location;
    const url = new URL(location, this.origin + from);
    return url.origin === this.origin ? url.pathname + url.search : undefined;
  }

  /** The stats row for a path: without the base path and query, product ids folded into one row. */
  private routeName(path: string): string {
    let name = path.startsWith(this.basePath) ? path.slice(this.basePath.length) : path;
    const query = name.indexOf('?');
    if (query >= 0) name = name.slice(0, query);
    if (name.startsWith('/product/')) return '/product/[id]';
    return name === '' ? '/' : name;
  }
}
