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
import { adService } from './server';

initLogger('adservice-test', { level: 'silent' });

// Generous: one test sends a 1 MB key and another 50,000 keys.
const CALL = { deadlineMs: 5_000 };
const adsClient = (port: number) => createClient(hipstershop.AdService, `127.0.0.1:${port}`);

describe('AdService over gRPC', () => {
  let running: Running;
  let client: ReturnType<typeof adsClient>;
  const getAds = async (contextKeys?: string[]) =>
    (await client.GetAds(contextKeys ? { contextKeys } : {}, CALL)).ads.map((ad) => ad.redirectUrl);

  before(async () => {
    running = await serve({ port: 0, services: [adService({ randomInt: () => 0 })], handleSignals: false });
    client = adsClient(running.port);
  });
  after(async () => {
    closeAllChannels();
    await running.shutdown();
  });

  it('health for "" and for hipstershop.AdService → SERVING', async () => {
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`, 'hipstershop.AdService'), 'SERVING');
  });

  it('GetAds(["kitchen"]) → both kitchen ads with their texts', async () => {
    const response = await client.GetAds({ contextKeys: ['kitchen'] }, CALL);
    assert.equal(response.ads.length, 2);
    assert.deepEqual(
      response.ads.map((ad) => ad.redirectUrl),
      ['/product/9SIQT8TOJO', '/product/6E92ZMYYFZ'],
    );
    for (const ad of response.ads) assert.ok(ad.text.length > 0);
  });

  it('GetAds(["accessories", "clothing"]) → their ads in key order', async () => {
    assert.deepEqual(await getAds(['accessories', 'clothing']), ['/product/1YMWWN1N4O', '/product/66VCHSJNUP']);
  });

  it('GetAds with no context keys → 2 random ads', async () => {
    assert.deepEqual(await getAds(), ['/product/66VCHSJNUP', '/product/1YMWWN1N4O']);
  });

  it('GetAds with odd input (empty strings, a 1 MB key, 50 000 keys) → 2 random ads, and the server keeps serving', async () => {
    assert.equal((await getAds(['', ''])).length, 2);
    assert.equal((await getAds(['y'.repeat(1_000_000)])).length, 2);
    assert.equal((await getAds(Array<string>(50_000).fill('nothing'))).length, 2);
    assert.deepEqual(await getAds(['footwear']), ['/product/L9ECAV7KIM']);
  });
});

describe('AdService with the default randomness', () => {
  it('GetAds with no keys, twenty times → always two different ads from the table', async () => {
    const running = await serve({ port: 0, services: [adService()], handleSignals: false });
    const client = adsClient(running.port);
    try {
      for (let i = 0; i < 20; i++) {
        const ads = (await client.GetAds({}, CALL)).ads.map((ad) => ad.redirectUrl);
        assert.equal(ads.length, 2);
        assert.notEqual(ads[0], ads[1]);
        for (const url of ads) assert.match(url, /^\/product\/[0-9A-Z]{10}$/);
      }
    } finally {
      client.close();
      await running.shutdown();
    }
  });
});
