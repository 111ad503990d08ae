import { status as grpcStatus, isServiceError, type Logger, money } from '@boutique/kit';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { Backends } from './backends';
import type { Config } from './config';
import type { Product } from './gateways/catalog';
import { isOutage } from './outage';
import { expireCookies, setCurrencyCookie } from './session';
import { countOf, Shop, totalPaid } from './shop';
import { invalidForm, ShopperError } from './shopper-error';
import { type Form, validateAddToCart, validateCheckout, validateCurrency } from './validation';
import { CartPage } from './views/cart';
import type { Frame } from './views/frame';
import { HomePage } from './views/home';
import { OrderPage } from './views/order';
import { ProductPage } from './views/product';
import { renderPage } from './views/render';
import { SearchPage } from './views/search';

/** Builds the frame of a page for this request; the routes add the currency selector and cart badge. */
export type FrameFor = (
  res: Response,
  extra?: Partial<Pick<Frame, 'currencies' | 'cartCount' | 'query' | 'currency' | 'notice'>>,
) => Frame;

/** What a page says when its prices are in the catalog's currency instead of the shopper's. */
export const CATALOG_PRICES_NOTICE =
  'Currency conversion is unavailable right now, so prices are shown in US dollars (USD), the catalog’s own currency.';

/** The frame fields for prices shown in `shown` to a shopper who chose `wanted`. */
function pricedIn(wanted: string, shown: string): Partial<Pick<Frame, 'currency' | 'notice'>> {
  return shown === wanted ? {} : { currency: shown, notice: CATALOG_PRICES_NOTICE };
}

// Paths a POST lands on: after a currency change the shopper goes home rather than to a GET that cannot exist.
const POST_ONLY = new Set(['/cart/checkout', '/cart/empty', '/setCurrency']);

/** The submitted form: body fields first, then the query string (as Go's FormValue). */
function formOf(req: Request): Form {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return (field) => {
    for (const value of [body[field], req.query[field]]) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') return first;
    }
    return undefined;
  };
}

/** Sends a rendered page (or error page) with its status. */
export function sendHtml(res: Response, html: string, statusCode = 200): void {
  // Pages carry the session id and cart; no shared cache may keep them.
  res.status(statusCode).set('Cache-Control', 'no-store').type('html').send(html);
}

