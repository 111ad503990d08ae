import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, it } from 'node:test';
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
