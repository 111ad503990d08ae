import { TLSSocket } from 'node:tls';
import {
  ResponderBuilder,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  ServerListenerBuilder,
  status,
} from '@grpc/grpc-js';
import { logger } from '../logger';
import { parseSpiffeId, type SpiffeId, spiffeIdsOf } from './identity';

/**
 * Who may call each gRPC service a server serves: by fully-qualified service name, the names of its
 * callers (the service-account segment of their SPIFFE ID, in the server's own trust domain and
 * namespace). A service missing from the table is refused to every identified caller.
 */
export type CallerTable = Readonly<Record<string, readonly string[]>>;

// A caller's name as it appears in its SPIFFE ID: a Kubernetes service-account name.
const CALLER_NAME = /^[a-z0-9.-]+$/;

/** The entries of `names` that cannot be the name of a caller (so can never match one). */
export function invalidCallerNames(names: readonly string[]): string[] {
  return names.filter((name) => !CALLER_NAME.test(name));
}

/** The table that allows the same callers for each of `services`: one process, one allow-list. */
export function callerTableFor(services: readonly string[], callers: readonly string[]): CallerTable {
  const allowed = Object.freeze([...callers]);
  return Object.freeze(Object.fromEntries(services.map((service) => [service, allowed])));
}

// Probes (the kubelet, load balancers) ask without a client certificate, and health says nothing secret.
const OPEN_SERVICES = new Set(['grpc.health.v1.Health']);
// Any workload of the shop may ask what the contract is (grpcurl with a shop certificate).
const ANY_SHOP_IDENTITY = new Set(['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection']);

/** The outcome for one call: allowed, or refused with a status and the reason given to the caller. */
export type Decision = { allowed: true } | { allowed: false; code: status; details: string; caller: string };

/**
 * Decides whether the caller may call `path` ("/package.Service/Method"). `peerUris` are the
 * spiffe:// URIs of a client certificate that verified against the shop's CA (undefined when the
 * client sent none or one that did not verify). Callers must share this server's trust domain and
 * namespace, and be listed for the service in `callers`; with no table (`undefined`), any identity of
 * that trust domain and namespace may call any service.
 */
export function decide(
  path: string,
  peerUris: readonly string[] | undefined,
  self: SpiffeId,
  callers: CallerTable | undefined,
): Decision {
  const service = path.split('/')[1] ?? '';
  if (OPEN_SERVICES.has(service)) return { allowed: true };
  if (peerUris === undefined) {
    // gRPC reserves PERMISSION_DENIED for a caller it has identified; one that has not is UNAUTHENTICATED.
    return {
      allowed: false,
      code: status.UNAUTHENTICATED,
      details: 'a client certificate issued by the shop CA is required',
      caller: 'no verified certificate',
    };
  }
  const peer = peerUris
    .map(parseSpiffeId)
    .find((id) => id?.trustDomain === self.trustDomain && id.namespace === self.namespace);
  const caller = peer?.uri ?? peerUris[0] ?? 'a certificate without a SPIFFE ID';
  if (peer && (ANY_SHOP_IDENTITY.has(service) || !callers || callers[service]?.includes(peer.name)))
    return { allowed: true };
  return { allowed: false, code: status.PERMISSION_DENIED, details: `${caller} may not call ${service}`, caller };
}

const MAX_REMEMBERED_REFUSALS = 1_000;

type StreamCarrier = { stream?: { session?: { socket?: unknown } } };
const peerUrisBySocket = new WeakMap<TLSSocket, readonly string[]>();

/** The spiffe:// URIs of the call's client certificate, if it verified against the CA; undefined otherwise. */
function verifiedPeerUris(call: ServerInterceptingCallInterface): readonly string[] | undefined {
  // getAuthContext() rebuilds and hashes the peer certificate on every call (about 150 µs). grpc-js
  // hands the first interceptor its base call, whose stream leads to the TLS socket, so the
  // certificate is read once per connection instead. Another grpc-js may lack that shape: then the
  // public, slower path gives the same answer.
  const socket = (call as StreamCarrier).stream?.session?.socket;
  if (socket instanceof TLSSocket) {
    if (!socket.authorized) return undefined;
    let uris = peerUrisBySocket.get(socket);
    if (!uris) {
      uris = spiffeIdsOf(socket.getPeerCertificate().subjectaltname);
      peerUrisBySocket.set(socket, uris);
    }
    return uris;
  }
  const certificate = call.getAuthContext().sslPeerCertificate;
  return certificate ? spiffeIdsOf(certificate.subjectaltname) : undefined;
}

/**
 * A server interceptor that enforces `decide` on every call, before the handler runs. A refusal is
 * logged once per caller and service, not per call: a misconfigured caller retries all day long.
 */
export function authorisationInterceptor(self: () => SpiffeId, callers: CallerTable | undefined): ServerInterceptor {
  const logged = new Set<string>();
  return (method, call) => {
    const decision = decide(method.path, verifiedPeerUris(call), self(), callers);
    if (decision.allowed) return new ServerInterceptingCall(call);

    const key = `${decision.caller} ${method.path.split('/')[1]}`;
    if (!logged.has(key) && logged.size < MAX_REMEMBERED_REFUSALS) {
      logged.add(key);
      logger().warn(
        { caller: decision.caller, peer: call.getPeer(), rpc: method.path, code: status[decision.code] },
        'call refused',
      );
    }
    const refuse = new ServerListenerBuilder()
      .withOnReceiveMetadata(() => call.sendStatus({ code: decision.code, details: decision.details }))
      .build();
    return new ServerInterceptingCall(call, new ResponderBuilder().withStart((next) => next(refuse)).build());
  };
}
