// npm start as a user runs it: the launcher process, its output, its signals and exit codes.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { startStack } from '@boutique/tools/stack';
import { isAlive, type NodeProcess, startNodeProcess } from './fixtures/processes';

const LAUNCHER = require.resolve('@boutique/tools/start');

const launch = (env: Record<string, string>, args: readonly string[] = []) =>
  startNodeProcess(LAUNCHER, { LOG_LEVEL: 'warn', ...env }, /^ready/m, args);

/** The PID of each service, from the table the launcher prints once the shop is ready. */
const pidsIn = (output: string) =>
  Object.fromEntries(
    [...output.matchAll(/^ {2}(\S+) +\S+ +\(pid (\d+)\)$/gm)].map((match) => [match[1]!, Number(match[2])]),
  );

describe('npm start (@boutique/tools/start)', () => {
  const launched: NodeProcess[] = [];
  after(() => {
    for (const { child } of launched) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts every built service, reports ready with the shop URL, and stops them all on Ctrl-C with exit 0', async () => {
    const run = launch({ STACK_PORTS: 'free' });
    launched.push(run);
    await run.ready;
    assert.match(run.output(), /all 10 services healthy in \d+\.\d s/);
    assert.match(run.output(), /Online Boutique: http:\/\/localhost:\d+/);
    const pids = [...run.output().matchAll(/\(pid (\d+)\)/g)].map((match) => Number(match[1]));
    assert.equal(pids.length, 10, run.output());

    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0, run.output());
    assert.deepEqual(pids.filter(isAlive), [], 'every service process has exited');
  });

  it('with --exit-on-crash, reports a service that dies, stops the rest, and exits non-zero', async () => {
    const run = launch({ STACK_PORTS: 'free' }, ['--exit-on-crash']);
    launched.push(run);
    await run.ready;
    const pids = pidsIn(run.output());
    process.kill(pids.shippingservice!, 'SIGKILL');

    assert.equal(await run.exit, 1, run.output());
    assert.match(run.output(), /shippingservice died \(exit code -, signal SIGKILL\); stopping the rest/);
    assert.deepEqual(Object.values(pids).filter(isAlive), []);
  });

  it('restarts a service that dies, says so, keeps the rest running, and still stops everything on Ctrl-C', async () => {
    const run = launch({ STACK_PORTS: 'free' });
    launched.push(run);
    await run.ready;
    assert.match(run.output(), /crashed services are restarted/);
    const pids = pidsIn(run.output());
    const url = /Online Boutique: (http:\/\/\S+)/.exec(run.output())![1]!.replace('localhost', '127.0.0.1');
    process.kill(pids.adservice!, 'SIGKILL');

    const restarted = await waitFor(
      run,
      /adservice restarted \(pid (\d+)\), healthy again \d+\.\d s after it died/,
      20_000,
    );
    assert.match(
      run.output(),
      /adservice died \(exit code -, signal SIGKILL\); restarting it in 1 s; the rest keep serving/,
    );
    const newPid = Number(restarted[1]);
    assert.notEqual(newPid, pids.adservice);
    assert.ok(isAlive(newPid), 'the new adservice process runs');
    const others = Object.entries(pids).filter(([name]) => name !== 'adservice');
    assert.deepEqual(
      others.filter(([, pid]) => !isAlive(pid)),
      [],
      'no other service was stopped or restarted',
    );
    assert.equal((await fetch(`${url}/`)).status, 200);

    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0, run.output());
    assert.deepEqual([newPid, ...others.map(([, pid]) => pid)].filter(isAlive), [], 'every service process has exited');
  });
});

/** Waits (at most `timeoutMs`) until the launcher's output matches, and returns the match. */
async function waitFor(run: NodeProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(run.output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('startStack', () => {
  it('refuses a port that is already in use, naming the port and the service', async () => {
    const blocker = net.createServer();
    // Hold the adservice port on loopback only: the launcher checks it the way the services bind it
    // (every address), which a loopback listener already blocks. If something else already holds
    // it, it is in use all the same.
    await new Promise<void>((resolve) => {
      blocker.once('error', () => resolve());
      blocker.listen(9555, '127.0.0.1', () => resolve());
    });
    try {
      await assert.rejects(startStack({ ports: 'local', only: ['adservice'] }), {
        message: /port\(s\) already in use: 9555 \(adservice\)/,
      });
    } finally {
      blocker.close();
    }
  });

  it('refuses an unknown service name', async () => {
    await assert.rejects(startStack({ only: ['nosuchservice'] }), { message: 'unknown service(s): nosuchservice' });
  });
});
