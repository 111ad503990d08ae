import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, hipstershop, initLogger, type Running, serve, status } from '@boutique/kit';
import type { ServiceError } from '@grpc/grpc-js';
import { LIMITS, recommendationService } from './server';

initLogger('recommendationservice-test', { level: 'silent' });

const CALL = { deadlineMs: 5_000 };
const CATALOG = ['OLJCESPC7Z', '66VCHSJNUP', '1YMWWN1N4O', 'L9ECAV7KIM', '2ZYFJ3GM2N', '0PUK6V6EV0'];

const refused = (details: string) => (err: ServiceError) => {
  assert.equal(err.code, status.INVALID_ARGUMENT);
  assert.equal(err.details, details);
  return true;
};

describe('RecommendationService input bounds', () => {
  let running: Running;
  let client: ReturnType<typeof createClient<typeof hipstershop.RecommendationService.service>>;
  before(async () => {
    const catalog = { productIds: async () => CATALOG };
    running = await serve({ port: 0, services: [recommendationService({ catalog })], handleSignals: false });
    client = createClient(hipstershop.RecommendationService, `127.0.0.1:${running.port}`);
  });
  after(async () => {
    client.close();
    await running.shutdown();
  });

  it(`ListRecommendations with a user_id of ${LIMITS.userId} characters → answered; one more → INVALID_ARGUMENT`, async () => {
    const answer = await client.ListRecommendations({ userId: 'u'.repeat(LIMITS.userId), productIds: [] }, CALL);
    assert.equal(answer.productIds.length, 5);
    await assert.rejects(
      client.ListRecommendations({ userId: 'u'.repeat(LIMITS.userId + 1), productIds: [] }, CALL),
      refused(`user_id must be at most ${LIMITS.userId} characters, got "${'u'.repeat(64)}"… (65 more characters)`),
    );
  });

  it(`ListRecommendations with a product id of ${LIMITS.productId} characters → answered; one more → INVALID_ARGUMENT`, async () => {
    await client.ListRecommendations({ userId: 'u', productIds: ['p'.repeat(LIMITS.productId)] }, CALL);
    await assert.rejects(
      client.ListRecommendations({ userId: 'u', productIds: ['OLJCESPC7Z', 'p'.repeat(LIMITS.productId + 1)] }, CALL),
      refused(
        `product_ids[1] must be at most ${LIMITS.productId} characters, got "${'p'.repeat(64)}"… (65 more characters)`,
      ),
    );
  });
});
