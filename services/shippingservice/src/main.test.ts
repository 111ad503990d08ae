import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { checkHealth } from '@boutique/kit';

const MAIN = path.join(__dirname, 'main.js');

/** Starts dist/main.js as its own process, as the launcher does, and collects its JSON log lines. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const serving = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (entry.message === 'serving') resolve(entry.port as number);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before serving`)));
  });
  serving.catch(() => {});
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, lines, serving, exited };
}

describe('shippingservice as a process', () => {
  it('PORT=0 → serves, health SERVING; SIGTERM → exit 0', { timeout: 20_000 }, async () => {
    const proc = start({ PORT: '0' });
    try {
      const port = await proc.serving;
      assert.equal(await checkHealth(`127.0.0.1:${port}`), 'SERVING');
      proc.child.kill('SIGTERM');
      assert.deepEqual(await proc.exited, [0, null]);
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
  });
  it('PORT=notaport → exit 1 with a fatal log line naming the problem', { timeout: 20_000 }, async () => {
    const proc = start({ PORT: 'notaport' });
    assert.deepEqual(await proc.exited, [1, null]);
    const fatal = proc.lines.find((line) => line.severity === 'fatal');
    assert.ok(fatal, 'a fatal log line');
    assert.match(JSON.stringify(fatal), /PORT/);
  });
});
