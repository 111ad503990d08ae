// The whole shop under mutual TLS, every process started by the launcher as `npm start -- --mtls` does:
// orders still go through, strangers are refused at the right layer, probes still get answers, and
// certificates are renewed under load without one failed call.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '@boutique/frontend/test-support/cookie-jar';
import { checkHealth, createTransport, hipstershop } from '@boutique/kit';
import type { IssuedCertificate } from '@boutique/kit/testing';
import { createPki } from '@boutique/kit/testing';
import { SERVICES } from '@boutique/tools/services';
import { type Stack, startStack } from '@boutique/tools/stack';
import { type ChannelCredentials, credentials, status } from '@grpc/grpc-js';
import { PRODUCT } from './fixtures/catalog';
import { checkoutForm } from './fixtures/checkout';

const GRPC_SERVICES = SERVICES.filter((spec) => spec.health === 'grpc').map((spec) => spec.name);

async function placeOrder(baseUrl: string): Promise<string> {
  const jar = new CookieJar();
  assert.equal((await jar.fetch(`${baseUrl}/`)).status, 200);
  assert.equal((await jar.post(`${baseUrl}/cart`, { product_id: PRODUCT.sunglasses, quantity: '2' })).status, 302);
  const order = await jar.post(`${baseUrl}/cart/checkout`, checkoutForm());
  const html = await order.text();
  assert.equal(order.status, 200, html.slice(0, 500));
  const orderId = /class="order-id"[^>]*>\s*([0-9a-f-]{36})/.exec(html)?.[1];
  assert.ok(orderId, 'the confirmation page shows an order id');
  return orderId;
}

function getProduct(address: string, creds: ChannelCredentials): Promise<string> {
  const client = new hipstershop.ProductCatalogService(address, creds);
  return new Promise<string>((resolve, reject) => {
    client.getProduct({ id: PRODUCT.sunglasses }, { deadline: Date.now() + 3_000 }, (err, product) => {
      client.close();
      err ? reject(err) : resolve(product!.name);
    });
  });
}

const pem = (file: string) => readFileSync(file);
const withCertificate = (ca: string, cert: IssuedCertificate) =>
  credentials.createSsl(pem(ca), pem(cert.keyFile), pem(cert.certFile));

