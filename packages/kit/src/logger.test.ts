import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { initLogger, maskCardNumbers } from './logger';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>>; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const text = () => chunks.join('');
  return {
    stream,
    text,
    lines: () =>
      text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('initLogger', () => {
  it('writes one JSON line per event with severity, message and an ISO timestamp', () => {
    const out = capture();
    initLogger('cartservice', { destination: out.stream }).info({ userId: 'u1' }, 'cart emptied');
    const [line] = out.lines();
    assert.equal(line?.severity, 'info');
    assert.equal(line?.message, 'cart emptied');
    assert.equal(line?.name, 'cartservice');
    assert.equal(line?.userId, 'u1');
    assert.match(String(line?.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('honours the level it is given', () => {
    const out = capture();
    const log = initLogger('x', { destination: out.stream, level: 'warn' });
    log.info('quiet');
    log.warn('loud');
    assert.deepEqual(
      out.lines().map((line) => line.message),
      ['loud'],
    );
  });

  it('redacts card numbers and CVVs in request fields, at any depth a handler logs them', () => {
    const out = capture();
    const card = { creditCardNumber: '4432801561520454', creditCardCvv: 672 };
    initLogger('paymentservice', { destination: out.stream }).warn(
      {
        creditCard: card,
        request: { creditCard: card },
        call: { request: { credit_card: { credit_card_number: '4432801561520454', credit_card_cvv: 672 } } },
      },
      'charge refused',
    );
    const text = out.text();
    assert.ok(!text.includes('4432801561520454'), text);
    assert.ok(!text.includes('672'), text);
    assert.equal((out.lines()[0]!.creditCard as Record<string, unknown>).creditCardNumber, '[REDACTED]');
  });

  it('masks card-number-shaped digits in messages and error texts, keeping the last four', () => {
    const out = capture();
    const log = initLogger('x', { destination: out.stream });
    log.error({ err: new Error('declined 4432-8015-6152-0454') }, 'refused card 4432 8015 6152 0454');
    const text = out.text();
    assert.ok(!/4432.?8015/.test(text), text);
    assert.equal(out.lines()[0]!.message, 'refused card ****0454');
  });
});

describe('maskCardNumbers', () => {
  const cases: Array<[string, string]> = [
    ['4432801561520454', '****0454'],
    ['card 5555 5555 5555 4444 refused', 'card ****4444 refused'],
    ['order 12345 of 3 items', 'order 12345 of 3 items'],
    ['zip 94043, phone 650', 'zip 94043, phone 650'],
  ];
  for (const [text, masked] of cases) {
    it(`"${text}" → "${masked}"`, () => assert.equal(maskCardNumbers(text), masked));
  }
});

describe('logged errors', () => {
  it('keep a grpc ServiceError to its status, without its circular call internals', () => {
    const out = capture();
    const call: Record<string, unknown> = {};
    call.self = call;
    const err = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: status.UNAVAILABLE,
      details: 'No connection established',
      metadata: { internalRepr: new Map(), call },
    });
    initLogger('x', { destination: out.stream }).warn({ err }, 'dependency failed');
    const logged = out.lines()[0]!.err as Record<string, unknown>;
    assert.equal(logged.code, status.UNAVAILABLE);
    assert.equal(logged.details, 'No connection established');
    assert.equal(logged.message, '14 UNAVAILABLE: No connection established');
    assert.ok(!('metadata' in logged));
  });

  it('include their cause', () => {
    const out = capture();
    const err = new Error('order failed', { cause: new Error('cart unreachable') });
    initLogger('x', { destination: out.stream }).error({ err }, 'failed');
    assert.equal(
      ((out.lines()[0]!.err as Record<string, unknown>).cause as Record<string, unknown>).message,
      'cart unreachable',
    );
  });
});
