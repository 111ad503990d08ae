import { readFileSync } from 'node:fs';
import net from 'node:net';

function listenOnce(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      const bound = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}

/** Whether a port can be bound on all interfaces, the way the services bind it. */
export async function isPortFree(port: number): Promise<boolean> {
  try {
    await listenOnce(port, '::');
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') return false;
    // No IPv6 on this host: the services fall back to IPv4's any-address, and so does this check.
    return listenOnce(port, '0.0.0.0').then(
      () => true,
      () => false,
    );
  }
}

const LOWEST_PORT = 10_000;

/**
 * Ports at or above LOWEST_PORT that fetch() refuses to connect to ("bad ports" in the Fetch standard):
 * a test or bench that fetches from a service on one fails with "bad port".
 */
const FETCH_BLOCKED = new Set([10_080]);

/** The first port of the kernel's ephemeral range (Linux), where outgoing connections take their local ports. */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(low) || 32_768;
  } catch {
    return 32_768;
  }
}

/** Every port this process has handed out, so that two calls never return the same one. */
const handedOut = new Set<number>();

/**
 * A port that is free right now, never one this process handed out before. It is drawn below the
 * kernel's ephemeral range: a port from that range, released between this check and the server's bind
 * (or while a killed server restarts on it), can be taken by any outgoing connection as its local end.
 */
export async function freePort(): Promise<number> {
  const end = ephemeralRangeStart();
  for (let attempt = 0; attempt < 200 && end > LOWEST_PORT + 1_000; attempt++) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (end - LOWEST_PORT));
    if (FETCH_BLOCKED.has(port) || handedOut.has(port) || !(await isPortFree(port))) continue;
    handedOut.add(port);
    return port;
  }
  // No room below the ephemeral range on this host: let the OS pick, still never twice.
  for (;;) {
    const port = await listenOnce(0, '::').catch(() => listenOnce(0, '0.0.0.0'));
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
