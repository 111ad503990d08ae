import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyFor, parseCookies } from './session';

describe('parseCookies', () => {
  it('pairs separated by semicolons → a map, values decoded and unquoted', () => {
    assert.deepEqual(
      parseCookies('shop_session-id=abc; shop_currency=EUR; q="quoted"; enc=a%20b'),
      new Map([
        ['shop_session-id', 'abc'],
        ['shop_currency', 'EUR'],
        ['q', 'quoted'],
        ['enc', 'a b'],
      ]),
    );
  });
  it('no header, junk pairs and bad escapes → skipped', () => {
    assert.deepEqual(parseCookies(undefined), new Map());
    assert.deepEqual(parseCookies('novalue; =x; bad=%E0%A4%A; ok=1'), new Map([['ok', '1']]));
  });
  it('a repeated name → the first value', () => {
    assert.equal(parseCookies('a=1; a=2').get('a'), '1');
  });
});

describe('currencyFor', () => {
  it('an offered currency → itself', () => {
    for (const code of ['USD', 'EUR', 'CAD', 'JPY', 'GBP', 'TRY']) assert.equal(currencyFor(code), code);
  });
  it('anything else, or nothing → USD', () => {
    for (const code of [undefined, '', 'CHF', 'eur', '<script>']) assert.equal(currencyFor(code), 'USD');
  });
});
