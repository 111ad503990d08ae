import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  checkHealth,
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  type Running,
  serve,
} from '@boutique/kit';
import { status } from '@grpc/grpc-js';
import { shippingService } from './server';

initLogger('shippingservice-test', { level: 'silent' });

const CALL = { deadlineMs: 2_000 };
const shippingClient = (port: number) => createClient(hipstershop.ShippingService, `127.0.0.1:${port}`);

const address = { streetAddress: 'Muffin Man', city: 'London', state: '', country: 'UK', zipCode: 12345 };

describe('ShippingService over gRPC', () => {
  let running: Running;
  let client: ReturnType<typeof shippingClient>;
  const getQuote = (req: Parameters<typeof client.GetQuote>[0]) => client.GetQuote(req, CALL);
  const shipOrder = (req: Parameters<typeof client.ShipOrder>[0]) => client.ShipOrder(req, CALL);

  before(async () => {
    // A constant draw makes the tracking id exact.
    running = await serve({ port: 0, services: [shippingService({ randomInt: () => 3 })], handleSignals: false });
    client = shippingClient(running.port);
  });
  after(async () => {
    closeAllChannels();
    await running.shutdown();
  });

  it('health for "" and for hipstershop.ShippingService → SERVING', async () => {
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`, 'hipstershop.ShippingService'), 'SERVING');
  });

  it('GetQuote without an address for two items → 8.99 USD', async () => {
    const items = [
      { productId: 'OLJCESPC7Z', quantity: 1 },
      { productId: '66VCHSJNUP', quantity: 2 },
    ];
    assert.deepEqual(await getQuote({ items }), { costUsd: { currencyCode: 'USD', units: '8', nanos: 990_000_000 } });
  });

  it('GetQuote with an address and no items → 0 USD', async () => {
    assert.deepEqual(await getQuote({ address, items: [] }), {
      costUsd: { currencyCode: 'USD', units: '0', nanos: 0 },
    });
  });

  it('GetQuote with a negative quantity → INVALID_ARGUMENT, and the server keeps serving', async () => {
    await assert.rejects(getQuote({ items: [{ productId: 'OLJCESPC7Z', quantity: -3 }] }), {
      code: status.INVALID_ARGUMENT,
      details: 'items[0].quantity is -3, must not be negative',
    });
    assert.deepEqual(await getQuote({ items: [{ productId: 'OLJCESPC7Z', quantity: 1 }] }), {
      costUsd: { currencyCode: 'USD', units: '8', nanos: 990_000_000 },
    });
  });

  it('ShipOrder → a tracking id from the address, in the original format', async () => {
    const { trackingId } = await shipOrder({ address, items: [{ productId: 'OLJCESPC7Z', quantity: 1 }] });
    assert.equal(trackingId, 'DD-20333-103333333');
    assert.match(trackingId, /^[A-Z]{2}-\d+-\d+$/);
  });

  it('ShipOrder with an empty address message → an id from the separators alone', async () => {
    assert.deepEqual(await shipOrder({ address: {}, items: [] }), { trackingId: 'DD-4333-23333333' });
  });

  it('ShipOrder without an address → INVALID_ARGUMENT, and the server keeps serving', async () => {
    await assert.rejects(shipOrder({ items: [] }), { code: status.INVALID_ARGUMENT, details: 'address is required' });
    assert.equal((await shipOrder({ address, items: [] })).trackingId, 'DD-20333-103333333');
  });
});

describe('ShippingService with the default randomness', () => {
  it('two ShipOrder calls → ids in the format (randomness comes from node:crypto)', async () => {
    const running = await serve({ port: 0, services: [shippingService()], handleSignals: false });
    const client = shippingClient(running.port);
    try {
      for (let i = 0; i < 2; i++) {
        const { trackingId } = await client.ShipOrder({ address }, CALL);
        assert.match(trackingId, /^[A-Y]{2}-20\d{3}-10\d{7}$/);
      }
    } finally {
      client.close();
      await running.shutdown();
    }
  });
});
