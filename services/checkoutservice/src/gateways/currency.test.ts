import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  type Running,
  serve,
  status,
  unary,
  unavailable,
} from '@boutique/kit';
import type { CurrencyServiceHandlers } from '@boutique/kit/generated/hipstershop/CurrencyService';
import { currencyGateway } from './currency';
import { rejectsWithKind } from './testing';

initLogger('checkoutservice-test', { level: 'silent' });

describe('currencyGateway', () => {
  let server: Running;
  let listCalls = 0;
  let failList = false;
  let convertAnswer: unknown;
  let convertCalls = 0;
  let convertDelayMs = 0;
  const client = () => createClient(hipstershop.CurrencyService, `127.0.0.1:${server.port}`);

  before(async () => {
    const handlers: CurrencyServiceHandlers = {
      GetSupportedCurrencies: unary(async () => {
        listCalls++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (failList) throw unavailable('rates not loaded');
        return { currencyCodes: ['USD', 'EUR'] };
      }),
      Convert: unary(async () => {
        convertCalls++;
        if (convertDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, convertDelayMs));
        return convertAnswer as never;
      }),
    };
    server = await serve({
      port: 0,
      handleSignals: false,
      services: [{ service: hipstershop.CurrencyService.service, handlers }],
    });
  });
  beforeEach(() => {
    listCalls = 0;
    convertCalls = 0;
    convertDelayMs = 0;
    failList = false;
  });
  after(async () => {
    closeAllChannels();
    await server.shutdown();
  });

  it('fetches the supported currencies once for concurrent and later callers', async () => {
    const gateway = currencyGateway(client(), { deadlineMs: 1_000 });
    const sets = await Promise.all([gateway.supportedCurrencies(), gateway.supportedCurrencies()]);
    await gateway.supportedCurrencies();
    assert.deepEqual([...sets[0]], ['USD', 'EUR']);
    assert.equal(listCalls, 1);
  });

  it('fetches again once the cache has expired', async () => {
    const gateway = currencyGateway(client(), { deadlineMs: 1_000, supportedCacheTtlMs: 0 });
    await gateway.supportedCurrencies();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await gateway.supportedCurrencies();
    assert.equal(listCalls, 2);
  });

  it('does not cache a failure', async () => {
    const gateway = currencyGateway(client(), { deadlineMs: 1_000 });
    failList = true;
    await assert.rejects(gateway.supportedCurrencies(), /currency service is unavailable/);
    failList = false;
    assert.ok((await gateway.supportedCurrencies()).has('EUR'));
    assert.equal(listCalls, 2);
  });

  it('a conversion into another currency than asked → a plain error (INTERNAL)', async () => {
    const gateway = currencyGateway(client(), { deadlineMs: 1_000 });
    convertAnswer = { currencyCode: 'JPY', units: '1', nanos: 0 };
    await assert.rejects(
      gateway.convert({ currencyCode: 'USD', units: '1', nanos: 0 }, 'EUR'),
      /^Error: currency service converted USD to EUR wrongly: got JPY$/,
    );
  });

  it('reuses a conversion within the cache time, and asks again for another amount or currency', async () => {
    const gateway = currencyGateway(client(), { deadlineMs: 1_000, conversionCacheTtlMs: 60_000 });
    convertAnswer = { currencyCode: 'EUR', units: '17', nanos: 682_441_398 };
    const price = { currencyCode: 'USD', units: '19', nanos: 990_000_000 };
    const [first, second] = await Promise.all([gateway.convert(price, 'EUR'), gateway.convert(price, 'EUR')]);
    await gateway.convert({ ...price }, 'EUR');
    assert.deepEqual(first, convertAnswer);
    assert.deepEqual(second, convertAnswer);
    assert.equal(convertCalls, 1);
    await gateway.convert({ ...price, nanos: 0 }, 'EUR');
    assert.equal(convertCalls, 2);
  });

  it('asks for every conversion when the cache is off', async () => {
    const gateway = currencyGateway(client(), { deadlineMs: 1_000 });
    convertAnswer = { currencyCode: 'EUR', units: '1', nanos: 0 };
    const price = { currencyCode: 'USD', units: '1', nanos: 0 };
    await gateway.convert(price, 'EUR');
    await gateway.convert(price, 'EUR');
    assert.equal(convertCalls, 2);
  });

  it('a conversion slower than the deadline → DEADLINE_EXCEEDED naming the currency service', async () => {
    const gateway = currencyGateway(client(), { deadlineMs: 100 });
    convertAnswer = { currencyCode: 'EUR', units: '1', nanos: 0 };
    convertDelayMs = 600;
    await rejectsWithKind(
      gateway.convert({ currencyCode: 'USD', units: '1', nanos: 0 }, 'EUR'),
      'DEADLINE_EXCEEDED',
      'currency service did not answer within 100 ms',
      status.DEADLINE_EXCEEDED,
    );
  });

  it('does not cache a wrong conversion', async () => {
    const gateway = currencyGateway(client(), { deadlineMs: 1_000, conversionCacheTtlMs: 60_000 });
    const price = { currencyCode: 'USD', units: '2', nanos: 0 };
    convertAnswer = { currencyCode: 'JPY', units: '1', nanos: 0 };
    await assert.rejects(gateway.convert(price, 'EUR'));
    convertAnswer = { currencyCode: 'EUR', units: '1', nanos: 0 };
    assert.deepEqual(await gateway.convert(price, 'EUR'), convertAnswer);
    assert.equal(convertCalls, 2);
  });
});
