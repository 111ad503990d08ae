import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { DomainError, type ErrorKind, isServiceError, type status, unary } from '@boutique/kit';
import type { handleUnaryCall } from '@grpc/grpc-js';

/**
 * What a fake dependency does, for gateway tests: each handler made by `answer` records its call, waits
 * `delayMs`, then throws `failure()` when one is set (a DomainError travels as its kind, a plain Error as
 * INTERNAL) or answers. `reset()` before each test.
 */
export class FakeBehaviour {
  calls: { rpc: string; request: unknown }[] = [];
  delayMs = 0;
  failure: (() => Error) | undefined;

  reset(): void {
    this.calls = [];
    this.delayMs = 0;
    this.failure = undefined;
  }

  /** A handler for `rpc` that behaves as set, then answers with `respond(request)`. */
  answer<Req, Res>(rpc: string, respond: (request: Req) => Res): handleUnaryCall<Req, Res> {
    return unary(async (request: Req) => {
      this.calls.push({ rpc, request });
      if (this.delayMs > 0) await delay(this.delayMs);
      if (this.failure) throw this.failure();
      return respond(request);
    });
  }

  /** The requests `rpc` received, in order. */
  requestsTo(rpc: string): unknown[] {
    return this.calls.filter((call) => call.rpc === rpc).map((call) => call.request);
  }
}

/**
 * Asserts that `promise` rejects with a DomainError of `kind` saying exactly `message` (what checkout's
 * caller is told), caused by the dependency's gRPC error with `causeCode` when one is given.
 */
export async function rejectsWithKind(
  promise: Promise<unknown>,
  kind: ErrorKind,
  message: string,
  causeCode?: status,
): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof DomainError, `not a DomainError: ${String(err)}`);
    assert.deepEqual({ kind: err.kind, message: err.message }, { kind, message });
    if (causeCode !== undefined) {
      assert.ok(isServiceError(err.cause), 'the gRPC error is kept as the cause');
      assert.equal(err.cause.code, causeCode);
    }
    return true;
  });
}

/** Asserts that `promise` rejects with a plain Error (INTERNAL to checkout's caller, cause logged) saying `message`. */
export async function rejectsAsInternal(promise: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof Error && !(err instanceof DomainError), `not a plain Error: ${String(err)}`);
    assert.equal(err.message, message);
    return true;
  });
}
