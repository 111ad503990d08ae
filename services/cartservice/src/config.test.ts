import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults: port 7070, in memory, no TTL, 1 s Redis timeout', () => {
    assert.deepEqual(loadConfig({}), { port: 7070, redis: undefined, cartTtlSeconds: 0, redisTimeoutMs: 1_000 });
  });
  it('REDIS_ADDR, CART_TTL (rounded up to whole seconds) and REDIS_TIMEOUT are read', () => {
    const config = loadConfig({
      PORT: '9000',
      REDIS_ADDR: 'redis-cart:6379',
      CART_TTL: '1500ms',
      REDIS_TIMEOUT: '250ms',
    });
    assert.deepEqual(config, {
      port: 9000,
      redis: { target: { host: 'redis-cart', port: 6379 }, warnings: [] },
      cartTtlSeconds: 2,
      redisTimeoutMs: 250,
    });
    assert.ok(Object.isFrozen(config));
  });
  it('every problem is reported at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'x', REDIS_ADDR: 'cache:0', CART_TTL: 'forever', REDIS_TIMEOUT: '0' }),
      (err: Error & { problems: string[] }) => {
        assert.equal(err.problems.length, 4);
        assert.match(err.problems.join('\n'), /PORT.*\n.*CART_TTL.*\n.*REDIS_ADDR.*\n.*REDIS_TIMEOUT/s);
        return true;
      },
    );
  });
});

describe('loadConfig with REDIS_CA_FILE', () => {
  const PEM = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n';
  const files = (contents: Record<string, string>) => (path: string) => {
    const text = contents[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };

  it('a TLS REDIS_ADDR and a PEM file → the CA is the only one trusted, read once at start-up', () => {
    let reads = 0;
    const config = loadConfig({ REDIS_ADDR: '10.0.0.3:6378,ssl=true', REDIS_CA_FILE: '/etc/certs/ca.pem' }, (path) => {
      reads += 1;
      return files({ '/etc/certs/ca.pem': PEM })(path);
    });
    assert.deepEqual(config.redis, { target: { host: '10.0.0.3', port: 6378, tls: { ca: PEM } }, warnings: [] });
    assert.equal(reads, 1);
  });

  it('a rediss:// URL with a host name keeps its server name beside the CA', () => {
    const config = loadConfig(
      { REDIS_ADDR: 'rediss://cache.example:6380', REDIS_CA_FILE: '/ca.pem' },
      files({ '/ca.pem': PEM }),
    );
    assert.deepEqual(config.redis?.target.tls, { servername: 'cache.example', ca: PEM });
  });

  it('without REDIS_CA_FILE nothing is read and the public authorities are trusted', () => {
    const config = loadConfig({ REDIS_ADDR: 'cache:6380,ssl=true' }, () => assert.fail('no file may be read'));
    assert.deepEqual(config.redis?.target.tls, { servername: 'cache' });
  });

  const refused: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['REDIS_ADDR unset', { REDIS_CA_FILE: '/ca.pem' }, /^REDIS_CA_FILE is set but REDIS_ADDR is not$/],
    [
      'TLS off in REDIS_ADDR',
      { REDIS_ADDR: 'cache:6379', REDIS_CA_FILE: '/ca.pem' },
      /^REDIS_CA_FILE is set but REDIS_ADDR does not turn TLS on/,
    ],
    [
      'a file that does not exist',
      { REDIS_ADDR: 'cache:6379,ssl=true', REDIS_CA_FILE: '/missing.pem' },
      /^REDIS_CA_FILE \/missing.pem cannot be read \(ENOENT\)$/,
    ],
    [
      'a file without a PEM certificate',
      { REDIS_ADDR: 'cache:6379,ssl=true', REDIS_CA_FILE: '/key.pem' },
      /^REDIS_CA_FILE \/key.pem holds no PEM certificate/,
    ],
  ];
  for (const [what, env, message] of refused) {
    it(`${what} → start-up fails naming REDIS_CA_FILE`, () => {
      const readFile = files({
        '/ca.pem': PEM,
        '/key.pem': '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n',
      });
      assert.throws(
        () => loadConfig(env, readFile),
        (err: Error & { problems: string[] }) => {
          assert.equal(err.problems.length, 1, err.problems.join('\n'));
          assert.match(err.problems[0]!, message);
          return true;
        },
      );
    });
  }

  it('a malformed REDIS_ADDR is reported once, not again as a missing REDIS_ADDR', () => {
    assert.throws(
      () => loadConfig({ REDIS_ADDR: 'cache:0,ssl=true', REDIS_CA_FILE: '/ca.pem' }, files({ '/ca.pem': PEM })),
      (err: Error & { problems: string[] }) => {
        assert.equal(err.problems.length, 1);
        assert.match(err.problems[0]!, /^REDIS_ADDR .*port "0"/);
        return true;
      },
    );
  });
});
