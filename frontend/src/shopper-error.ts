import { httpStatusFor, isServiceError, status } from '@boutique/kit';
import type { FieldProblem } from './validation';

/** A failure the shopper can act on: shown with its own status, title and list of things to fix. */
export class ShopperError extends Error {
  readonly status: number;
  readonly title: string;
  readonly problems: readonly string[];
  readonly back: { href: string; label: string } | undefined;

  constructor(init: {
    status: number;
    title: string;
    message: string;
    problems?: readonly string[];
    back?: { href: string; label: string };
  }) {
    super(init.message);
    this.name = 'ShopperError';
    this.status = init.status;
    this.title = init.title;
    this.problems = init.problems ?? [];
    this.back = init.back;
  }
}

/** 422 naming every invalid form field, as the original's validator did ("Field 'x' is invalid: ..."). */
export function invalidForm(problems: readonly FieldProblem[], back?: { href: string; label: string }): ShopperError {
  return new ShopperError({
    status: 422,
    title: 'Please check the form',
    message: 'Some of what was sent cannot be used:',
    problems: problems.map(({ field, message }) => `Field '${field}' is invalid: ${message}`),
    back,
  });
}

/** What the error page says for a failure: status, title and a message with no internals. */
export interface ErrorDescription {
  readonly status: number;
  readonly title: string;
  readonly message: string;
  readonly problems?: readonly string[];
  readonly back?: { href: string; label: string };
  /** Whether it is our fault (logged at error level) rather than the shopper's. */
  readonly serverSide: boolean;
}

/**
 * Maps anything a handler threw to the error page: a ShopperError as it is; a gRPC error by its code
 * (kit's httpStatusFor: NOT_FOUND 404, UNAVAILABLE 503, DEADLINE_EXCEEDED 504, anything else 500);
 * a malformed request body (express's own 4xx errors) by its status; everything else 500.
 * Backend messages are never shown, since they may describe internals.
 */
export function describeError(err: unknown): ErrorDescription {
  if (err instanceof ShopperError) {
    const { status: code, title, message, problems, back } = err;
    return { status: code, title, message, problems, ...(back ? { back } : {}), serverSide: false };
  }
  if (isServiceError(err)) {
    switch (err.code) {
      case status.NOT_FOUND:
        return {
          status: 404,
          title: 'Not found',
          message: 'We could not find what you were looking for.',
          serverSide: false,
        };
      case status.UNAVAILABLE:
        return {
          status: 503,
          title: 'Part of the shop is unavailable',
          message: 'A service this page needs is not answering right now. Please try again in a moment.',
          serverSide: true,
        };
      case status.DEADLINE_EXCEEDED:
        return {
          status: 504,
          title: 'That took too long',
          message: 'A service this page needs did not answer in time. Please try again in a moment.',
          serverSide: true,
        };
      default: {
        const code = httpStatusFor(err.code);
        return {
          status: Math.max(code, 500),
          title: 'Something went wrong',
          message: 'We could not complete this request. Please try again later.',
          serverSide: true,
        };
      }
    }
  }
  const httpStatus = (err as { status?: unknown; expose?: unknown } | null)?.status;
  if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
    // body-parser's errors (malformed or oversized form bodies) carry a 4xx status.
    return {
      status: httpStatus,
      title: 'Bad request',
      message: 'The shop could not read that request.',
      serverSide: false,
    };
  }
  return {
    status: 500,
    title: 'Something went wrong',
    message: 'We could not complete this request. Please try again later.',
    serverSide: true,
  };
}
