import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { readEnv } from '../config';
import { initLogger } from '../logger';
import { type CallerTable, callerTableFor, decide } from './authorisation';
import { CertificateFiles } from './certificate-files';
import { parseSpiffeId, spiffeIdsOf } from './identity';
import { createPki, type Pki } from './pki';
import { readTransportSettings } from './transport';

initLogger('kit-test', { level: 'silent' });

function settings(env: Record<string, string>) {
  const read = readEnv(env);
  const result = readTransportSettings(read);
  read.done();
  return result;
}

describe('readTransportSettings', () => {
  it('nothing set → plaintext, as the original', () => {
    assert.deepEqual(settings({}), { tls: undefined, healthPort: undefined, allowedCallers: undefined });
  });

  it('TLS_DIR → the three files a cert-manager Secret mounts, checked every 10 s', () => {
    assert.deepEqual(settings({ TLS_DIR: '/var/run/tls' }), {
      tls: {
        certFile: '/var/run/tls/tls.crt',
        keyFile: '/var/run/tls/tls.key',
        caFile: '/var/run/tls/ca.crt',
        refreshMs: 10_000,
      },
      healthPort: undefined,
      allowedCallers: undefined,
    });
  });

  it('TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE, a refresh interval and a health port → all used', () => {
    assert.deepEqual(
      settings({
        TLS_CERT_FILE: '/a/svid.pem',
        TLS_KEY_FILE: '/a/svid_key.pem',
        TLS_CA_FILE: '/a/bundle.pem',
        TLS_REFRESH_INTERVAL: '30s',
        HEALTH_PORT: '8081',
      }),
      {
        tls: { certFile: '/a/svid.pem', keyFile: '/a/svid_key.pem', caFile: '/a/bundle.pem', refreshMs: 30_000 },
        healthPort: 8081,
        allowedCallers: undefined,
      },
    );
  });

  it('ALLOWED_CALLERS with TLS → the listed names, trimmed, empty entries dropped', () => {
    assert.deepEqual(settings({ TLS_DIR: '/t', ALLOWED_CALLERS: ' frontend, checkoutservice,,' }).allowedCallers, [
      'frontend',
      'checkoutservice',
    ]);
  });

  it('ALLOWED_CALLERS empty → unset, like every other variable', () => {
    assert.equal(settings({ TLS_DIR: '/t', ALLOWED_CALLERS: '  ' }).allowedCallers, undefined);
  });

  it('ALLOWED_CALLERS naming no one, with a SPIFFE ID or a capital, or without TLS → one error naming each', () => {
    assert.throws(() => settings({ TLS_DIR: '/t', ALLOWED_CALLERS: ' , ' }), {
      problems: ['ALLOWED_CALLERS must name at least one caller'],
    });
    assert.throws(
      () => settings({ TLS_DIR: '/t', ALLOWED_CALLERS: 'frontend,spiffe://cluster.local/ns/shop/sa/x,Frontend' }),
      {
        problems: [
          'ALLOWED_CALLERS must be a comma list of service names, not "spiffe://cluster.local/ns/shop/sa/x", "Frontend"',
        ],
      },
    );
    assert.throws(() => settings({ ALLOWED_CALLERS: 'frontend' }), {
      problems: ['ALLOWED_CALLERS is only used with mutual TLS (TLS_DIR or TLS_*_FILE)'],
    });
  });

  it('half the files, a zero interval and a health port without TLS → one error naming each', () => {
    assert.throws(() => settings({ TLS_CERT_FILE: '/a.pem', HEALTH_PORT: '8081' }), {
      name: 'ConfigError',
      problems: [
        'TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE must be set together (or TLS_DIR)',
        'HEALTH_PORT is only used with mutual TLS (TLS_DIR or TLS_*_FILE)',
      ],
    });
    assert.throws(() => settings({ TLS_DIR: '/t', TLS_REFRESH_INTERVAL: '0' }), {
      problems: ['TLS_REFRESH_INTERVAL must be longer than 0'],
    });
  });
});

// Sample data: a shop-like call graph, as the deployments describe it.
const SAMPLE_CALLERS: CallerTable = {
  'hipstershop.CartService': ['frontend', 'checkoutservice'],
  'hipstershop.ProductCatalogService': ['frontend', 'checkoutservice', 'recommendationservice'],
};

describe('callerTableFor', () => {
  it('one allow-list for every service of the process', () => {
    assert.deepEqual(callerTableFor(['hipstershop.CartService', 'demo.Other'], ['frontend']), {
      'hipstershop.CartService': ['frontend'],
      'demo.Other': ['frontend'],
    });
  });
});

