import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseDuration, readEnv } from './config';

describe('readEnv', () => {
  it('reads every kind of value, with fallbacks for what is unset or empty', () => {
    const read = readEnv({ ADDR: 'cart:7070', PORT: '7070', N: '3', ON: 'TRUE', WAIT: '1.5s', EMPTY: '  ', MODE: 'b' });
    const config = {
      addr: read.required('ADDR'),
      port: read.port('PORT', 1),
      fallbackPort: read.port('NO_PORT', 50051),
      n: read.int('N', 0, { min: 1, max: 5 }),
      on: read.flag('ON', false),
      off: read.flag('UNSET', false),
      wait: read.duration('WAIT', 0),
      empty: read.optional('EMPTY', 'fallback'),
      absent: read.optional('ABSENT'),
      mode: read.oneOf('MODE', ['a', 'b'], 'a'),
    };
    read.done();
    assert.deepEqual(config, {
      addr: 'cart:7070',
      port: 7070,
      fallbackPort: 50051,
      n: 3,
      on: true,
      off: false,
      wait: 1500,
      empty: 'fallback',
      absent: undefined,
      mode: 'b',
    });
  });

  it('names every missing and malformed variable in one start-up error', () => {
    const read = readEnv({ PORT: 'eighty', EXTRA_LATENCY: 'soon', ENABLED: 'maybe', N: '9', MODE: 'c' });
    read.required('CART_SERVICE_ADDR');
    read.port('PORT', 8080);
    read.duration('EXTRA_LATENCY', 0);
    read.flag('ENABLED', false);
    read.int('N', 0, { min: 1, max: 5 });
    read.oneOf('MODE', ['a', 'b'], 'a');
    assert.throws(
      () => read.done(),
      (err: ConfigError) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.problems, [
          'CART_SERVICE_ADDR is required but not set',
          'PORT must be a port number (0-65535), got "eighty"',
          'EXTRA_LATENCY must be a duration such as "200ms" or "5.5s", got "soon"',
          'ENABLED must be true or false, got "maybe"',
          'N must be an integer between 1 and 5, got "9"',
          'MODE must be one of a, b, got "c"',
        ]);
        assert.match(err.message, /CART_SERVICE_ADDR is required[\s\S]*PORT must be a port number/);
        return true;
      },
    );
  });

  it('rejects a port above 65535', () => {
    const read = readEnv({ PORT: '70000' });
    read.port('PORT', 1);
    assert.throws(() => read.done(), ConfigError);
  });
});

describe('parseDuration', () => {
  const cases: Array<[string, number | undefined]> = [
    ['0', 0],
    ['200ms', 200],
    ['5.5s', 5500],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['60s', 60_000],
    ['1.5h', 5_400_000],
    ['1500us', 1.5],
    ['', undefined],
    ['5', undefined],
    ['-1s', undefined],
    ['1 s', undefined],
    ['soon', undefined],
    ['10x', undefined],
    ['s', undefined],
    ['1 m', undefined],
  ];
  for (const [text, ms] of cases) {
    it(`"${text}" → ${ms ?? 'malformed'}`, () => assert.equal(parseDuration(text), ms));
  }
});

describe('readEnv problems of the caller', () => {
  it("are reported with the readers' own, in the order found", () => {
    const read = readEnv({ PORT: 'x', SMTP_USER: 'shop' });
    read.port('PORT', 1);
    read.problem('SMTP_PASSWORD is required when SMTP_USER is set');
    assert.throws(() => read.done(), {
      problems: ['PORT must be a port number (0-65535), got "x"', 'SMTP_PASSWORD is required when SMTP_USER is set'],
    });
  });
});
