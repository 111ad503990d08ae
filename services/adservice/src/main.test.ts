import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkHealth } from '@boutique/kit';
import { startServiceProcess } from '@boutique/kit/testing';

const MAIN = path.join(__dirname, 'main.js');

describe('adservice as a process', () => {
  it('PORT=0 → serves, health SERVING; SIGTERM → exit 0', { timeout: 20_000 }, async () => {
    const proc = startServiceProcess(MAIN, { LOG_LEVEL: 'info', PORT: '0' });
    try {
      const port = await proc.serving;
      assert.equal(await checkHealth(`127.0.0.1:${port}`), 'SERVING');
      proc.child.kill('SIGTERM');
      assert.deepEqual(await proc.exited, [0, null]);
    } finally {
      proc.kill();
    }
  });

  it('PORT=99999 → exit 1 with a fatal log line naming the problem', { timeout: 20_000 }, async () => {
    const proc = startServiceProcess(MAIN, { LOG_LEVEL: 'info', PORT: '99999' });
    assert.deepEqual(await proc.exited, [1, null]);
    const fatal = proc.lines.find((line) => line.severity === 'fatal');
    assert.ok(fatal, 'a fatal log line');
    assert.equal(fatal.message, 'failed to start');
    assert.match(JSON.stringify(fatal), /PORT/);
  });
});
