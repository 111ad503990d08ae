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
import { rpcClientObserver } from '../telemetry/hooks';
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
} & { readonly address: string; close(): void };

type ClientConstructor<Definition> = {
  new (address: string, creds: ChannelCredentials, options?: ChannelOptions): Client;
  service: Definition;
};

// Keep connections warm between bursts, and notice dead peers behind NATs and proxies.
const CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 10_000,
};

const channels = new Map<string, Channel>();

/** The one channel to an address, shared by every client of this process that talks to it. */
function channelFor(address: string): Channel {
  let channel = channels.get(address);
  if (!channel) {
    channel = new GrpcChannel(address, transportFromEnv().channelCredentials(), CHANNEL_OPTIONS);
    channels.set(address, channel);
  }
  return channel;
}

type Callback = (err: ServiceError | null, value?: unknown) => void;
type RawMethod = (request: unknown, metadata: Metadata, options: CallOptions, callback: Callback) => ClientUnaryCall;

/**
 * Creates a client for one service at `host:port`: one channel per address (shared), plaintext as in
 * the original or mutual TLS when the environment configures it (see transportFromEnv), and a promise
 * per unary call with the deadline the caller picks. With tracing on, each call is a client span
 * whose W3C trace context travels in the call's metadata. A client given its own `transport` (tests)
 * gets its own channel.
 */
export function createClient<Definition extends object>(
  Ctor: ClientConstructor<Definition>,
  address: string,
  { transport }: { transport?: Transport } = {},
): UnaryClient<Definition> {
  const channel = transport
    ? new GrpcChannel(address, transport.channelCredentials(), CHANNEL_OPTIONS)
    : channelFor(address);
  const client = new Ctor(address, credentials.createInsecure(), {
    channelOverride: channel,
  }) as unknown as Record<string, RawMethod> & Client;
  const facade: Record<string, unknown> = {
    address,
    // The channel is shared, so closing one client closes the address for every client of it.
    close: () => {
      if (channels.get(address) === channel) channels.delete(address);
      client.close();
    },
  };
  for (const [method, definition] of Object.entries(Ctor.service) as Array<
    [string, MethodDefinition<unknown, unknown>]
  >) {
    const raw = client[method]!.bind(client);
    facade[method] = (request: unknown, { deadlineMs, metadata = new Metadata() }: CallOpts) =>
      new Promise((resolve, reject) => {
        const end = rpcClientObserver()?.(definition.path, address, metadata);
        raw(request, metadata, { deadline: Date.now() + deadlineMs }, (err, value) => {
          end?.(err ? err.code : status.OK, err?.details);
          err ? reject(err) : resolve(value);
        });
      });
  }
  return facade as UnaryClient<Definition>;
}

/** Closes every shared channel (tests and shutdown). */
export function closeAllChannels(): void {
  for (const channel of channels.values()) channel.close();
  channels.clear();
}
