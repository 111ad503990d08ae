import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { ConfigError } from '../config';
import { initLogger } from '../logger';
import { FaultInjector, faultsFromEnv, parseFaults } from './faults';

initLogger('kit-test', { level: 'silent' });

describe('parseFaults', () => {
  it('a status with a probability, latency on a whole service, and both at once', () => {
    assert.deepEqual(
      parseFaults(
        'hipstershop.CurrencyService/Convert=UNAVAILABLE@0.3;hipstershop.ProductCatalogService/*=latency:200ms@1;' +
          '*=latency:1.5s+DEADLINE_EXCEEDED',
      ),
      [
        {
          selector: 'hipstershop.CurrencyService/Convert',
          fault: { latencyMs: 0, code: status.UNAVAILABLE, probability: 0.3 },
        },
        {
          selector: 'hipstershop.ProductCatalogService/*',
          fault: { latencyMs: 200, code: undefined, probability: 1 },
        },
        { selector: '*', fault: { latencyMs: 1_500, code: status.DEADLINE_EXCEEDED, probability: 1 } },
      ],
    );
  });

  it('new lines separate rules too; blank lines and # comments are skipped; a leading "/" is accepted', () => {
    assert.deepEqual(parseFaults('# slow cart\n\n/hipstershop.CartService/GetCart=latency:50ms\n'), [
      { selector: 'hipstershop.CartService/GetCart', fault: { latencyMs: 50, code: undefined, probability: 1 } },
    ]);
  });

  it('an empty specification → no rules', () => {
    assert.deepEqual(parseFaults(' ; '), []);
  });

  it('malformed rules → one ConfigError naming each of them', () => {
    assert.throws(
      () =>
        parseFaults('Convert=UNAVAILABLE;a.B/C=SOMETIMES;a.B/C=UNAVAILABLE@1.5;a.B/C=latency:soon;a.B/C=OK;nonsense'),
      (err: ConfigError) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems.length, 6, err.message);
        return true;
      },
    );
  });
});

describe('FaultInjector', () => {
  const rules = parseFaults(
    'hipstershop.CartService/GetCart=UNAVAILABLE;hipstershop.CartService/*=latency:10ms;*=INTERNAL@0.5',
  );

  it('the most specific rule applies: method, then service, then every call', () => {
    const injector = new FaultInjector(rules, { random: () => 0 });
    assert.equal(injector.faultFor('/hipstershop.CartService/GetCart')?.code, status.UNAVAILABLE);
    assert.equal(injector.faultFor('/hipstershop.CartService/AddItem')?.latencyMs, 10);
    assert.equal(injector.faultFor('/hipstershop.AdService/GetAds')?.code, status.INTERNAL);
  });

  it('a call is affected when the draw falls below the probability', () => {
    const draws = [0.49, 0.5, 0.99];
    const injector = new FaultInjector(rules, { random: () => draws.shift()! });
    const codes = [1, 2, 3].map(() => injector.faultFor('/hipstershop.AdService/GetAds')?.code);
    assert.deepEqual(codes, [status.INTERNAL, undefined, undefined]);
  });

  it('without rules it is off', () => {
    const injector = new FaultInjector();
    assert.equal(injector.faultFor('/hipstershop.CartService/GetCart'), undefined);
  });

  it('set() switches the rules while it runs', () => {
    const injector = new FaultInjector(rules);
    injector.set([]);
    assert.equal(injector.faultFor('/hipstershop.CartService/GetCart'), undefined);
    injector.set(parseFaults('hipstershop.CartService/GetCart=ABORTED'));
    assert.equal(injector.faultFor('/hipstershop.CartService/GetCart')?.code, status.ABORTED);
  });
});

describe('faultsFromEnv', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faults-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('neither FAULTS nor FAULTS_FILE → undefined: no injection code at all', () => {
    assert.equal(faultsFromEnv({}), undefined);
    assert.equal(faultsFromEnv({ FAULTS: ' ', FAULTS_FILE: '' }), undefined);
  });

  it('a malformed FAULTS → ConfigError', () => {
    assert.throws(() => faultsFromEnv({ FAULTS: 'everything=broken' }), ConfigError);
  });

  it('FAULTS_FILE is followed: written, rewritten with a bad rule (ignored), removed (FAULTS again)', async () => {
    const file = path.join(dir, 'faults');
    const injector = faultsFromEnv({ FAULTS: '*=latency:1ms', FAULTS_FILE: file })!;
    const inForce = () => injector.rules.map((rule) => rule.selector);
    const eventually = async (expected: string[]) => {
      const deadline = Date.now() + 5_000;
      while (JSON.stringify(inForce()) !== JSON.stringify(expected) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.deepEqual(inForce(), expected);
    };
    try {
      assert.deepEqual(inForce(), ['*'], 'no file yet: FAULTS');
      writeFileSync(file, 'hipstershop.AdService/GetAds=UNAVAILABLE\n');
      await eventually(['hipstershop.AdService/GetAds']);
      writeFileSync(file, 'hipstershop.AdService/GetAds=NOT_A_STATUS\n');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      assert.deepEqual(inForce(), ['hipstershop.AdService/GetAds'], 'a malformed file keeps the rules in force');
      rmSync(file);
      await eventually(['*']);
    } finally {
      injector.close();
    }
  });
});
