import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type PeerCertificate, TLSSocket } from 'node:tls';
import { type ChannelCredentials, type ChannelOptions, credentials, status } from '@grpc/grpc-js';
import { initLogger } from '../logger';
import { hipstershop } from '../proto';
import { createClient } from './client';
import { checkHealth } from './health';
import { createPki, type IssuedCertificate, type Pki } from './pki';
import { type Running, serve } from './server';
import { createTransport, type Transport } from './transport';
import { unary } from './unary';

const logged: Array<Record<string, unknown>> = [];
initLogger('kit-test', { destination: { write: (line: string) => logged.push(JSON.parse(line)) } });

function catalogService() {
  return {
    service: hipstershop.ProductCatalogService.service,
    handlers: {
      ListProducts: unary(() => ({ products: [] })),
      GetProduct: unary(({ id }: { id: string }) => ({
        id,
        name: 'Mug',
        description: '',
        picture: '',
        categories: [],
      })),
      SearchProducts: unary(() => ({ results: [] })),
    },
  };
}

const tlsTransport = (cert: IssuedCertificate, refreshMs = 60_000): Transport =>
  createTransport({ tls: { certFile: cert.certFile, keyFile: cert.keyFile, caFile: cert.caFile, refreshMs } });

/** GetProduct through a raw grpc-js client with the given credentials; resolves with the product name. */
function getProduct(address: string, creds: ChannelCredentials, options: ChannelOptions = {}): Promise<string> {
  const client = new hipstershop.ProductCatalogService(address, creds, options);
  return new Promise<string>((resolve, reject) => {
    client.getProduct({ id: 'OLJCESPC7Z' }, { deadline: Date.now() + 3_000 }, (err, product) => {
      client.close();
      err ? reject(err) : resolve(product!.name);
    });
  });
}

/** The certificate a TLS server presents on a new connection. */
function serverCertificate(port: number, caFile: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: '127.0.0.1', port, servername: 'localhost', ca: [readCa(caFile)], ALPNProtocols: ['h2'] },
      () => {
        resolve(socket.getPeerCertificate());
        socket.destroy();
      },
    );
    socket.once('error', reject);
  });
}

const readCa = (file: string) => readFileSync(file);

describe('serve() with mutual TLS', () => {
  let dir: string;
  let pki: Pki;
  let catalogCert: IssuedCertificate;
  let running: Running;
  let address: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kit-mtls-'));
    pki = createPki(path.join(dir, 'shop'), { namespace: 'shop' });
    catalogCert = pki.issue('productcatalogservice');
    running = await serve({
      port: 0,
      services: [catalogService()],
      handleSignals: false,
      transport: createTransport({
        tls: { ...catalogCert, refreshMs: 50 },
        healthPort: 0,
        allowedCallers: ['frontend', 'checkoutservice', 'recommendationservice'],
      }),
    });
    address = `127.0.0.1:${running.port}`;
  });
  after(async () => {
    await running.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a caller on the allow-list with a certificate from the shop CA → the call succeeds', async () => {
    const frontend = createClient(hipstershop.ProductCatalogService, address, {
      transport: tlsTransport(pki.issue('frontend')),
    });
    try {
      assert.equal((await frontend.GetProduct({ id: 'OLJCESPC7Z' }, { deadlineMs: 3_000 })).name, 'Mug');
    } finally {
      frontend.close();
    }
  });

  it('a valid certificate of a service not on the allow-list → PERMISSION_DENIED naming the caller', async () => {
    const payment = tlsTransport(pki.issue('paymentservice'));
    await assert.rejects(getProduct(address, payment.channelCredentials()), {
      code: status.PERMISSION_DENIED,
      details: 'spiffe://cluster.local/ns/shop/sa/paymentservice may not call hipstershop.ProductCatalogService',
    });
  });

  it('a shop CA certificate for the same service name in another namespace → PERMISSION_DENIED', async () => {
    const elsewhere = pki.issue('frontend', { namespace: 'other', dir: path.join(dir, 'other-ns') });
    await assert.rejects(getProduct(address, tlsTransport(elsewhere).channelCredentials()), {
      code: status.PERMISSION_DENIED,
    });
  });

  it('no client certificate → UNAUTHENTICATED for the shop services, SERVING for health', async () => {
    const anonymous = credentials.createSsl(readCa(pki.caFile));
    await assert.rejects(getProduct(address, anonymous), { code: status.UNAUTHENTICATED });
    assert.equal(await checkHealth(address, '', 3_000, anonymous), 'SERVING');
  });

  it('a certificate from another CA → UNAUTHENTICATED (it does not verify, so it names no one)', async () => {
    const stranger = createPki(path.join(dir, 'stranger')).issue('frontend');
    const creds = credentials.createSsl(readCa(pki.caFile), readCa(stranger.keyFile), readCa(stranger.certFile));
    await assert.rejects(getProduct(address, creds), { code: status.UNAUTHENTICATED });
  });

  it('an expired certificate from the shop CA → UNAUTHENTICATED', async () => {
    const expired = pki.issue('frontend', { expired: true, dir: path.join(dir, 'expired') });
    const creds = credentials.createSsl(readCa(pki.caFile), readCa(expired.keyFile), readCa(expired.certFile));
    await assert.rejects(getProduct(address, creds), { code: status.UNAUTHENTICATED });
  });

  it('a plaintext client → UNAVAILABLE: the port speaks only TLS', async () => {
    await assert.rejects(getProduct(address, credentials.createInsecure()), { code: status.UNAVAILABLE });
  });

  it('a client expecting another server name → UNAVAILABLE: the server certificate does not match', async () => {
    const frontend = tlsTransport(pki.issue('frontend'));
    await assert.rejects(
      getProduct(address, frontend.channelCredentials(), { 'grpc.ssl_target_name_override': 'paymentservice' }),
      { code: status.UNAVAILABLE },
    );
  });

  it('the health-only port answers plaintext health checks and nothing else', async () => {
    const plain = `127.0.0.1:${running.healthPort}`;
    assert.equal(await checkHealth(plain, '', 3_000, credentials.createInsecure()), 'SERVING');
    await assert.rejects(getProduct(plain, credentials.createInsecure()), { code: status.UNIMPLEMENTED });
  });

  it('refusals are logged once per caller and service, however often it calls', async () => {
    const shipping = tlsTransport(pki.issue('shippingservice')).channelCredentials();
    for (let i = 0; i < 5; i++) await assert.rejects(getProduct(address, shipping));
    const lines = logged.filter(
      (line) => line.message === 'call refused' && line.caller === 'spiffe://cluster.local/ns/shop/sa/shippingservice',
    );
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.code, 'PERMISSION_DENIED');
  });

  it('the client certificate is read once per connection, not once per call', async () => {
    const reads = { count: 0 };
    const original = TLSSocket.prototype.getPeerCertificate;
    TLSSocket.prototype.getPeerCertificate = function counted(this: TLSSocket, ...args) {
      reads.count++;
      return original.apply(this, args);
    } as typeof original;
    const frontend = createClient(hipstershop.ProductCatalogService, address, {
      transport: tlsTransport(pki.issue('frontend')),
    });
    try {
      for (let i = 0; i < 50; i++) await frontend.GetProduct({ id: 'OLJCESPC7Z' }, { deadlineMs: 3_000 });
    } finally {
      TLSSocket.prototype.getPeerCertificate = original;
      frontend.close();
    }
    // A few per connection (the server, the client checking the server's name), never one per call.
    assert.ok(reads.count < 10, `${reads.count} certificate reads for 50 calls on one connection`);
  });

  it('a renewed certificate written over the files is served on new connections, without a restart', async () => {
    const before = await serverCertificate(running.port, pki.caFile);
    pki.issue('productcatalogservice', { dir: catalogCert.dir });
    let after = before;
    for (let i = 0; i < 100 && after.serialNumber === before.serialNumber; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await serverCertificate(running.port, pki.caFile);
    }
    assert.notEqual(after.serialNumber, before.serialNumber);
    assert.ok(logged.some((line) => line.message === 'certificate reloaded'));
  });
});

