import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type Running, serve } from './grpc/server';
import { initLogger } from './logger';

initLogger('kit-test', { level: 'silent' });
const probe = path.join(__dirname, 'health-probe.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [probe, ...args], { env: { ...process.env, ...env } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );

describe('health-probe', () => {
  let running: Running;
  before(async () => {
    running = await serve({ port: 0, services: [], handleSignals: false });
  });
  after(() => running.shutdown());

  it('exits 0 and prints SERVING for a serving server on the given port', async () => {
    assert.deepEqual(await run([String(running.port)]), { code: 0, stdout: 'SERVING\n' });
  });

  it('reads the port from $PORT when none is given', async () => {
    assert.equal((await run([], { PORT: String(running.port) })).code, 0);
  });

  it('exits 1 when the server reports NOT_SERVING', async () => {
    running.health.setStatus('', 'NOT_SERVING');
    try {
      assert.equal((await run([String(running.port)])).code, 1);
    } finally {
      running.health.setStatus('', 'SERVING');
    }
  });

  it('exits 1 when nothing listens on the port', async () => {
    assert.equal((await run(['1'])).code, 1);
  });

  it('exits 2 with usage when no port is known', async () => {
    assert.equal((await run([], { PORT: '' })).code, 2);
  });
});
