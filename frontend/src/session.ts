import { randomUUID } from 'node:crypto';
import type { CookieOptions, RequestHandler, Response } from 'express';

/** The original frontend's cookie names (docs/compatibility.md, HTTP routes, forms and cookies). */
export const SESSION_COOKIE = 'shop_session-id';
export const CURRENCY_COOKIE = 'shop_currency';
/** The one session everyone shares when ENABLE_SINGLE_SHARED_SESSION is on. */
export const SHARED_SESSION_ID = '12345678-1234-1234-1234-123456789123';
export const COOKIE_MAX_AGE_MS = 48 * 60 * 60 * 1000;

/** The currencies the shop offers (the original's whitelist); anything else shows prices in USD. */
export const OFFERED_CURRENCIES: readonly string[] = ['USD', 'EUR', 'CAD', 'JPY', 'GBP', 'TRY'];
export const DEFAULT_CURRENCY = 'USD';

// A session id we accept back from a cookie: our UUIDs, and the probes' "x-readiness-probe".
// Anything longer or with other characters is replaced rather than trusted verbatim (the original
// trusts any value, and the value becomes the cart's key).
const SESSION_ID = /^[A-Za-z0-9-]{1,64}$/;

/** This request's shopper: session (the cart's user id), request id and display currency. */
export interface Visit {
  readonly sessionId: string;
  readonly requestId: string;
  readonly currency: string;
  /** The cookies the request carried. */
  readonly cookies: ReadonlyMap<string, string>;
}

declare global {
  namespace Express {
    interface Locals {
      visit: Visit;
      /** The matched route pattern, for the request log ("/product/:id"). */
      route?: string;
    }
  }
}

/** Parses a Cookie header; malformed pairs are skipped, the first of duplicate names wins. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** The attributes of the shop's cookies: the original's 48 h, plus HttpOnly and SameSite=Lax (and Secure when asked). */
export function cookieOptions(config: { baseUrl: string; secureCookies: boolean }): CookieOptions {
  return {
    maxAge: COOKIE_MAX_AGE_MS,
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    // The original sets no Path, so a first visit to /product/x scoped the cookie to /product.
    path: config.baseUrl || '/',
    encode: String,
  };
}

/** The display currency for a cookie value: one the shop offers, else USD. */
export function currencyFor(cookie: string | undefined): string {
  return cookie !== undefined && OFFERED_CURRENCIES.includes(cookie) ? cookie : DEFAULT_CURRENCY;
}

/**
 * Gives every request a Visit: the session from its cookie (minting one, with Set-Cookie, when it is
 * missing or malformed), a fresh request id (also sent as X-Request-Id) and the display currency.
 */
export function visits(config: {
  baseUrl: string;
  secureCookies: boolean;
  singleSharedSession: boolean;
}): RequestHandler {
  const options = cookieOptions(config);
  return (req, res, next) => {
    const cookies = parseCookies(req.headers.cookie);
    const fromCookie = cookies.get(SESSION_COOKIE);
    let sessionId: string;
    if (config.singleSharedSession) {
      sessionId = SHARED_SESSION_ID;
      if (fromCookie !== sessionId) res.cookie(SESSION_COOKIE, sessionId, options);
    } else if (fromCookie !== undefined && SESSION_ID.test(fromCookie)) {
      sessionId = fromCookie;
    } else {
      sessionId = randomUUID();
      res.cookie(SESSION_COOKIE, sessionId, options);
    }
    const requestId = randomUUID();
    res.setHeader('X-Request-Id', requestId);
    res.locals.visit = { sessionId, requestId, currency: currencyFor(cookies.get(CURRENCY_COOKIE)), cookies };
    next();
  };
}

/** Sets the currency cookie. */
export function setCurrencyCookie(
  res: Response,
  config: { baseUrl: string; secureCookies: boolean },
  code: string,
): void {
  res.cookie(CURRENCY_COOKIE, code, cookieOptions(config));
}

// A cookie name as RFC 6265 allows it (a token), so a hostile name cannot inject attributes.
const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Expires every cookie the request carried (the original's /logout). */
export function expireCookies(
  res: Response,
  config: { baseUrl: string; secureCookies: boolean },
  names: Iterable<string>,
): void {
  const { maxAge: _, ...options } = cookieOptions(config);
  for (const name of names) if (COOKIE_NAME.test(name)) res.clearCookie(name, options);
}