describe('decide', () => {
  const self = parseSpiffeId('spiffe://cluster.local/ns/shop/sa/cartservice')!;
  const id = (name: string, ns = 'shop', domain = 'cluster.local') => [`spiffe://${domain}/ns/${ns}/sa/${name}`];
  const cart = '/hipstershop.CartService/GetCart';

  it('health → allowed for anyone, with or without a certificate', () => {
    assert.deepEqual(decide('/grpc.health.v1.Health/Check', undefined, self, SAMPLE_CALLERS), { allowed: true });
  });

  it('a listed caller → allowed; reflection → allowed for any shop identity', () => {
    assert.deepEqual(decide(cart, id('checkoutservice'), self, SAMPLE_CALLERS), { allowed: true });
    assert.deepEqual(
      decide('/grpc.reflection.v1.ServerReflection/ServerReflectionInfo', id('adservice'), self, SAMPLE_CALLERS),
      { allowed: true },
    );
  });

  it('no verified certificate → UNAUTHENTICATED', () => {
    assert.deepEqual(decide(cart, undefined, self, SAMPLE_CALLERS), {
      allowed: false,
      code: status.UNAUTHENTICATED,
      details: 'a client certificate issued by the shop CA is required',
      caller: 'no verified certificate',
    });
  });

  it('an unlisted caller, another namespace, another trust domain, no SPIFFE ID → PERMISSION_DENIED', () => {
    for (const uris of [id('paymentservice'), id('frontend', 'dev'), id('frontend', 'shop', 'evil.example'), []]) {
      const decision = decide(cart, uris, self, SAMPLE_CALLERS);
      assert.equal(decision.allowed, false, String(uris));
      assert.equal(!decision.allowed && decision.code, status.PERMISSION_DENIED);
    }
  });

  it('a service missing from the table → PERMISSION_DENIED for everyone', () => {
    assert.equal(decide('/hipstershop.Unknown/Call', id('frontend'), self, SAMPLE_CALLERS).allowed, false);
  });

  it('no table → any identity of the same trust domain and namespace, and no one else', () => {
    assert.deepEqual(decide(cart, id('paymentservice'), self, undefined), { allowed: true });
    assert.deepEqual(decide('/hipstershop.Unknown/Call', id('anything'), self, undefined), { allowed: true });
    const anonymous = decide(cart, undefined, self, undefined);
    assert.equal(!anonymous.allowed && anonymous.code, status.UNAUTHENTICATED);
    for (const uris of [id('frontend', 'dev'), id('frontend', 'shop', 'evil.example'), []]) {
      const decision = decide(cart, uris, self, undefined);
      assert.equal(!decision.allowed && decision.code, status.PERMISSION_DENIED, String(uris));
    }
  });
});

describe('spiffeIdsOf', () => {
  it('picks the spiffe:// URIs out of a subjectAltName as Node prints it', () => {
    assert.deepEqual(
      spiffeIdsOf(
        'DNS:cartservice, URI:spiffe://cluster.local/ns/shop/sa/cartservice, IP Address:127.0.0.1, URI:https://x',
      ),
      ['spiffe://cluster.local/ns/shop/sa/cartservice'],
    );
    assert.deepEqual(spiffeIdsOf(undefined), []);
  });
});

describe('CertificateFiles', () => {
  let dir: string;
  let pki: Pki;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kit-certs-'));
    pki = createPki(dir, { namespace: 'shop' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the identity and expiry of the certificate', () => {
    const files = new CertificateFiles({ ...pki.issue('adservice'), refreshMs: 60_000 });
    assert.equal(files.current().identity.uri, 'spiffe://cluster.local/ns/shop/sa/adservice');
    assert.ok(files.current().notAfter.getTime() > Date.now());
  });

  it('unchanged files → no switch; renewed files → switch and tell the listeners', () => {
    const cert = pki.issue('cartservice');
    const files = new CertificateFiles({ ...cert, refreshMs: 60_000 });
    const seen: string[] = [];
    const stop = files.onChange((material) => seen.push(material.cert.toString()));
    assert.equal(files.refresh(), false);
    pki.issue('cartservice');
    assert.equal(files.refresh(), true);
    stop();
    assert.equal(seen.length, 1);
    assert.equal(seen[0], files.current().cert.toString());
  });

  it('a key that does not match the certificate (a rotation caught half-way) → keeps the current set', () => {
    const cert = pki.issue('emailservice');
    const files = new CertificateFiles({ ...cert, refreshMs: 60_000 });
    const before = files.current();
    copyFileSync(pki.issue('other', { dir: path.join(dir, 'other') }).keyFile, cert.keyFile);
    assert.equal(files.refresh(), false);
    assert.equal(files.current(), before);
  });

  it('files that do not make a usable set at start-up → an error naming the problem', () => {
    const cert = pki.issue('shippingservice');
    assert.throws(
      () =>
        new CertificateFiles({ ...cert, keyFile: pki.issue('x', { dir: path.join(dir, 'x') }).keyFile, refreshMs: 1 }),
      /is not the private key of/,
    );
    assert.throws(
      () => new CertificateFiles({ ...cert, caFile: path.join(dir, 'missing.crt'), refreshMs: 1 }),
      /ENOENT/,
    );
  });
});
