import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT, main } from '@boutique/loadgenerator/cli';
import { type Stack, startStack } from '@boutique/tools/stack';

describe('loadgenerator against the real shop (every service as its own process)', () => {
  let stack: Stack | undefined;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgen-system-'));
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('10 users, no think time, 10 s → every route of the journey answered, zero failures', async () => {
    const json = join(dir, 'report.json');
    let out = '';
    let err = '';
    const code = await main(
      [
        '--url',
        stack!.frontendUrl,
        '--users',
        '10',
        '--rate',
        '100',
        '--think-time',
        '0',
        '--duration',
        '10s',
        '--seed',
        '20',
        '--max-error-rate',
        '0',
        '--wait-for-frontend-retries',
        '5',
        '--wait-for-frontend-interval',
        '1s',
        '--json',
        json,
      ],
      {},
      {
        out: (text) => {
          out += text;
        },
        err: (text) => {
          err += text;
        },
      },
    );
    const tail = (lines: string[] = []) => lines.slice(-20).join('\n');
    assert.equal(code, EXIT.ok, `${out}\n${err}\nfrontend log:\n${tail(stack!.logs.frontend)}`);
    const report = JSON.parse(await readFile(json, 'utf8'));
    const routes = Object.fromEntries(
      report.routes.map((r: { name: string; requests: number; failures: number }) => [r.name, r]),
    );
    for (const route of [
      'GET /',
      'POST /setCurrency',
      'GET /product/[id]',
      'POST /cart',
      'GET /cart',
      'POST /cart/checkout',
    ]) {
      assert.ok(routes[route]?.requests > 0, `${route} was requested (${out})`);
      assert.equal(routes[route].failures, 0, route);
    }
    assert.equal(report.total.failures, 0);
    // The shop answered its POSTs with redirects, which the users followed: every POST /cart led to a GET /cart.
    assert.ok(routes['GET /cart'].requests >= routes['POST /cart'].requests);
  });
});
