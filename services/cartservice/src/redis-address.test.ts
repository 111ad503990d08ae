import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRedisAddress } from './redis-address';

describe('parseRedisAddress', () => {
  const cases: [string, object, string[]][] = [
    ['redis-cart:6379', { host: 'redis-cart', port: 6379 }, []],
    ['redis-cart', { host: 'redis-cart', port: 6379 }, []],
    [' 10.0.0.5:6380 ', { host: '10.0.0.5', port: 6380 }, []],
    ['[::1]:7000', { host: '::1', port: 7000 }, []],
    ['[::1]', { host: '::1', port: 6379 }, []],
    [
      'redis-cart:6379,ssl=true,password=s3cr=t',
      { host: 'redis-cart', port: 6379, password: 's3cr=t', tls: { servername: 'redis-cart' } },
      [],
    ],
    ['redis-cart:6379,abortConnect=false', { host: 'redis-cart', port: 6379 }, []],
    [
      'r:1,ssl=False,user=me,password=p,defaultDatabase=2,connectTimeout=1500',
      { host: 'r', port: 1, username: 'me', password: 'p', db: 2, connectTimeoutMs: 1500 },
      [],
    ],
    ['r:1,ssl=true,sslHost=cache.example', { host: 'r', port: 1, tls: { servername: 'cache.example' } }, []],
    [
      'r:1,keepAlive=60,allowAdmin=true',
      { host: 'r', port: 1 },
      ['ignored option "keepAlive"', 'ignored option "allowAdmin"'],
    ],
    ['a:1,b:2', { host: 'a', port: 1 }, ['only the first endpoint (a:1) is used']],
    ['redis://cache:6390', { host: 'cache', port: 6390 }, []],
    ['redis://cache', { host: 'cache', port: 6379 }, []],
    ['redis://:p%40ss@cache:6390/3', { host: 'cache', port: 6390, password: 'p@ss', db: 3 }, []],
    [
      'rediss://user:pw@cache.example:6380',
      { host: 'cache.example', port: 6380, username: 'user', password: 'pw', tls: { servername: 'cache.example' } },
      [],
    ],
    ['redis://[::1]:6379', { host: '::1', port: 6379 }, []],
    // An IP is never sent as the TLS server name; the certificate is still checked against the address.
    ['10.0.0.3:6378,ssl=true', { host: '10.0.0.3', port: 6378, tls: {} }, []],
    ['rediss://[::1]:6380', { host: '::1', port: 6380, tls: {} }, []],
    [
      '10.0.0.3:6378,ssl=true,sslHost=cache.example',
      { host: '10.0.0.3', port: 6378, tls: { servername: 'cache.example' } },
      [],
    ],
    ['redis://cache?family=6', { host: 'cache', port: 6379 }, ['ignored URL parameter "family"']],
  ];
  for (const [input, target, warnings] of cases) {
    it(`"${input}" → ${JSON.stringify(target)}`, () => {
      assert.deepEqual(parseRedisAddress(input), { target, warnings });
    });
  }

  const bad: [string, RegExp][] = [
    ['', /REDIS_ADDR names no host:port$/],
    ['ssl=true', /REDIS_ADDR names no host:port$/],
    ['cache:0', /port "0", not 1-65535/],
    ['cache:99999', /port "99999"/],
    ['cache:abc', /is not host:port/],
    ['cache:1,ssl=maybe', /option ssl must be true or false, got "maybe"/],
    ['cache:1,defaultDatabase=x', /defaultDatabase must be a number/],
    ['redis://cache/db', /has database "db", not a number/],
    ['redis://', /REDIS_ADDR (is not a valid redis:\/\/ URL|has no host)/],
  ];
  for (const [input, message] of bad) {
    it(`"${input}" → an error naming the problem`, () => assert.throws(() => parseRedisAddress(input), message));
  }

  it('a malformed address never echoes the password', () => {
    assert.throws(
      () => parseRedisAddress('cache:x,password=hunter2'),
      (err: Error) => !err.message.includes('hunter2'),
    );
  });
});