/** The shop's routes (mounted under BASE_URL): pages, cart and checkout forms, currency, logout, product JSON. */
export function shopRouter(backends: Backends, config: Config, frameFor: FrameFor, log: Logger): Router {
  const router = Router();
  const shop = new Shop(backends, log);
  const base = config.baseUrl;
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 100 });

  /** Registers a path's handlers; any other method gets 405 with an Allow header (as gorilla/mux). */
  const route = (path: string, handlers: { get?: RequestHandler; post?: RequestHandler }) => {
    const named: RequestHandler = (_req, res, next) => {
      res.locals.route = `${base}${path}`;
      next();
    };
    if (handlers.get) router.get(path, named, handlers.get);
    if (handlers.post) router.post(path, named, form, handlers.post);
    const allow = [...(handlers.get ? ['GET', 'HEAD'] : []), ...(handlers.post ? ['POST'] : [])].join(', ');
    router.all(path, named, (_req, res) => {
      res.status(405).set('Allow', allow).end();
    });
  };

  route('/', {
    get: async (_req, res) => {
      const { sessionId, currency } = res.locals.visit;
      const [currencies, priced, cartCount, ad] = await Promise.all([
        shop.currencySelector(),
        backends.catalog
          .listProducts()
          .then((products) => shop.inShopperCurrency(currency, (convert) => shop.price(products, convert))),
        shop.cartCount(sessionId),
        backends.ads.chooseAd([]),
      ]);
      const frame = frameFor(res, { currencies, cartCount, ...pricedIn(currency, priced.currency) });
      sendHtml(res, renderPage(<HomePage frame={frame} products={priced.value} ad={ad} />));
    },
  });

  route('/product/:id', {
    get: async (req, res) => {
      const { sessionId, currency } = res.locals.visit;
      const id = String(req.params.id);
      const product = backends.catalog.getProduct(id);
      const [found, price, currencies, cartCount, recommendations, ad] = await Promise.all([
        product,
        product.then((p) => shop.inShopperCurrency(currency, (convert) => convert(p.priceUsd))),
        shop.currencySelector(),
        shop.cartCount(sessionId),
        shop.recommendations(sessionId, [id]),
        product.then((p) => backends.ads.chooseAd(p.categories)),
      ]);
      const frame = frameFor(res, { currencies, cartCount, ...pricedIn(currency, price.currency) });
      const view = { product: found, price: price.value, recommendations, ad };
      sendHtml(res, renderPage(<ProductPage frame={frame} view={view} />));
    },
  });

  route('/search', {
    get: async (req, res) => {
      const { sessionId, currency } = res.locals.visit;
      const query = (formOf(req)('q') ?? '').trim().slice(0, 200);
      const [priced, currencies, cartCount] = await Promise.all([
        backends.catalog
          .searchProducts(query)
          .then((results) => shop.inShopperCurrency(currency, (convert) => shop.price(results, convert))),
        shop.currencySelector(),
        shop.cartCount(sessionId),
      ]);
      const frame = frameFor(res, { currencies, cartCount, query, ...pricedIn(currency, priced.currency) });
      sendHtml(res, renderPage(<SearchPage frame={frame} query={query} results={priced.value} />));
    },
  });

  route('/cart', {
    get: async (_req, res) => {
      const { sessionId, currency } = res.locals.visit;
      const [currencies, items] = await Promise.all([shop.currencySelector(), backends.cart.getCart(sessionId)]);
      const view = await shop.inShopperCurrency(currency, (convert, shown) =>
        shop.cart(sessionId, items, convert, shown),
      );
      const frame = frameFor(res, { currencies, cartCount: countOf(items), ...pricedIn(currency, view.currency) });
      sendHtml(res, renderPage(<CartPage frame={frame} view={view.value} />));
    },
    post: async (req, res) => {
      const back = { href: `${base}/`, label: 'Back to the shop' };
      const checked = validateAddToCart(formOf(req));
      if (!checked.ok) throw invalidForm(checked.problems, back);
      const { productId, quantity } = checked.value;
      let product: Product;
      try {
        product = await backends.catalog.getProduct(productId);
      } catch (err) {
        if (isServiceError(err) && err.code === grpcStatus.NOT_FOUND) {
          throw invalidForm(
            [{ field: 'product_id', message: `there is no product ${JSON.stringify(productId)}` }],
            back,
          );
        }
        throw err;
      }
      await backends.cart.addItem(res.locals.visit.sessionId, product.id, quantity);
      res.redirect(302, `${base}/cart`);
    },
  });

  route('/cart/empty', {
    post: async (_req, res) => {
      await backends.cart.emptyCart(res.locals.visit.sessionId);
      res.redirect(302, `${base}/`);
    },
  });

  route('/cart/checkout', {
    post: async (req, res) => {
      const { sessionId, currency } = res.locals.visit;
      const back = { href: `${base}/cart`, label: 'Back to your cart' };
      const checked = validateCheckout(formOf(req));
      if (!checked.ok) throw invalidForm(checked.problems, back);
      const { email, address, creditCard } = checked.value;
      try {
        await backends.currency.probe();
      } catch (err) {
        if (!isOutage(err)) throw err;
        // Checkout prices the order through the currency service; without it there is no honest total.
        throw new ShopperError({
          status: 503,
          title: 'We could not place your order',
          message:
            'Currency conversion is unavailable right now, so we cannot work out what to charge. ' +
            'Nothing was charged and your cart is unchanged. Please try again in a few minutes.',
          back,
        });
      }
      let order: Awaited<ReturnType<Backends['checkout']['placeOrder']>>;
      try {
        order = await backends.checkout.placeOrder({
          userId: sessionId,
          userCurrency: currency,
          address,
          email,
          creditCard,
        });
      } catch (err) {
        // The shopper's own data was refused (a declined or expired card, an empty cart): say what to fix.
        // Checkout's messages for these codes are written for the caller; nothing was charged or shipped.
        if (
          isServiceError(err) &&
          (err.code === grpcStatus.INVALID_ARGUMENT || err.code === grpcStatus.FAILED_PRECONDITION)
        ) {
          throw new ShopperError({
            status: 400,
            title: 'We could not place your order',
            message: 'Nothing was charged and your cart is unchanged. Please fix this and try again:',
            problems: [err.details],
            back,
          });
        }
        throw err;
      }
      const recommendations = await shop.recommendations(sessionId, []);
      const view = { order, email, totalPaid: totalPaid(order, currency), recommendations };
      sendHtml(res, renderPage(<OrderPage frame={frameFor(res)} view={view} />));
    },
  });

  route('/setCurrency', {
    post: async (req, res) => {
      const back = { href: `${base}/`, label: 'Back to the shop' };
      const checked = validateCurrency(formOf(req));
      if (!checked.ok) throw invalidForm(checked.problems, back);
      const { currencyCode } = checked.value;
      const offered = await shop.currencies();
      if (!offered.includes(currencyCode)) {
        // The original accepts any ISO code here and then shows prices it cannot convert.
        throw invalidForm(
          [{ field: 'currency_code', message: `we do not offer ${currencyCode}; choose one of ${offered.join(', ')}` }],
          back,
        );
      }
      setCurrencyCookie(res, config, currencyCode);
      res.redirect(302, returnPath(req, base));
    },
  });

  route('/logout', {
    get: (_req, res) => {
      expireCookies(res, config, res.locals.visit.cookies.keys());
      res.redirect(302, `${base}/`);
    },
  });

  route('/product-meta/:id', {
    get: async (req, res) => {
      const product = await backends.catalog.getProduct(String(req.params.id));
      res.set('Cache-Control', 'no-store').type('json').send(productJson(product));
    },
  });

  return router;
}

