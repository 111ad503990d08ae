import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { deadlineExceeded, invalidArgument } from '../errors';
import { initLogger } from '../logger';
import { httpStatusFor, toServiceError } from './status';

initLogger('kit-test', { level: 'silent' });

const downstream = (code: status, details: string): ServiceError =>
  Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });

describe('toServiceError', () => {
  it('keeps a domain error kind and its message', () => {
    assert.deepEqual(
      [
        toServiceError(invalidArgument('quantity must be at least 1'), '/x').code,
        toServiceError(deadlineExceeded('slow'), '/x').code,
      ],
      [status.INVALID_ARGUMENT, status.DEADLINE_EXCEEDED],
    );
    assert.equal(
      toServiceError(invalidArgument('quantity must be at least 1'), '/x').details,
      'quantity must be at least 1',
    );
  });

  it('passes a downstream UNAVAILABLE or DEADLINE_EXCEEDED through, without its details', () => {
    const unavailable = toServiceError(
      downstream(status.UNAVAILABLE, 'connect ECONNREFUSED 10.0.0.7:3550'),
      '/hipstershop.X/Y',
    );
    assert.equal(unavailable.code, status.UNAVAILABLE);
    assert.ok(!unavailable.details?.includes('10.0.0.7'));
    assert.equal(toServiceError(downstream(status.DEADLINE_EXCEEDED, 'deadline'), '/x').code, status.DEADLINE_EXCEEDED);
  });

  it("turns any other downstream status into INTERNAL: our caller must not see our dependency's errors as its own", () => {
    const mapped = toServiceError(downstream(status.INVALID_ARGUMENT, 'unknown currency XYZ'), '/x');
    assert.deepEqual([mapped.code, mapped.details], [status.INTERNAL, 'internal error']);
  });
});

describe('httpStatusFor', () => {
  const cases: Array<[status, number]> = [
    [status.OK, 200],
    [status.INVALID_ARGUMENT, 400],
    [status.FAILED_PRECONDITION, 400],
    [status.NOT_FOUND, 404],
    [status.RESOURCE_EXHAUSTED, 429],
    [status.UNAVAILABLE, 503],
    [status.DEADLINE_EXCEEDED, 504],
    [status.INTERNAL, 500],
    [status.UNKNOWN, 500],
    [status.DATA_LOSS, 500],
  ];
  for (const [code, http] of cases) {
    it(`${status[code]} → ${http}`, () => assert.equal(httpStatusFor(code), http));
  }
});
