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

/** A port that is free right now (the OS picks it). */
export async function freePort(): Promise<number> {
  try {
    return await listenOnce(0, '::');
  } catch {
    return listenOnce(0, '0.0.0.0');
  }
}
