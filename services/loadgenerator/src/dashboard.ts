import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS, FAVICON_SVG } from './dashboard-assets';
import type { LiveRun, LiveState } from './live';

/** The live dashboard's server. */
export interface Dashboard {
  /** Where it listens, e.g. "http://127.0.0.1:8089/". */
  readonly url: string;
  /** Shows and steers this run from now on. */
  attach(live: LiveRun): void;
  close(): Promise<void>;
}

const HEADERS = {
  // Everything comes from here: no inline script or style, nothing from elsewhere.
  'content-security-policy': "default-src 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const ASSETS: Record<string, { type: string; body: string }> = {
  '/': { type: 'text/html; charset=utf-8', body: DASHBOARD_HTML },
  '/dashboard.js': { type: 'text/javascript; charset=utf-8', body: DASHBOARD_JS },
  '/dashboard.css': { type: 'text/css; charset=utf-8', body: DASHBOARD_CSS },
  '/favicon.svg': { type: 'image/svg+xml', body: FAVICON_SVG },
};

const WAITING: LiveState = {
  phase: 'waiting',
  model: 'closed',
  elapsedS: 0,
  users: 0,
  active: 0,
  targetRps: null,
  workers: null,
  total: null,
  routes: [],
  series: [],
  stoppedBy: null,
};

const MAX_USERS = 1_000_000;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...HEADERS, 'content-type': type }).end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json', JSON.stringify(body));

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => {
      try {
        const value: unknown = JSON.parse(body === '' ? '{}' : body);
        resolve(typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

/**
 * Serves the live dashboard on `host:port`: the page and its assets, GET /api/state?since=<seconds>, and the
 * controls POST /api/stop, /api/users {users} and /api/rate {rps}. The controls take JSON only, which a page on
 * another origin cannot send without this server's consent (CORS), so a visited site cannot stop the run.
 */
export async function startDashboard(port: number, host: string): Promise<Dashboard> {
  let live: LiveRun | undefined;

  const control = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (!req.headers['content-type']?.startsWith('application/json')) {
      return sendJson(res, 415, { error: 'send JSON (content-type: application/json)' });
    }
    const body = await readJson(req);
    if (live === undefined) return sendJson(res, 409, { error: 'the run has not started yet' });
    const state = live.state(Number.POSITIVE_INFINITY);
    if (state.phase !== 'running' && state.phase !== 'waiting') {
      return sendJson(res, 409, { error: 'the run is over' });
    }
    if (path === '/api/stop') {
      live.stop();
      return sendJson(res, 202, { ok: true });
    }
    if (path === '/api/users') {
      const users = body.users;
      if (typeof users !== 'number' || !Number.isInteger(users) || users < 0 || users > MAX_USERS) {
        return sendJson(res, 400, { error: `users must be an integer from 0 to ${MAX_USERS}` });
      }
      live.setUsers(users);
      return sendJson(res, 200, { ok: true, users });
    }
    const rps = body.rps;
    if (state.targetRps === null) return sendJson(res, 409, { error: 'a target rate needs the open model' });
    if (typeof rps !== 'number' || !Number.isFinite(rps) || rps <= 0) {
      return sendJson(res, 400, { error: 'rps must be a positive number' });
    }
    live.setTargetRps(rps);
    return sendJson(res, 200, { ok: true, rps });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const asset = ASSETS[url.pathname];
    if (req.method === 'GET' && asset !== undefined) return send(res, 200, asset.type, asset.body);
    if (req.method === 'GET' && url.pathname === '/api/state') {
      const since = Number(url.searchParams.get('since') ?? -1);
      return sendJson(res, 200, live?.state(Number.isFinite(since) ? since : -1) ?? WAITING);
    }
    if (req.method === 'POST' && ['/api/stop', '/api/users', '/api/rate'].includes(url.pathname)) {
      control(req, res, url.pathname).catch(() => {
        if (!res.headersSent) sendJson(res, 400, { error: 'the body must be JSON' });
      });
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    attach(run) {
      live = run;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
