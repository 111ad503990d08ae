import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  checkHealth,
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  isServiceError,
  type Running,
  serve,
  status,
  type UnaryClient,
} from '@boutique/kit';
import { createConverter } from './convert';
import { loadRates } from './rates';
import { currencyService } from './server';

initLogger('currencyservice-test', { level: 'silent' });
const call = { deadlineMs: 2_000 };

describe('currencyservice over gRPC', () => {
  let running: Running;
  let client: UnaryClient<typeof hipstershop.CurrencyService.service>;

  before(async () => {
    running = await serve({
      port: 0,
      handleSignals: false,
      services: [currencyService(createConverter(loadRates()))],
    });
    client = createClient(hipstershop.CurrencyService, `127.0.0.1:${running.port}`);
  });

  after(async () => {
    closeAllChannels();
    await running.shutdown();
  });

  function rejectsWith(promise: Promise<unknown>, code: status, message: RegExp) {
    return assert.rejects(promise, (err: unknown) => {
      assert.ok(isServiceError(err));
      assert.equal(err.code, code);
      assert.match(err.details, message);
      return true;
    });
  }

  it('GetSupportedCurrencies → the 33 codes, EUR first and ZAR last', async () => {
    const { currencyCodes } = await client.GetSupportedCurrencies({}, call);
    assert.equal(currencyCodes.length, 33);
    assert.deepEqual([currencyCodes[0], currencyCodes[1], currencyCodes.at(-1)], ['EUR', 'USD', 'ZAR']);
  });

  it('Convert USD 19.99 → EUR 17.682441398', async () => {
    const result = await client.Convert(
      { from: { currencyCode: 'USD', units: 19, nanos: 990_000_000 }, toCode: 'EUR' },
      call,
    );
    assert.deepEqual(result, { currencyCode: 'EUR', units: '17', nanos: 682_441_398 });
  });

  it('Convert USD -1.50 → EUR -1.326846528', async () => {
    const result = await client.Convert(
      { from: { currencyCode: 'USD', units: -1, nanos: -500_000_000 }, toCode: 'EUR' },
      call,
    );
    assert.deepEqual(result, { currencyCode: 'EUR', units: '-1', nanos: -326_846_528 });
  });

  it('Convert a full int64 amount of IDR → EUR keeps every digit', async () => {
    const result = await client.Convert(
      { from: { currencyCode: 'IDR', units: '9223372036854775807', nanos: 0 }, toCode: 'EUR' },
      call,
    );
    // 9223372036854775807 / 15999.40 = 576482370392313.1996824880...; a double would lose the tail.
    assert.deepEqual(result, { currencyCode: 'EUR', units: '576482370392313', nanos: 199_682_488 });
  });

  const bad: [string, object, RegExp][] = [
    ['no from', { toCode: 'EUR' }, /from is missing/],
    ['a lower-case from code', { from: { currencyCode: 'usd', units: 1 }, toCode: 'EUR' }, /"usd"/],
    ['an unknown from code', { from: { currencyCode: 'XYZ', units: 1 }, toCode: 'EUR' }, /"XYZ" is not supported/],
    ['an unknown to_code', { from: { currencyCode: 'USD', units: 1 }, toCode: 'XYZ' }, /to_code "XYZ"/],
    ['a lower-case to_code', { from: { currencyCode: 'USD', units: 1 }, toCode: 'eur' }, /to_code "eur"/],
    ['nanos out of range', { from: { currencyCode: 'USD', units: 1, nanos: 1_000_000_000 }, toCode: 'EUR' }, /nanos/],
    [
      'units and nanos of opposite signs',
      { from: { currencyCode: 'USD', units: -1, nanos: 5 }, toCode: 'EUR' },
      /signs/,
    ],
    [
      'a result beyond int64 units',
      { from: { currencyCode: 'EUR', units: '9223372036854775807' }, toCode: 'KRW' },
      /does not fit int64 units/,
    ],
  ];
  for (const [name, request, message] of bad) {
    it(`Convert with ${name} → INVALID_ARGUMENT`, async () => {
      await rejectsWith(client.Convert(request, call), status.INVALID_ARGUMENT, message);
    });
  }

  it('the server keeps serving after bad input', async () => {
    await rejectsWith(client.Convert({ toCode: 'EUR' }, call), status.INVALID_ARGUMENT, /from/);
    const result = await client.Convert({ from: { currencyCode: 'EUR', units: 2 }, toCode: 'USD' }, call);
    assert.deepEqual(result, { currencyCode: 'USD', units: '2', nanos: 261_000_000 });
  });

  it('health → SERVING for the server and for hipstershop.CurrencyService', async () => {
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`, 'hipstershop.CurrencyService'), 'SERVING');
  });
});