describe('the shop over mutual TLS (npm start -- --mtls)', () => {
  let stack: Stack;
  let caFile: string;
  let catalog: string;

  before(async () => {
    // Services look for renewed certificates every 200 ms, so rotation shows within the test.
    stack = await startStack({ mtls: true, env: { TLS_REFRESH_INTERVAL: '200ms' } });
    caFile = stack.pki!.caFile;
    catalog = stack.addrs.productcatalogservice!;
  });
  after(async () => {
    await stack?.stop();
  });

  it('an order placed through the frontend goes through every service over mTLS', async () => {
    await placeOrder(stack.frontendUrl);
    for (const name of GRPC_SERVICES) {
      const serving = stack.logs[name]!.find((line) => line.includes('"message":"serving"'));
      assert.match(serving ?? '', /"mtls":true/, `${name} serves over mutual TLS`);
    }
  });

  it('every gRPC service answers health checks over TLS without a client certificate, as a probe asks', async () => {
    const anonymous = credentials.createSsl(pem(caFile));
    for (const name of GRPC_SERVICES) {
      assert.equal(await checkHealth(stack.addrs[name]!, '', 3_000, anonymous), 'SERVING', name);
    }
  });

  it('a caller in the table (frontend) is served; the same call from others is refused', async () => {
    const frontend = stack.pki!.issue('frontend', { dir: path.join(stack.pki!.dir, 'test-frontend') });
    assert.equal(await getProduct(catalog, withCertificate(caFile, frontend)), 'Sunglasses');

    // No certificate: the TLS handshake succeeds (probes need it to), the call is refused: unauthenticated.
    await assert.rejects(getProduct(catalog, credentials.createSsl(pem(caFile))), {
      code: status.UNAUTHENTICATED,
    });
    // Another CA's certificate and an expired one do not verify, so they identify no one: unauthenticated.
    const stranger = createPki(path.join(stack.pki!.dir, 'stranger'), { namespace: 'local' }).issue('frontend');
    await assert.rejects(getProduct(catalog, withCertificate(caFile, stranger)), { code: status.UNAUTHENTICATED });
    const expired = stack.pki!.issue('frontend', { expired: true, dir: path.join(stack.pki!.dir, 'expired') });
    await assert.rejects(getProduct(catalog, withCertificate(caFile, expired)), { code: status.UNAUTHENTICATED });
    // A valid certificate of a service the catalog's callers do not include: identified, then denied.
    const payment = stack.pki!.issue('paymentservice', { dir: path.join(stack.pki!.dir, 'test-payment') });
    await assert.rejects(getProduct(catalog, withCertificate(caFile, payment)), {
      code: status.PERMISSION_DENIED,
      details: 'spiffe://cluster.local/ns/local/sa/paymentservice may not call hipstershop.ProductCatalogService',
    });
    // Plaintext, the original's wire, no longer gets through at all.
    await assert.rejects(getProduct(catalog, credentials.createInsecure()), { code: status.UNAVAILABLE });

    const refusals = stack.logs.productcatalogservice!.filter((line) => line.includes('"message":"call refused"'));
    assert.equal(refusals.filter((line) => line.includes('sa/paymentservice')).length, 1, 'logged once per caller');
  });

  it('every certificate renewed under load (200 calls/s for 5 s, fresh connections) → 0 failed calls', async () => {
    const pki = stack.pki!;
    const clientCert = pki.issue('frontend', { dir: path.join(pki.dir, 'load-frontend') });
    const transport = createTransport({ tls: { ...clientCert, refreshMs: 100 } });
    const before = readFileSync(path.join(pki.dir, 'productcatalogservice', 'tls.crt'), 'utf8');

    const RATE = 200;
    const DURATION_MS = 5_000;
    const results: Array<Promise<unknown>> = [];
    const clients: Array<InstanceType<typeof hipstershop.ProductCatalogService>> = [];
    const newCatalogClient = () => {
      clients.push(new hipstershop.ProductCatalogService(catalog, transport.channelCredentials()));
      return clients.at(-1)!;
    };
    let client = newCatalogClient();
    const started = Date.now();
    let rotated = false;
    for (let sent = 0; sent < (RATE * DURATION_MS) / 1000; sent++) {
      // A new channel every 100 calls: handshakes keep happening before, during and after the renewal.
      if (sent % 100 === 0 && sent > 0) client = newCatalogClient();
      if (!rotated && Date.now() - started > DURATION_MS / 2) {
        rotated = true;
        for (const name of [...Object.keys(stack.addrs), 'load-frontend']) {
          pki.issue(name === 'load-frontend' ? 'frontend' : name, { dir: path.join(pki.dir, name) });
        }
      }
      const current = client;
      results.push(
        new Promise((resolve, reject) =>
          current.getProduct({ id: PRODUCT.sunglasses }, { deadline: Date.now() + 5_000 }, (err) =>
            err ? reject(err) : resolve(undefined),
          ),
        ),
      );
      const due = started + ((sent + 1) * 1000) / RATE;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    }
    const settled = await Promise.allSettled(results);
    for (const each of clients) each.close();
    const failures = settled.filter((result) => result.status === 'rejected');
    assert.equal(rotated, true);
    assert.deepEqual(
      failures.slice(0, 3).map((failure) => String((failure as PromiseRejectedResult).reason)),
      [],
      `${failures.length} of ${settled.length} calls failed`,
    );
    assert.equal(settled.length, 1_000);

    assert.notEqual(readFileSync(path.join(pki.dir, 'productcatalogservice', 'tls.crt'), 'utf8'), before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const name of Object.keys(stack.addrs)) {
      assert.ok(
        stack.logs[name]!.some((line) => line.includes('"message":"certificate reloaded"')),
        `${name} reloaded its certificate without a restart`,
      );
    }
    // The shop keeps taking orders with the renewed certificates.
    await placeOrder(stack.frontendUrl);
  });
});
