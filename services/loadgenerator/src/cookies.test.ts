import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CookieJar } from './cookies';

const NOW = Date.parse('2026-05-01T12:00:00Z');

describe('CookieJar', () => {
  it('an empty jar → no Cookie header', () => {
    assert.equal(new CookieJar().cookieHeader(), undefined);
  });

  it('Set-Cookie lines → one Cookie header with name=value pairs, attributes dropped', () => {
    const jar = new CookieJar();
    jar.store(['shop_session-id=abc-123; Max-Age=172800', 'shop_currency=EUR; Max-Age=172800'], NOW);
    assert.equal(jar.cookieHeader(), 'shop_session-id=abc-123; shop_currency=EUR');
  });

  it('a second Set-Cookie of the same name → the value is replaced in place', () => {
    const jar = new CookieJar();
    jar.store(['a=1', 'b=2'], NOW);
    jar.store('a=3; Path=/', NOW);
    assert.equal(jar.cookieHeader(), 'a=3; b=2');
  });

  it('Max-Age=0 or an Expires in the past → the cookie is deleted (the frontend’s logout)', () => {
    const jar = new CookieJar();
    jar.store(['a=1', 'b=2', 'c=3'], NOW);
    jar.store(['a=1; Max-Age=0', 'b=2; Expires=Thu, 01 Jan 2015 00:00:00 GMT'], NOW);
    assert.equal(jar.cookieHeader(), 'c=3');
    jar.store('c=3; Expires=Thu, 01 Jan 2015 00:00:00 GMT; Max-Age=0', NOW);
    assert.equal(jar.cookieHeader(), undefined);
  });

  it('Max-Age wins over an Expires in the past, and a future Expires keeps the cookie', () => {
    const jar = new CookieJar();
    jar.store(
      ['a=1; Expires=Thu, 01 Jan 2015 00:00:00 GMT; Max-Age=60', 'b=2; Expires=Fri, 01 Jan 2100 00:00:00 GMT'],
      NOW,
    );
    assert.equal(jar.cookieHeader(), 'a=1; b=2');
  });

  it('a value containing "=" is kept whole; a nameless cookie is ignored', () => {
    const jar = new CookieJar();
    jar.store(['token=a=b==', '=orphan'], NOW);
    assert.equal(jar.get('token'), 'a=b==');
    assert.equal(jar.cookieHeader(), 'token=a=b==');
  });

  it('two jars never share cookies', () => {
    const alice = new CookieJar();
    const bob = new CookieJar();
    alice.store('shop_session-id=alice', NOW);
    assert.equal(bob.cookieHeader(), undefined);
  });
});
