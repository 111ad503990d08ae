import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, invalidArgument, status } from '@boutique/kit';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { callDependency } from './call-dependency';
import { rejectsAsInternal, rejectsWithKind } from './testing';

/** An error shaped as grpc-js reports a failed call. */
const serviceError = (code: status, details: string): ServiceError =>
  Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
const failingWith = (err: unknown) => () => Promise.reject(err);

describe('callDependency', () => {
  it('passes the deadline to the call and returns its answer', async () => {
    const seen: unknown[] = [];
    const answer = await callDependency('cart service', 250, async (options) => {
      seen.push(options);
      return 'the cart';
    });
    assert.deepEqual([answer, seen], ['the cart', [{ deadlineMs: 250 }]]);
  });

  for (const code of [status.UNAVAILABLE, status.RESOURCE_EXHAUSTED]) {
    it(`${status[code]} → UNAVAILABLE naming the dependency, the gRPC error as cause`, async () => {
      await rejectsWithKind(
        callDependency('cart service', 250, failingWith(serviceError(code, 'busy'))),
        'UNAVAILABLE',
        'cart service is unavailable',
        code,
      );
    });
  }

  it('DEADLINE_EXCEEDED → DEADLINE_EXCEEDED naming the dependency and the deadline', async () => {
    await rejectsWithKind(
      callDependency('cart service', 250, failingWith(serviceError(status.DEADLINE_EXCEEDED, 'deadline exceeded'))),
      'DEADLINE_EXCEEDED',
      'cart service did not answer within 250 ms',
      status.DEADLINE_EXCEEDED,
    );
  });

  for (const code of [status.INVALID_ARGUMENT, status.NOT_FOUND, status.INTERNAL, status.UNIMPLEMENTED]) {
    it(`${status[code]} with no refinement → a plain Error with the code and details, the gRPC error as cause`, async () => {
      const cause = serviceError(code, 'what went wrong');
      await rejectsAsInternal(
        callDependency('cart service', 250, failingWith(cause)),
        `cart service failed with ${status[code]}: what went wrong`,
      );
      await assert.rejects(
        callDependency('cart service', 250, failingWith(cause)),
        (err: Error) => err.cause === cause,
      );
    });
  }

  it('refine returning an error → that error, whatever the code', async () => {
    const refused = invalidArgument('payment refused: expired');
    const seen: unknown[] = [];
    await assert.rejects(
      callDependency(
        'payment service',
        250,
        failingWith(serviceError(status.UNAVAILABLE, 'expired')),
        (code, details) => {
          seen.push([status[code], details]);
          return refused;
        },
      ),
      (err: unknown) => err === refused,
    );
    assert.deepEqual(seen, [['UNAVAILABLE', 'expired']]);
  });

  it('refine returning undefined → the usual mapping', async () => {
    await rejectsWithKind(
      callDependency('payment service', 250, failingWith(serviceError(status.UNAVAILABLE, 'down')), () => undefined),
      'UNAVAILABLE',
      'payment service is unavailable',
    );
  });

  it('an error that is not from gRPC (a bug in the call) → rethrown as it is, refine not asked', async () => {
    const bug = new TypeError('client.GetCart is not a function');
    let refined = false;
    await assert.rejects(
      callDependency('cart service', 250, failingWith(bug), () => {
        refined = true;
        return undefined;
      }),
      (err: unknown) => err === bug,
    );
    assert.equal(refined, false);
  });

  it('a thrown value that is not an Error → a plain Error carrying its text', async () => {
    await assert.rejects(
      callDependency('cart service', 250, failingWith('bare string')),
      (err: unknown) => err instanceof Error && !(err instanceof DomainError) && err.message === 'bare string',
    );
  });
});
