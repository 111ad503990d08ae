import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const PROBE = path.join(__dirname, 'health-probe.js');

/** Runs the probe as compose does (its own process) and resolves with its exit code. */
async function probe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number | null> {
  const child = spawn(process.execPath, [PROBE, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('frontend health probe', () => {
  let server: Server;
  let port: number;
  let status = 200;
  const paths: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(status).end('ok');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  it('a 200 from /_healthz → exit 0, with the port from $PORT or from the argument', async () => {
    status = 200;
    paths.length = 0;
    assert.equal(await probe([], { PORT: String(port) }), 0);
    assert.equal(await probe([String(port)]), 0);
    assert.deepEqual(paths, ['/_healthz', '/_healthz']);
  });

  it('a 503 → exit 1', async () => {
    status = 503;
    assert.equal(await probe([String(port)]), 1);
  });

  it('nothing listening on the port → exit 1', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const unused = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    assert.equal(await probe([unused.toString()]), 1);
  });

  it('no port at all, or not a number → exit 2 (usage)', async () => {
    assert.equal(await probe([]), 2);
    assert.equal(await probe(['eighty']), 2);
  });
});
