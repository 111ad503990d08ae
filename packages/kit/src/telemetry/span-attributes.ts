// What a service may add to the server span of each of its RPCs. The kit reads no message on its
// own: each service declares, per RPC, which fields of its own requests and responses are worth an
// attribute (see unary()'s `spanAttributes` option). Attribute names follow OpenTelemetry's semantic
// conventions where one fits (`user.hash`) and sit under the project's one prefix, `app.`, otherwise.
// This module loads no OpenTelemetry code.
import { createHash } from 'node:crypto';
import type { handleUnaryCall } from '@grpc/grpc-js';

/**
 * Span attributes as a service declares them. A value that is undefined or an empty string is left
 * off the span, so a declaration can name a field that a request may leave empty.
 */
export type DeclaredSpanAttributes = Readonly<Record<string, string | number | undefined>>;

/**
 * Reads the attributes of one RPC's server span from its request and its response (undefined when
 * the call failed). Runs only when the span is recorded, after the handler has answered.
 */
export type SpanAttributesOf<Req, Res> = (request: Req, response: Res | undefined) => DeclaredSpanAttributes;

/**
 * One optional declaration per RPC of a service, typed by its generated handlers type, e.g.
 * `SpanAttributeDeclarations<CartServiceHandlers>`, so a misspelt method or field is a compile error.
 */
export type SpanAttributeDeclarations<Handlers> = {
  // The generated types extend grpc-js's untyped index signature; only the named methods are kept.
  [Method in keyof Handlers as string extends Method ? never : Method]?: Handlers[Method] extends handleUnaryCall<
    infer Req,
    infer Res
  >
    ? SpanAttributesOf<Req, Res>
    : never;
};

/** The attribute that carries userIdHash(): OpenTelemetry's semantic-convention name for an anonymised user. */
export const USER_HASH_ATTRIBUTE = 'user.hash';

// Hashes of recent user ids: a shopper's id comes back on every call of their visit, and a SHA-256
// per call would cost more than the rest of the span. Cleared when full, so it stays small.
const hashes = new Map<string, string>();
const MAX_REMEMBERED_HASHES = 10_000;

/**
 * A stable, non-reversible stand-in for a user id (the session id): the first 16 hex digits of its
 * SHA-256. Enough to follow one shopper across traces without storing who they are.
 */
export function userIdHash(userId: string): string {
  let hash = hashes.get(userId);
  if (hash === undefined) {
    hash = createHash('sha256').update(userId).digest('hex').slice(0, 16);
    if (hashes.size >= MAX_REMEMBERED_HASHES) hashes.clear();
    hashes.set(userId, hash);
  }
  return hash;
}

/** The `user.hash` attribute for a user id, or nothing for an empty or missing one. */
export function userHashAttribute(userId: string | undefined): DeclaredSpanAttributes {
  return userId ? { [USER_HASH_ATTRIBUTE]: userIdHash(userId) } : {};
}

/**
 * The declared attributes of one call, without the empty ones, ready for a span. A declaration that
 * throws (a bug in it) costs the span its declared attributes, never the call its answer.
 */
export function declaredAttributes<Req, Res>(
  declare: SpanAttributesOf<Req, Res>,
  request: Req,
  response: Res | undefined,
): Record<string, string | number> {
  const attributes: Record<string, string | number> = {};
  let declared: DeclaredSpanAttributes;
  try {
    declared = declare(request, response);
  } catch {
    return attributes;
  }
  for (const key in declared) {
    const value = declared[key];
    if (value !== undefined && value !== '') attributes[key] = value;
  }
  return attributes;
}
