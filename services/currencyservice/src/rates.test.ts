import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadRates, parseRate, parseRates } from './rates';

// The 33 codes of the original's rate file, in its order.
const CODES = [
  'EUR',
  'USD',
  'JPY',
  'BGN',
  'CZK',
  'DKK',
  'GBP',
  'HUF',
  'PLN',
  'RON',
  'SEK',
  'CHF',
  'ISK',
  'NOK',
  'HRK',
  'RUB',
  'TRY',
  'AUD',
  'BRL',
  'CAD',
  'CNY',
  'HKD',
  'IDR',
  'ILS',
  'INR',
  'KRW',
  'MXN',
  'MYR',
  'NZD',
  'PHP',
  'SGD',
  'THB',
  'ZAR',
];

describe('parseRate', () => {
  const cases: [string, bigint, bigint][] = [
    ['1.0', 10n, 10n],
    ['1.1305', 11305n, 10000n],
    ['126.40', 12640n, 100n],
    ['0.85970', 85970n, 100000n],
    ['15999.40', 1599940n, 100n],
    ['7', 7n, 1n],
  ];
  for (const [text, numerator, denominator] of cases) {
    it(`"${text}" → ${numerator}/${denominator} exactly`, () => {
      assert.deepEqual(parseRate(text), { numerator, denominator });
    });
  }
  for (const text of ['', '0', '0.000', '-1.2', '+1.2', '1e3', '1.', '.5', ' 1.2', '1,2', 'NaN', 'abc']) {
    it(`"${text}" → undefined (not a positive plain decimal)`, () => {
      assert.equal(parseRate(text), undefined);
    });
  }
});

describe('parseRates', () => {
  it('a well-formed table → codes in file order and exact rates', () => {
    const table = parseRates({ EUR: '1.0', USD: '1.1305', JPY: '126.40' });
    assert.deepEqual(table.codes, ['EUR', 'USD', 'JPY']);
    assert.deepEqual(table.rates.get('USD'), { numerator: 11305n, denominator: 10000n });
  });

  it('every problem is named in one error', () => {
    assert.throws(
      () => parseRates({ EUR: '1.0', usd: '1.1', GBP: 0.86, JPY: '-3' }, 'rates.json'),
      (err: Error) =>
        err.message.startsWith('rates.json: ') &&
        err.message.includes('"usd" is not a currency code') &&
        err.message.includes('GBP: rate 0.86 is not a positive decimal string') &&
        err.message.includes('JPY: rate "-3" is not a positive decimal string'),
    );
  });

  it('a table without EUR → error (rates are per euro)', () => {
    assert.throws(() => parseRates({ USD: '1.1305' }), /EUR is missing/);
  });

  it('EUR with a rate other than 1 → error', () => {
    assert.throws(() => parseRates({ EUR: '1.5', USD: '1.1305' }), /EUR must have rate 1/);
  });

  for (const json of [null, [], 'EUR', 42]) {
    it(`${JSON.stringify(json)} → error (not an object)`, () => {
      assert.throws(() => parseRates(json), /expected an object/);
    });
  }
});

describe('loadRates', () => {
  it('the shipped file → the 33 codes of the original, in its order', () => {
    assert.deepEqual(loadRates().codes, CODES);
  });

  it('a missing file → error naming the file', () => {
    const file = path.join(tmpdir(), 'no-such-dir', 'rates.json');
    assert.throws(
      () => loadRates(file),
      (err: Error) => err.message.includes(`cannot read currency rates from ${file}`),
    );
  });

  it('malformed JSON → error naming the file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rates-')), 'rates.json');
    writeFileSync(file, '{"EUR": "1.0",');
    assert.throws(
      () => loadRates(file),
      (err: Error) => err.message.includes(file),
    );
  });
});
