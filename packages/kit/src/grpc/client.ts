import {
  type CallOptions,
  type Channel,
  type ChannelCredentials,
  type ChannelOptions,
  type Client,
  type ClientUnaryCall,
  credentials,
  Channel as GrpcChannel,
  Metadata,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { logger } from '../logger';
import { rpcClientObserver } from '../telemetry/hooks';
import { type Admission, CircuitBreaker } from './breaker';
import { type ClientPolicy, channelOptionsFor } from './policy';
import { type Transport, transportFromEnv } from './transport';

/** Per-call options. The deadline is mandatory: every outbound call in the shop is bounded. */
export interface CallOpts {
  /** Milliseconds the call may take before it fails with DEADLINE_EXCEEDED. */
  deadlineMs: number;
  metadata?: Metadata;
}

/** The promise-returning unary methods of a service, keyed as in the proto (`GetProduct`). */
export type UnaryClient<Definition> = {
  [Method in keyof Definition]: Definition[Method] extends MethodDefinition<
    infer Req,
    infer _Res,
    infer _ReqOut,
    infer Res
  >
    ? (request: Req, options: CallOpts) => Promise<Res>
    : never;
} & {
  readonly address: string;
  /**
   * Resolves once the channel has a live connection to some address of the target (nothing is sent);
   * rejects with UNAVAILABLE after `deadlineMs`. For a readiness check on a dependency that has no
   * call safe to make twice (Charge, SendOrderConfirmation, PlaceOrder): its name resolves and it listens.
   */
  connected(options: { deadlineMs: number }): Promise<void>;
  close(): void;
};

type ClientConstructor<Definition> = {
  new (address: string, creds: ChannelCredentials, options?: ChannelOptions): Client;
  service: Definition;
};

const channels = new Map<string, Channel>();

/**
 * The one channel to a target under one service config, shared by every client of this process that
 * uses both. Sharing keeps one connection per replica and one retry budget per target.
 */
function channelFor(address: string, options: ChannelOptions): Channel {
  const key = `${address}\n${options['grpc.service_config']}`;
  let channel = channels.get(key);
  if (!channel) {
    channel = new GrpcChannel(address, transportFromEnv().channelCredentials(), options);
    // Resolve and connect now, at wiring time, so the first call does not pay for it inside its
    // deadline (a 100 ms ad call would not make it on a busy host).
    channel.getConnectivityState(true);
    channels.set(key, channel);
  }
  return channel;
}

type Callback = (err: ServiceError | null, value?: unknown) => void;
type RawMethod = (request: unknown, metadata: Metadata, options: CallOptions, callback: Callback) => ClientUnaryCall;

/** An UNAVAILABLE error shaped as grpc-js reports one. */
function unavailableError(details: string): ServiceError {
  return Object.assign(new Error(`${status.UNAVAILABLE} UNAVAILABLE: ${details}`), {
    code: status.UNAVAILABLE,
    details,
    metadata: new Metadata(),
  });
}

/** The error a call gets while its dependency's circuit is open. */
const circuitOpen = (address: string, path: string): ServiceError =>
  unavailableError(`circuit open: ${address} failed repeatedly, ${path} not sent`);

/** A client's policy for its dependency, and (tests) a transport of its own. */
export interface ClientOptions<Method extends string = string> extends ClientPolicy<Method> {
  /** Credentials for this client alone, on a channel of its own; by default from the environment. */
  readonly transport?: Transport;
}

/**
 * Creates a client for one service at a target: `host:port`, `dns:///name:port` or a comma list such as
 * `ipv4:127.0.0.2:7000,127.0.0.3:7000`. Calls are spread round_robin over every address the target
 * resolves to, reconnect within a second of a replica returning, and are retried or cut short as the
 * policy in `options` says (see ClientPolicy). Plaintext as in the original or mutual TLS when the
 * environment configures it (see transportFromEnv); a promise per unary call with the deadline the
 * caller picks. With tracing on, each call is a client span whose W3C trace context travels in the
 * call's metadata. A client given its own `transport` (tests) gets its own channel.
 */
export function createClient<Definition extends object>(
  Ctor: ClientConstructor<Definition>,
  address: string,
  options: ClientOptions<keyof Definition & string> = {},
): UnaryClient<Definition> {
  const { transport, ...policy } = options;
  const methods = Object.entries(Ctor.service) as Array<[string, MethodDefinition<unknown, unknown>]>;
  const serviceName = methods[0]?.[1].path.split('/')[1] ?? '';
  const unknownMethods = (policy.retryable ?? []).filter((method) => !(method in Ctor.service));
  if (unknownMethods.length > 0) throw new Error(`${serviceName} has no method ${unknownMethods.join(', ')}`);

  const channelOptions = channelOptionsFor(serviceName, policy);
  const channel = transport
    ? new GrpcChannel(address, transport.channelCredentials(), channelOptions)
    : channelFor(address, channelOptions);
  const client = new Ctor(address, credentials.createInsecure(), {
    channelOverride: channel,
  }) as unknown as Record<string, RawMethod> & Client;
  const breaker =
    policy.breaker &&
    new CircuitBreaker(policy.breaker, {
      onChange: (state, failures) => {
        if (state === 'open') logger().warn({ target: address, service: serviceName, failures }, 'circuit opened');
        else logger().info({ target: address, service: serviceName, state }, 'circuit state changed');
      },
    });
  const facade: Record<string, unknown> = {
    address,
    connected: ({ deadlineMs }: { deadlineMs: number }) =>
      new Promise<void>((resolve, reject) => {
        client.waitForReady(Date.now() + deadlineMs, (err) =>
          err
            ? reject(unavailableError(`${address} not connected within ${deadlineMs} ms: ${err.message}`))
            : resolve(),
        );
      }),
    // The channel is shared, so closing one client closes it for every client of the same target.
    close: () => {
      for (const [key, shared] of channels) if (shared === channel) channels.delete(key);
      client.close();
    },
  };
  const retryable = new Set<string>(policy.retryable ?? []);
  for (const [method, definition] of methods) {
    const raw = client[method]!.bind(client);
    const isRetryable = retryable.has(method);
    facade[method] = (request: unknown, { deadlineMs, metadata = new Metadata() }: CallOpts) => {
      // Without a breaker this is one undefined check; with one, an open circuit answers at once.
      let admission: Admission = 'call';
      if (breaker) {
        admission = breaker.admit();
        if (admission === undefined) return Promise.reject(circuitOpen(address, definition.path));
      }
      return new Promise((resolve, reject) => {
        const end = rpcClientObserver()?.(definition.path, address, metadata);
        const deadline = Date.now() + deadlineMs;
        let resent = false;
        const send = () => {
          let answerStarted = false;
          const call = raw(request, metadata, { deadline }, (err, value) => {
            // gRPC retries an attempt only until its answer begins. A replica killed between its
            // answer's headers and its status leaves the call UNAVAILABLE for good; for a read, one more
            // call (to another replica, within the same deadline) is safe. A replica that is down never
            // begins an answer, so this adds nothing to an outage.
            if (err?.code === status.UNAVAILABLE && answerStarted && !resent) {
              resent = true;
              return send();
            }
            const code = err ? err.code : status.OK;
            breaker?.record(admission, code);
            end?.(code, err?.details);
            err ? reject(err) : resolve(value);
          });
          if (isRetryable) {
            call.on('metadata', () => {
              answerStarted = true;
            });
          }
        };
        send();
      });
    };
  }
  return facade as UnaryClient<Definition>;
}

/** Closes every shared channel (tests and shutdown). */
export function closeAllChannels(): void {
  for (const channel of channels.values()) channel.close();
  channels.clear();
}
