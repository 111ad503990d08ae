import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { httpServerObserver, type Logger, logger } from '@boutique/kit';
import express, { type ErrorRequestHandler, type Express, type RequestHandler, Router } from 'express';
import type { Backends } from './backends';
import { compressResponses } from './compression';
import type { Config } from './config';
import { type FrameFor, sendHtml, shopRouter } from './routes';
import { securityHeaders } from './security-headers';
import { currencyFor, parseCookies, SESSION_COOKIE, visits } from './session';
import { describeError } from './shopper-error';
import { renderErrorPage } from './views/error';
import { BRANDS } from './views/frame';

/** The browser assets, served from frontend/static (found relative to dist/ as to src/). */
export const STATIC_DIR = path.resolve(__dirname, '../static');
const PRODUCT_PICTURES = path.join(STATIC_DIR, 'img/products');
const STATIC_MAX_AGE = '1d';
const HEALTH_PATH = '/_healthz';
/** The session cookie value the Kubernetes manifests' liveness probe sends (readiness sends x-readiness-probe). */
const LIVENESS_PROBE_SESSION = 'x-liveness-probe';

export interface AppOptions {
  log?: Logger;
  /** Shown in the footer as the pod name (default: this host's name). */
  hostname?: string;
  now?: () => Date;
  /**
   * Whether the frontend is ready for shoppers; /_healthz answers 503 until it is (probes and the
   * launcher wait for the warm-up). Default: always ready.
   */
  isReady?: () => boolean;
}

/** A URL for a static file with its content hash as a version, so a changed file is fetched anew. */
function versioned(baseUrl: string, file: string): string {
  const hash = createHash('sha256')
    .update(readFileSync(path.join(STATIC_DIR, file)))
    .digest('hex')
    .slice(0, 12);
  return `${baseUrl}/static/${file}?v=${hash}`;
}

/**
 * Observes every request from its first middleware: with telemetry on, its span (the root of the
 * shopper action's trace; everything after runs inside it) and its route metrics; with debug on, one
 * line per request (method, route, status, duration, request id, session), written inside the span so
 * it carries the trace id. With both off it only calls next().
 */
function requestTelemetry(log: Logger): RequestHandler {
  return (req, res, next) => {
    // Probes call /_healthz constantly; tracing them would bury the shoppers' traffic.
    const observe = httpServerObserver();
    const observation =
      observe && !req.path.endsWith(HEALTH_PATH) ? observe(req.method, req.path, req.headers) : undefined;
    const debug = log.isLevelEnabled('debug');
    if (!observation && !debug) return next();
    const started = performance.now();
    // 'close' comes after 'finish', and also when the shopper went away before the answer was sent.
    res.once('close', () => {
      const route: string | undefined = res.locals.route;
      const logLine = () =>
        log.debug(
          {
            method: req.method,
            route: route ?? 'unmatched',
            status: res.statusCode,
            duration_ms: Math.round((performance.now() - started) * 10) / 10,
            request_id: res.locals.visit?.requestId,
            session: res.locals.visit?.sessionId,
            ...(res.writableFinished ? {} : { aborted: true }),
          },
          'request complete',
        );
      if (debug) observation ? observation.run(logLine) : logLine();
      observation?.end(route, res.statusCode);
    });
    observation ? observation.run(next) : next();
  };
}

/** Health, robots.txt and static files: no session, no cookies, cacheable. */
function infraRouter(isReady: () => boolean): Router {
  const router = Router();
  router.all(HEALTH_PATH, (req, res) => {
    res.locals.route = HEALTH_PATH;
    // Kubernetes' liveness probe (the manifests send this cookie) asks whether the process works, not
    // whether it is ready: a frontend warming up, or waiting for a backend, must not be restarted for it.
    const liveness = parseCookies(req.headers.cookie).get(SESSION_COOKIE) === LIVENESS_PROBE_SESSION;
    if (!liveness && !isReady()) {
      res.status(503).set('Cache-Control', 'no-store').type('text').send('warming up');
      return;
    }
    res.type('text').send('ok');
  });
  router.all('/robots.txt', (_req, res) => {
    res.locals.route = '/robots.txt';
    res.type('text').set('Cache-Control', 'public, max-age=86400').send('User-agent: *\nDisallow: /\n');
  });
  // The catalog names pictures /static/img/products/<name>.jpg (the original's paths); ours are SVG
  // drawings, served at exactly those paths with their real type.
  router.get('/static/img/products/:name.jpg', (req, res, next) => {
    res.locals.route = '/static/img/products/:name.jpg';
    const name = String(req.params.name);
    if (!/^[a-z0-9-]+$/.test(name)) return next();
    res.sendFile(`${name}.svg`, { root: PRODUCT_PICTURES, maxAge: STATIC_MAX_AGE }, (err) => {
      if (err) next();
    });
  });
  router.use('/static', (_req, res, next) => {
    res.locals.route ??= '/static';
    next();
  });
  router.use(
    '/static',
    express.static(STATIC_DIR, { maxAge: STATIC_MAX_AGE, index: false, redirect: false, dotfiles: 'ignore' }),
  );
  return router;
}

/** The frontend as an express app over the given backends; `listen` is the caller's business. */
export function createApp(backends: Backends, config: Config, options: AppOptions = {}): Express {
  const log = options.log ?? logger();
  const now = options.now ?? (() => new Date());
  const host = options.hostname ?? hostname();
  const brand = config.cymbalBranding ? BRANDS.cymbal : BRANDS.boutique;
  const assets = { css: versioned(config.baseUrl, 'styles/shop.css'), js: versioned(config.baseUrl, 'js/shop.js') };
  const mount = config.baseUrl || '/';

  const frameFor: FrameFor = (res, extra = {}) => {
    // Error pages can be reached before the session middleware ran (a malformed path); they still get a frame.
    const visit = res.locals.visit ?? {
      sessionId: '',
      requestId: randomUUID(),
      currency: currencyFor(parseCookies(res.req.headers.cookie).get('shop_currency')),
    };
    return {
      baseUrl: config.baseUrl,
      brand,
      platform: config.platform,
      message: config.frontendMessage,
      hostname: host,
      sessionId: visit.sessionId,
      requestId: visit.requestId,
      currency: visit.currency,
      assets,
      year: now().getFullYear(),
      ...extra,
    };
  };

  const notFound: RequestHandler = (_req, res) => {
    const view = { status: 404, title: 'Not found', message: 'There is no page at this address.' };
    sendHtml(res, renderErrorPage(frameFor(res), view), 404);
  };

  const onError: ErrorRequestHandler = (err, req, res, next) => {
    const description = describeError(err);
    if (description.serverSide) {
      log.error(
        { err, method: req.method, route: res.locals.route, request_id: res.locals.visit?.requestId },
        'request failed',
      );
    }
    if (res.headersSent) return next(err);
    sendHtml(res, renderErrorPage(frameFor(res), description), description.status);
  };

  const app = express();
  app.disable('x-powered-by');
  // Pages are per-shopper and marked no-store: hashing each one for an ETag would be wasted work.
  app.set('etag', false);
  app.use(requestTelemetry(log));
  app.use(securityHeaders());
  app.use(compressResponses());
  app.use(mount, infraRouter(options.isReady ?? (() => true)));
  app.use(visits(config));
  app.use(mount, shopRouter(backends, config, frameFor, log));
  app.use(notFound);
  app.use(onError);
  return app;
}
