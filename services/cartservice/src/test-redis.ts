// Test support (not a test file): a real redis-server on a free loopback port with its own temp dir.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BINARY = existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server';
const running = new Set<ChildProcess>();
// A failed test must not leave a redis-server behind.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface RedisProcess {
  readonly port: number;
  readonly dir: string;
  readonly pid: number;
  /** Stops the server (SIGTERM: clean, SIGKILL: a crash) and waits until it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and directory (AOF data, if any, is reloaded). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers PING with PONG (not LOADING); rejects after timeoutMs. */
async function waitForPong(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(500);
      let reply = '';
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk) => {
        reply += chunk;
        if (reply.includes('\r\n')) {
          socket.destroy();
          resolve(reply.startsWith('+PONG'));
        }
      });
      socket.on('error', () => resolve(false));
      socket.on('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (pong) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
}

/** Starts redis-server on a free loopback port; `appendOnly` persists every write before acknowledging it. */
export async function startRedis({ appendOnly = false }: { appendOnly?: boolean } = {}): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'cartservice-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    appendOnly ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
  ];
  let child: ChildProcess | undefined;

  const process_: RedisProcess = {
    port,
    dir,
    get pid() {
      return child?.pid ?? -1;
    },
    async start() {
      // Another process may grab the port between freePort() (or a stop) and the bind: retry a little.
      for (let attempt = 1; ; attempt++) {
        const started = spawn(BINARY, args, { stdio: ['ignore', 'ignore', 'inherit'] });
        child = started;
        running.add(started);
        started.once('exit', () => running.delete(started));
        try {
          await waitForPong(port, started, 10_000);
          return;
        } catch (err) {
          started.kill('SIGKILL');
          if (attempt === 5) throw err;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    },
    async stop(signal = 'SIGTERM') {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      process.kill(current.pid!, signal);
      await exited;
    },
    async dispose() {
      await process_.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await process_.start();
  return process_;
}
