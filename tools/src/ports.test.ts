import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, it, mock } from 'node:test';
import { freePort, isPortFree } from './ports';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

describe('freePort', () => {
  it('never hands out the same port twice in one process', async () => {
    const ports = [];
    for (let i = 0; i < 300; i++) ports.push(await freePort());
    assert.equal(new Set(ports).size, ports.length);
  });

  it('draws ports below the ephemeral range, where outgoing connections cannot take them', async () => {
    for (let i = 0; i < 50; i++) {
      const port = await freePort();
      assert.ok(port >= 10_000 && port < ephemeralStart, `${port} is below ${ephemeralStart}`);
    }
  });

  it('never hands out a port fetch() refuses (10080)', async (t) => {
    // Math.random() steered to draw 10080 first: the port after it must be another.
    const toward10080 = (10_080 - 10_000 + 0.5) / (ephemeralStart - 10_000);
    let draws = 0;
    mock.method(Math, 'random', () => (draws++ === 0 ? toward10080 : 0.5));
    t.after(() => mock.restoreAll());
    const port = await freePort();
    assert.ok(draws >= 2, 'a second draw was needed');
    assert.notEqual(port, 10_080);
  });

  it('hands out a port a server can bind at once', async () => {
    const port = await freePort();
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    try {
      assert.equal(await isPortFree(port), false, 'a listening port is not free');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    assert.equal(await isPortFree(port), true);
  });
});
