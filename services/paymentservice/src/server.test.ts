import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  checkHealth,
  createClient,
  hipstershop,
  initLogger,
  installTelemetryHooks,
  type Running,
  serve,
  type UnaryClient,
} from '@boutique/kit';
import type { ChargeRequest } from '@boutique/kit/generated/hipstershop/ChargeRequest';
import { type ServiceError, status } from '@grpc/grpc-js';
import { paymentService } from './server';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NOW = new Date('2026-06-15T12:00:00Z');
const VISA = '4242424242424242';
const CVV = 9817;

const card = (number: string, month = 12, year = 2030) => ({
  creditCardNumber: number,
  creditCardCvv: CVV,
  creditCardExpirationMonth: month,
  creditCardExpirationYear: year,
});
const usd = (units: string, nanos = 0) => ({ currencyCode: 'USD', units, nanos });

describe('PaymentService over gRPC', () => {
  const logLines: string[] = [];
  let running: Running;
  let client: UnaryClient<typeof hipstershop.PaymentService.service>;

  before(async () => {
    // Everything the service (and the kit under it) logs, at the most verbose level, lands here.
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    initLogger('paymentservice', { level: 'trace', destination });
    running = await serve({ port: 0, services: [paymentService({ now: () => NOW })], handleSignals: false });
    client = createClient(hipstershop.PaymentService, `127.0.0.1:${running.port}`);
  });
  after(async () => {
    client.close();
    await running.shutdown();
  });

  const charge = (request: ChargeRequest) => client.Charge(request, { deadlineMs: 5_000 });
  const refused = (message: RegExp) => (err: ServiceError) => {
    assert.equal(err.code, status.INVALID_ARGUMENT);
    assert.match(err.details, message);
    return true;
  };

  it('counts each refusal by its reason code (never by card data) when metrics are on', async () => {
    const reasons: string[] = [];
    installTelemetryHooks({
      counters: (name) => ({
        add: (value, attributes) => {
          if (name === 'app.payments.refused' && value === 1)
            reasons.push(String(attributes?.['app.payment.refusal.reason']));
        },
      }),
    });
    try {
      await assert.rejects(charge({ amount: usd('1'), creditCard: card(VISA, 5, 2026) }), refused(/expired/));
      await assert.rejects(charge({ amount: usd('1'), creditCard: card('378282246310005') }), refused(/not accepted/));
      await charge({ amount: usd('1'), creditCard: card(VISA) });
    } finally {
      installTelemetryHooks({});
    }
    assert.deepEqual(reasons, ['expired', 'unsupported_card_type']);
  });

  it('health → SERVING', async () => {
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`, 'hipstershop.PaymentService'), 'SERVING');
  });

  it('a valid VISA → a random UUID v4 transaction id, different each time', async () => {
    const first = await charge({ amount: usd('19', 990_000_000), creditCard: card(VISA) });
    const second = await charge({ amount: usd('19', 990_000_000), creditCard: card(VISA) });
    assert.match(first.transactionId, UUID_V4);
    assert.match(second.transactionId, UUID_V4);
    assert.notEqual(first.transactionId, second.transactionId);
  });

  it('a MasterCard 2-series number with spaces, expiring this month → accepted', async () => {
    const { transactionId } = await charge({ amount: usd('5'), creditCard: card('2223 0031 2200 3222', 6, 2026) });
    assert.match(transactionId, UUID_V4);
  });

  it('a Visa Electron number (which the original refuses) → accepted', async () => {
    const { transactionId } = await charge({ amount: usd('5'), creditCard: card('4917300800000000') });
    assert.match(transactionId, UUID_V4);
  });

  it('the latest expiry the original load generator sends (next year + 70) → accepted', async () => {
    const { transactionId } = await charge({ amount: usd('5'), creditCard: card(VISA, 1, NOW.getUTCFullYear() + 71) });
    assert.match(transactionId, UUID_V4);
  });

  const badRequests: [string, ChargeRequest, RegExp][] = [
    ['no amount', { creditCard: card(VISA) }, /^amount is required$/],
    ['a negative amount', { amount: usd('-3'), creditCard: card(VISA) }, /^amount must not be negative$/],
    ['a zero amount', { amount: usd('0'), creditCard: card(VISA) }, /^amount must be more than zero$/],
    [
      'an unsupported currency',
      { amount: { currencyCode: 'XXX', units: '1', nanos: 0 }, creditCard: card(VISA) },
      /^currency XXX is not one the shop accepts$/,
    ],
    [
      'CVV -1',
      { amount: usd('1'), creditCard: { ...card(VISA), creditCardCvv: -1 } },
      /security code of the card ending 4242 must have 3 or 4 digits/,
    ],
    ['bad nanos', { amount: usd('1', 1_000_000_000), creditCard: card(VISA) }, /^amount has nanos/],
    ['no card', { amount: usd('1') }, /^credit card is required$/],
    ['an empty number', { amount: usd('1'), creditCard: card('') }, /^credit card number is required$/],
    ['letters', { amount: usd('1'), creditCard: card('4242x') }, /only digits, spaces and dashes/],
    ['20 digits', { amount: usd('1'), creditCard: card('42424242424242424242') }, /has 20 digits, more than 19/],
    ['a bad checksum', { amount: usd('1'), creditCard: card('4242424242424241') }, /ending 4241 is invalid/],
    [
      'an American Express card',
      { amount: usd('1'), creditCard: card('371449635398431') },
      /^American Express cards are not accepted \(card ending 8431\)/,
    ],
    ['an unknown card type', { amount: usd('1'), creditCard: card('1234567812345670') }, /not of a known card type/],
    ['month 0', { amount: usd('1'), creditCard: card(VISA, 0, 2030) }, /month 0 is not between 1 and 12/],
    ['month 13', { amount: usd('1'), creditCard: card(VISA, 13, 2030) }, /month 13 is not between 1 and 12/],
    ['a five-digit year', { amount: usd('1'), creditCard: card(VISA, 1, 10000) }, /year 10000 is implausible/],
    ['year 1999', { amount: usd('1'), creditCard: card(VISA, 1, 1999) }, /year 1999 is implausible/],
    [
      'an expired card',
      { amount: usd('1'), creditCard: card(VISA, 5, 2026) },
      /^credit card ending 4242 expired in 05\/2026$/,
    ],
  ];
  for (const [name, request, message] of badRequests) {
    it(`${name} → INVALID_ARGUMENT naming the reason, and the server keeps serving`, async () => {
      await assert.rejects(charge(request), refused(message));
      assert.match((await charge({ amount: usd('1'), creditCard: card(VISA) })).transactionId, UUID_V4);
    });
  }

  it('no full card number or CVV ever reaches the log, through approved and refused charges', async () => {
    const numbers = [VISA, '4242 4242 4242 4241', '371449635398431', '5555-5555-5555-4444'];
    for (const number of numbers) {
      await charge({ amount: usd('1'), creditCard: card(number) }).catch(() => undefined);
      await charge({ amount: usd('1'), creditCard: card(number, 1, 2020) }).catch(() => undefined);
    }
    const text = logLines.join('');
    // The log is not empty: approvals are logged at debug and refusals at warn, by last four digits.
    assert.match(text, /"message":"charge approved"/);
    assert.match(text, /"message":"charge refused"/);
    assert.match(text, /"last4":"4242"/);
    for (const number of numbers) {
      const digits = number.replace(/\D/g, '');
      assert.ok(!text.includes(digits), `log holds ${digits}`);
      assert.ok(!text.includes(number), `log holds ${number}`);
      assert.ok(!text.includes(digits.slice(-5)), `log holds more than the last four digits of ${digits}`);
    }
    for (const line of logLines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      assert.ok(!JSON.stringify(record).toLowerCase().includes('cvv'), line);
      const values: unknown[] = [];
      const walk = (value: unknown) => {
        if (value && typeof value === 'object') Object.values(value).forEach(walk);
        else values.push(value);
      };
      walk(record);
      assert.ok(!values.includes(CVV) && !values.includes(String(CVV)), `CVV in ${line}`);
    }
  });
});
