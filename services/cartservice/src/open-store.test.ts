import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { initLogger } from '@boutique/kit';
import { loadConfig } from './config';
import { openStore } from './open-store';
import { freePort } from './test-redis';

const OPENSSL = spawnSync('openssl', ['version']).status === 0;

function openssl(dir: string, args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

/** A private CA and a certificate it signs for 127.0.0.1 (the address the store connects to), plus an unrelated CA. */
function makeCertificates(dir: string): void {
  for (const ca of ['ca', 'other-ca']) {
    openssl(
      dir,
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${ca}`].concat([
        '-keyout',
        `${ca}.key`,
        '-out',
        `${ca}.pem`,
      ]),
    );
  }
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=redis',
    '-keyout',
    'redis.key',
    '-out',
    'redis.csr',
  ]);
  writeFileSync(path.join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    dir,
    ['x509', '-req', '-in', 'redis.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'].concat([
      '-days',
      '1',
      '-extfile',
      'san.cnf',
      '-out',
      'redis.pem',
    ]),
  );
}

/** Resolves once a TLS PING trusting ca.pem gets PONG. */
async function waitForTlsPong(port: number, dir: string, child: ChildProcess): Promise<void> {
  const ca = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca }, () => socket.write('PING\r\n'));
      socket.setTimeout(500, () => socket.destroy());
      socket.on('data', (chunk) => {
        socket.destroy();
        resolve(String(chunk).startsWith('+PONG'));
      });
      socket.on('error', () => resolve(false));
      socket.on('close', () => resolve(false));
    });
    if (pong) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer TLS on port ${port}`);
}

describe('openStore against a Redis that speaks only TLS with a private CA', {
  skip: OPENSSL ? false : 'openssl is not installed',
}, () => {
  let dir: string;
  let port: number;
  let redis: ChildProcess;
  const logLines: Record<string, unknown>[] = [];
  const log = initLogger('cartservice', { destination: { write: (line: string) => logLines.push(JSON.parse(line)) } });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cartservice-tls-'));
    makeCertificates(dir);
    port = await freePort();
    redis = spawn(
      'redis-server',
      ['--port', '0', '--bind', '127.0.0.1', '--tls-port', String(port)]
        .concat(['--tls-cert-file', 'redis.pem', '--tls-key-file', 'redis.key', '--tls-ca-cert-file', 'ca.pem'])
        .concat(['--tls-auth-clients', 'no', '--save', '', '--appendonly', 'no', '--dir', dir]),
      {
        cwd: dir,
        stdio: 'ignore',
      },
    );
    await waitForTlsPong(port, dir, redis);
  });
  after(() => {
    if (redis?.pid !== undefined && redis.exitCode === null) process.kill(redis.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('REDIS_ADDR with ssl=true and REDIS_CA_FILE naming the CA → carts are kept in that Redis', async () => {
    const env = { REDIS_ADDR: `127.0.0.1:${port},ssl=true`, REDIS_CA_FILE: path.join(dir, 'ca.pem') };
    const store = await openStore(loadConfig(env), log);
    try {
      await store.addItem('alice', 'OLJCESPC7Z', 2);
      assert.deepEqual(await store.getItems('alice'), [{ productId: 'OLJCESPC7Z', quantity: 2 }]);
      const opened = logLines.find((line) => line.message === 'carts kept in redis');
      assert.deepEqual([opened?.tls, opened?.privateCa], [true, true]);
    } finally {
      await store.close();
    }
  });

  it('a CA that did not sign the server certificate → no connection, cart calls answer UNAVAILABLE', async () => {
    const env = { REDIS_ADDR: `127.0.0.1:${port},ssl=true`, REDIS_CA_FILE: path.join(dir, 'other-ca.pem') };
    const store = await openStore(loadConfig(env), log);
    try {
      await assert.rejects(store.getItems('alice'), {
        kind: 'UNAVAILABLE',
        message: /self-signed certificate in certificate chain/,
      });
      assert.ok(
        logLines.some(
          (line) => line.message === 'redis not reachable yet; serving, cart calls answer UNAVAILABLE until it is',
        ),
      );
    } finally {
      await store.close();
    }
  });
});
