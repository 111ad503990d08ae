import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from './cookie-jar';

describe('CookieJar', () => {
  let server: http.Server;
  let origin: string;
  const seen: (string | undefined)[] = [];
  before(async () => {
    server = http.createServer((request, response) => {
      seen.push(request.headers.cookie);
      if (request.url === '/login') response.setHeader('set-cookie', ['session=abc; Path=/', 'currency=EUR']);
      if (request.url === '/logout') response.setHeader('set-cookie', 'session=; Max-Age=0');
      if (request.url === '/hang') return; // never answers
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends back the cookies it was given, and forgets one the server expires', async () => {
    const jar = new CookieJar();
    await jar.fetch(`${origin}/login`);
    await jar.fetch(`${origin}/page`);
    await jar.fetch(`${origin}/logout`);
    await jar.fetch(`${origin}/page`);
    assert.deepEqual(seen.slice(-4), [
      undefined,
      'session=abc; currency=EUR',
      'session=abc; currency=EUR',
      'currency=EUR',
    ]);
  });

  it('with timeoutMs, a request the server never answers is aborted', async () => {
    const jar = new CookieJar({ timeoutMs: 100 });
    await assert.rejects(jar.fetch(`${origin}/hang`), { name: 'TimeoutError' });
  });
});
