import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CURRENCIES, isLuhnValid, PRODUCT_IDS } from '../shopper';

/**
 * A stand-in for the frontend with the same routes, cookies and redirects, for tests and the benchmark. It
 * validates forms the way the frontend does (422 on a bad field) and counts what it saw, per route and session.
 */
export interface FakeShop {
  readonly url: string;
  /** Requests seen, by "METHOD /route" (product ids folded into "/product/[id]"). */
  readonly routes: Map<string, number>;
  /** Requests seen per session id (the shop_session-id cookie). */
  readonly sessions: Map<string, number>;
  /** Requests that arrived without a session cookie (each one minted a new session). */
  readonly minted: () => number;
  /** When each session was minted (performance.now()). */
  readonly mintedAt: number[];
  /** Requests answered 422, with what was wrong. */
  readonly rejected: string[];
  /** The most requests it was handling at the same time. */
  readonly maxConcurrent: () => number;
  /** Requests that arrived while another request of their session was still being answered. */
  readonly overlapping: () => number;
  close(): Promise<void>;
}

/** What to do with one request instead of answering it normally. */
export type Fault = undefined | { status: number } | { destroy: true } | { delayMs: number };

export interface FakeShopOptions {
  /** Decides a fault per request, e.g. to answer 500 on a route or drop the connection. */
  readonly fault?: (method: string, route: string) => Fault;
  /** Bytes of HTML per page (default 2 KiB). */
  readonly pageBytes?: number;
}

const ROUTES = new Set([
  'GET /',
  'GET /cart',
  'POST /cart',
  'POST /setCurrency',
  'POST /cart/checkout',
  'POST /cart/empty',
  'GET /logout',
]);
// go-playground's "email" check is stricter than this, but this is what our generator must always satisfy.
const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/i;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The problems with a checkout form, by the frontend's rules (docs/compatibility.md, Validation, and where we are stricter). */
export function checkoutProblems(form: URLSearchParams, currentYear: number): string[] {
  const problems: string[] = [];
  const get = (name: string) => form.get(name) ?? '';
  const int = (name: string) => (/^-?\d+$/.test(get(name)) ? Number(get(name)) : 0);
  if (!EMAIL.test(get('email'))) problems.push(`email "${get('email')}"`);
  if (get('street_address') === '' || get('street_address').length > 512) problems.push('street_address');
  if (!/^\d{5}$/.test(get('zip_code')) || int('zip_code') === 0) problems.push(`zip_code "${get('zip_code')}"`);
  for (const name of ['city', 'state', 'country']) if (get(name) === '' || get(name).length > 128) problems.push(name);
  const card = get('credit_card_number');
  if (!/^4\d{15}$/.test(card) || !isLuhnValid(card)) problems.push(`credit_card_number "${card}"`);
  const month = int('credit_card_expiration_month');
  if (month < 1 || month > 12) problems.push('credit_card_expiration_month');
  const year = int('credit_card_expiration_year');
  if (!/^\d{4}$/.test(get('credit_card_expiration_year')) || year <= currentYear) {
    problems.push(`credit_card_expiration_year ${year}`);
  }
  if (!/^\d{3}$/.test(get('credit_card_cvv')) || int('credit_card_cvv') < 100) problems.push('credit_card_cvv');
  return problems;
}

/** Starts the fake shop on 127.0.0.1 and a free port. */
export async function startFakeShop(options: FakeShopOptions = {}): Promise<FakeShop> {
  const routes = new Map<string, number>();
  const sessions = new Map<string, number>();
  const rejected: string[] = [];
  let minted = 0;
  const mintedAt: number[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const inFlightBySession = new Map<string, number>();
  let overlapping = 0;
  const page = Buffer.from(`<!doctype html><title>fake shop</title><p>${'x'.repeat(options.pageBytes ?? 2048)}</p>`);
  const products = new Set<string>(PRODUCT_IDS);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    const productId = path.startsWith('/product/') ? path.slice('/product/'.length) : undefined;
    const route = `${method} ${productId === undefined ? path : '/product/[id]'}`;
    routes.set(route, (routes.get(route) ?? 0) + 1);
    const body = method === 'POST' ? await readBody(req) : '';

    let session = cookieValue(req.headers.cookie, 'shop_session-id');
    const setCookies: string[] = [];
    if (session === undefined) {
      session = `session-${++minted}`;
      mintedAt.push(performance.now());
      setCookies.push(`shop_session-id=${session}; Max-Age=172800`);
    }
    sessions.set(session, (sessions.get(session) ?? 0) + 1);
    const inFlight = inFlightBySession.get(session) ?? 0;
    if (inFlight > 0) overlapping++;
    inFlightBySession.set(session, inFlight + 1);
    const answered = session;
    res.on('close', () => inFlightBySession.set(answered, inFlightBySession.get(answered)! - 1));

    const fault = options.fault?.(method, route);
    if (fault !== undefined && 'destroy' in fault) return void req.socket.destroy();
    if (fault !== undefined && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault !== undefined && 'status' in fault) {
      res.writeHead(fault.status, { 'content-type': 'text/html', 'set-cookie': setCookies }).end(page);
      return;
    }
    const redirect = (location: string) => res.writeHead(302, { location, 'set-cookie': setCookies }).end();
    const reject = (why: string) => {
      rejected.push(`${route}: ${why}`);
      res.writeHead(422, { 'content-type': 'text/plain', 'set-cookie': setCookies }).end(why);
    };
    if (method === 'POST' && req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      return reject(`content-type ${req.headers['content-type']}`);
    }
    const form = new URLSearchParams(body);

    if (productId !== undefined && method === 'GET') {
      if (!products.has(productId)) return void res.writeHead(500, { 'set-cookie': setCookies }).end('unknown product');
    } else if (!ROUTES.has(route)) {
      return void res.writeHead(404, { 'set-cookie': setCookies }).end('404 page not found');
    }
    switch (route) {
      case 'POST /cart': {
        const quantity = Number(form.get('quantity'));
        if (!products.has(form.get('product_id') ?? '')) return reject(`product_id ${form.get('product_id')}`);
        if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10) return reject(`quantity ${quantity}`);
        return redirect('/cart');
      }
      case 'POST /setCurrency': {
        const code = form.get('currency_code') ?? '';
        if (!(CURRENCIES as readonly string[]).includes(code)) return reject(`currency_code ${code}`);
        setCookies.push(`shop_currency=${code}; Max-Age=172800`);
        return redirect(req.headers.referer ?? '/');
      }
      case 'POST /cart/checkout': {
        const problems = checkoutProblems(form, new Date().getFullYear());
        if (problems.length > 0) return reject(problems.join(', '));
        break;
      }
      case 'POST /cart/empty':
        return redirect('/');
      case 'GET /logout': {
        for (const name of ['shop_session-id', 'shop_currency']) {
          const value = cookieValue(req.headers.cookie, name);
          if (value !== undefined)
            setCookies.push(`${name}=${value}; Expires=Thu, 01 Jan 2015 00:00:00 GMT; Max-Age=0`);
        }
        return redirect('/');
      }
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': setCookies }).end(page);
  };

  const server: Server = createServer((req, res) => {
    maxConcurrent = Math.max(maxConcurrent, ++concurrent);
    res.on('close', () => concurrent--);
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    sessions,
    minted: () => minted,
    mintedAt,
    rejected,
    maxConcurrent: () => maxConcurrent,
    overlapping: () => overlapping,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
