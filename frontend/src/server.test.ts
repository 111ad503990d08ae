import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import express from 'express';
import { listen } from './server';

describe('listen', () => {
  it('port 0 → a free port on the given address', async () => {
    const app = express().get('/', (_req, res) => {
      res.send('hi');
    });
    const listening = await listen(app, { port: 0, listenAddr: '127.0.0.1' });
    assert.ok(listening.port > 0);
    assert.equal(await (await fetch(`http://127.0.0.1:${listening.port}/`)).text(), 'hi');
    await listening.stop();
  });

  it('stop() → the in-flight request finishes, then new connections are refused', async () => {
    let release: () => void = () => {};
    const app = express().get('/slow', async (_req, res) => {
      await new Promise<void>((resolve) => {
        release = resolve;
        setTimeout(resolve, 2_000);
      });
      res.send('finished');
    });
    const listening = await listen(app, { port: 0, listenAddr: '127.0.0.1' });
    const origin = `http://127.0.0.1:${listening.port}`;
    const inFlight = fetch(`${origin}/slow`).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = listening.stop(3_000);
    await assert.rejects(fetch(`${origin}/slow`), 'no new connections while draining');
    release();
    assert.equal(await inFlight, 'finished');
    await stopped;
  });

  it('stop() with a request that outlives the grace → the connection is cut and stop resolves', async () => {
    const app = express().get('/stuck', () => {});
    const listening = await listen(app, { port: 0, listenAddr: '127.0.0.1' });
    const stuck = fetch(`http://127.0.0.1:${listening.port}/stuck`).catch((err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await listening.stop(200);
    assert.ok(Date.now() - started < 1_500);
    assert.ok((await stuck) instanceof Error);
  });

  it('leave() → every response closes its connection; a keep-alive client reconnects for the next request', async () => {
    const app = express().get('/', (_req, res) => {
      res.send('hi');
    });
    const listening = await listen(app, { port: 0, listenAddr: '127.0.0.1' });
    let connections = 0;
    listening.server.on('connection', () => connections++);
    // One socket at most, kept alive between requests: what a browser or a proxy does.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ connection?: string; body: string }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: listening.port, path: '/', agent }, (response) => {
            let body = '';
            response.on('data', (chunk) => {
              body += chunk;
            });
            response.on('end', () => resolve({ connection: response.headers.connection, body }));
          })
          .on('error', reject);
      });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await get()).connection, 'keep-alive');
      assert.equal(connections, 1, 'one kept-alive connection');
      listening.leave();
      for (let i = 0; i < 2; i++) assert.deepEqual(await get(), { connection: 'close', body: 'hi' });
      assert.equal(connections, 2, 'the kept-alive connection closed after its first answer, the next one too');
    } finally {
      agent.destroy();
      await listening.stop();
    }
  });
});
