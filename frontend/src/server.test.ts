import assert from 'node:assert/strict';
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
});
