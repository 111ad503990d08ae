import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { initLogger, status } from '@boutique/kit';
import { Metadata } from '@grpc/grpc-js';
import { optionalCallLog } from './optional-call-log';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: initLogger('test', { level: 'warn', destination }) };
}

describe('optionalCallLog', () => {
  it('a gRPC error → one warn line with its code and message only', () => {
    const { lines, log } = capture();
    const err = Object.assign(new Error('4 DEADLINE_EXCEEDED: x'), {
      code: status.DEADLINE_EXCEEDED,
      details: 'Deadline exceeded',
      metadata: new Metadata(),
    });
    optionalCallLog(log, 'ads unavailable', 10_000, () => 0)(err);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.message, 'ads unavailable');
    assert.equal(lines[0]!.code, status.DEADLINE_EXCEEDED);
    assert.equal(lines[0]!.details, 'Deadline exceeded');
    assert.equal(lines[0]!.suppressed, 0);
  });
  it('many failures within the interval → one line, then the next with the count left out', () => {
    const { lines, log } = capture();
    let now = 0;
    const warn = optionalCallLog(log, 'ads unavailable', 10_000, () => now);
    for (let i = 0; i < 5; i++) warn(new Error('down'));
    now = 10_000;
    warn(new Error('down'));
    assert.deepEqual(
      lines.map((line) => [line.error, line.suppressed]),
      [
        ['down', 0],
        ['down', 4],
      ],
    );
  });
});