describe('serve() with mutual TLS: where the allow-list comes from', () => {
  let dir: string;
  let pki: Pki;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kit-callers-'));
    pki = createPki(dir, { namespace: 'shop' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Serves the catalog with `transport` and `callers`, runs `body` against its address, then stops it. */
  async function withCatalog(
    transport: Transport,
    callers: readonly string[] | undefined,
    body: (address: string) => Promise<void>,
  ) {
    const running = await serve({ port: 0, services: [catalogService()], handleSignals: false, transport, callers });
    try {
      await body(`127.0.0.1:${running.port}`);
    } finally {
      await running.shutdown();
    }
  }
  const as = (name: string, namespace = 'shop') =>
    tlsTransport(pki.issue(name, { namespace, dir: path.join(dir, `${namespace}-${name}`) })).channelCredentials();

  it('serve({ callers }) wins over the settings: only the callers it names are served', async () => {
    const transport = createTransport({
      tls: { ...pki.issue('productcatalogservice'), refreshMs: 60_000 },
      allowedCallers: ['frontend'],
    });
    await withCatalog(transport, ['checkoutservice'], async (address) => {
      assert.equal(await getProduct(address, as('checkoutservice')), 'Mug');
      await assert.rejects(getProduct(address, as('frontend')), {
        code: status.PERMISSION_DENIED,
        details: 'spiffe://cluster.local/ns/shop/sa/frontend may not call hipstershop.ProductCatalogService',
      });
    });
  });

  it('no allow-list → any identity of the trust domain and namespace is served, others refused, and a warning once', async () => {
    const transport = createTransport({ tls: { ...pki.issue('productcatalogservice'), refreshMs: 60_000 } });
    const warnings = () =>
      logged.filter((line) => line.severity === 'warn' && /without an allow-list/.test(String(line.message)));
    const before = warnings().length;
    for (let i = 0; i < 2; i++) {
      await withCatalog(transport, undefined, async (address) => {
        assert.equal(await getProduct(address, as('paymentservice')), 'Mug');
        await assert.rejects(getProduct(address, as('frontend', 'other')), { code: status.PERMISSION_DENIED });
        await assert.rejects(getProduct(address, credentials.createSsl(readCa(pki.caFile))), {
          code: status.UNAUTHENTICATED,
        });
        assert.equal(await checkHealth(address, '', 3_000, credentials.createSsl(readCa(pki.caFile))), 'SERVING');
      });
    }
    assert.equal(warnings().length - before, 1, 'one warning for the process, however many servers it starts');
    assert.equal(warnings().at(-1)!.identity, 'spiffe://cluster.local/ns/shop/sa/productcatalogservice');
  });
});