/**
 * Where to send the shopper after changing currency: back to the page they were on when the Referer
 * is this shop's own page (the original follows any Referer, an open redirect), else home.
 */
export function returnPath(req: Request, base: string): string {
  const home = `${base}/`;
  const referer = req.get('referer');
  if (!referer) return home;
  try {
    const url = new URL(referer);
    if (url.host !== req.get('host')) return home;
    if (base && url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return home;
    if (POST_ONLY.has(url.pathname.slice(base.length))) return home;
    return `${url.pathname}${url.search}`;
  } catch {
    return home;
  }
}

/**
 * A product as the original's /product-meta answers it: snake_case keys, empty fields left out,
 * int64 units as a JSON number (written from the exact decimal string, never through a float).
 */
export function productJson(product: Product): string {
  const price = product.priceUsd;
  money.assertValid(price);
  const fields: string[] = [];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) fields.push(`${JSON.stringify(key)}:${value}`);
  };
  const text = (value: string) => (value === '' ? undefined : JSON.stringify(value));
  add('id', text(product.id));
  add('name', text(product.name));
  add('description', text(product.description));
  add('picture', text(product.picture));
  const priceFields = [
    `"currency_code":${JSON.stringify(price.currencyCode)}`,
    ...(price.units === '0' ? [] : [`"units":${BigInt(price.units).toString()}`]),
    ...(price.nanos === 0 ? [] : [`"nanos":${price.nanos}`]),
  ];
  add('price_usd', `{${priceFields.join(',')}}`);
  add('categories', product.categories.length === 0 ? undefined : JSON.stringify(product.categories));
  return `{${fields.join(',')}}`;
}
