import {
  Server as GrpcServer,
  type handleUnaryCall,
  type Server,
  type ServerCredentials,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { exitOnSignals, shutdownDelayFromEnv } from '../lifecycle';
import { logger } from '../logger';
import { hipstershopDefinition } from '../proto';
import { type FaultInjector, faultsFromEnv, withFaults } from './faults';
import { serveHealthOnly } from './health';
import { type Transport, transportFromEnv } from './transport';
import { warmUpUntilDone } from './warm-up';

/** One gRPC service to serve: its definition and its handlers (typed with the generated `*Handlers`). */
export interface ServiceEntry {
  service: ServiceDefinition;
  handlers: UntypedServiceImplementation;
}

export interface ServeOptions {
  /** Port to bind; 0 picks a free one (tests). */
  port: number;
  /** Address to bind (default all interfaces); tests bind loopback ones such as 127.0.0.2. */
  host?: string;
  services: ServiceEntry[];
  /** Install SIGTERM/SIGINT handlers that drain and exit the process (default true; tests pass false). */
  handleSignals?: boolean;
  /** How long a drain may wait for in-flight calls before closing them (default 4 s). */
  graceMs?: number;
  /**
   * How long shutdown() keeps serving, health already NOT_SERVING, before it drains (default:
   * SHUTDOWN_DELAY from the environment, else 0; see shutdownDelayFromEnv).
   */
  shutdownDelayMs?: number;
  /**
   * How long a client connection may live before the server asks the client to reconnect (default
   * 30 s), so that a client spreading calls round_robin re-resolves its target and finds replicas that
   * started after it connected. Calls in flight then get `maxConnectionAgeGraceMs` (default 10 s,
   * above the longest deadline in the shop) to finish.
   */
  maxConnectionAgeMs?: number;
  maxConnectionAgeGraceMs?: number;
  /**
   * Faults to inject into the services' calls (never health or reflection). By default from the
   * environment: FAULTS and FAULTS_FILE (see faultsFromEnv); `false` turns injection off.
   */
  faults?: FaultInjector | false;
  /** Plaintext or mutual TLS (default: as the environment says, see transportFromEnv). */
  transport?: Transport;
  /**
   * Under mutual TLS, the names of the callers these services accept (default: the transport's
   * ALLOWED_CALLERS; with neither, any identity of the server's trust domain and namespace).
   */
  callers?: readonly string[];
  /**
   * Work to finish before health reports SERVING (channels to dependencies connected, caches primed, a
   * few calls through the handlers), so probes and balancers send traffic only to a replica that
   * answers at full speed. Until it resolves health answers NOT_SERVING, and after a failure it is
   * called again every `warmUpRetryMs` (a dependency may still be starting). Default: SERVING once bound.
   */
  warmUp?: () => Promise<unknown>;
  /** Pause between warm-up attempts (default 500 ms). */
  warmUpRetryMs?: number;
}

export interface Running {
  /** The bound port (the real one when 0 was asked for). */
  port: number;
  /** The plaintext health-only port, when the transport asks for one. */
  healthPort?: number;
  server: Server;
  health: HealthImplementation;
  /**
   * Marks the server NOT_SERVING, keeps serving for the shutdown delay, drains in-flight calls within
   * the grace period, then closes it.
   */
  shutdown(): Promise<void>;
}

/** The fully-qualified service name of a definition, e.g. "demo.OrderService". */
function serviceName(definition: ServiceDefinition): string {
  const first = Object.values(definition)[0];
  return first ? first.path.split('/')[1]! : '';
}

function bind(server: Server, address: string, creds: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, creds, (err, port) => (err ? reject(err) : resolve(port)));
  });
}

/**
 * Starts a gRPC server with the given services plus grpc.health.v1 (the empty name means the whole
 * server, as Kubernetes gRPC probes ask) and server reflection. Health reports SERVING once bound.
 */
export async function serve(options: ServeOptions): Promise<Running> {
  const {
    port,
    host,
    services,
    handleSignals = true,
    graceMs = 4_000,
    maxConnectionAgeMs = 30_000,
    maxConnectionAgeGraceMs = 10_000,
    transport = transportFromEnv(),
    shutdownDelayMs = shutdownDelayFromEnv(process.env),
  } = options;
  const faults = options.faults === undefined ? faultsFromEnv(process.env) : options.faults || undefined;
  const names = services.map((entry) => serviceName(entry.service));
  const server = new GrpcServer({
    interceptors: transport.serverInterceptors(names, options.callers),
    'grpc.max_connection_age_ms': maxConnectionAgeMs,
    'grpc.max_connection_age_grace_ms': maxConnectionAgeGraceMs,
  });
  const health = new HealthImplementation(Object.fromEntries(['', ...names].map((name) => [name, 'NOT_SERVING'])));
  health.addToServer(server);
  new ReflectionService(hipstershopDefinition()).addToServer(server);
  for (const entry of services) {
    server.addService(entry.service, faults ? injectFaults(entry, faults) : entry.handlers);
  }

  let bound: number;
  try {
    const address = host === undefined ? `[::]:${port}` : `${host.includes(':') ? `[${host}]` : host}:${port}`;
    bound = await bind(server, address, transport.serverCredentials());
  } catch (err) {
    if (String(err).includes('EADDRINUSE')) throw new Error(`port ${port} is already in use`, { cause: err });
    if (host !== undefined) throw err;
    // A host without IPv6 cannot bind [::]; IPv4's any-address still serves everyone there.
    bound = await bind(server, `0.0.0.0:${port}`, transport.serverCredentials());
  }
  const healthOnly =
    transport.healthPort === undefined ? undefined : await serveHealthOnly(health, transport.healthPort);
  let stopped: Promise<void> | undefined;
  const markServing = () => {
    // A shutdown that began during warm-up keeps NOT_SERVING.
    if (stopped) return;
    for (const name of ['', ...names]) health.setStatus(name, 'SERVING');
    logger().info({ port: bound, services: names, mtls: transport.secure, healthPort: healthOnly?.port }, 'serving');
  };
  if (options.warmUp) {
    logger().info({ port: bound, services: names }, 'warming up, NOT_SERVING until ready');
    void warmUpUntilDone(options.warmUp, options.warmUpRetryMs ?? 500, () => stopped !== undefined).then(markServing);
  } else {
    markServing();
  }

  const running: Running = {
    port: bound,
    healthPort: healthOnly?.port,
    server,
    health,
    shutdown: () => {
      faults?.close();
      stopped ??= drain(server, health, ['', ...names], { delayMs: shutdownDelayMs, graceMs }).then(() =>
        healthOnly?.server.forceShutdown(),
      );
      return stopped;
    },
  };
  if (handleSignals) exitOnSignals(running.shutdown);
  return running;
}

/** The entry's handlers with fault injection around each unary one (every hipstershop RPC is unary). */
function injectFaults(entry: ServiceEntry, faults: FaultInjector): UntypedServiceImplementation {
  const handlers: UntypedServiceImplementation = { ...entry.handlers };
  for (const [method, definition] of Object.entries(entry.service)) {
    const handler = handlers[method];
    if (handler && !definition.requestStream && !definition.responseStream) {
      handlers[method] = withFaults(definition.path, handler as handleUnaryCall<unknown, unknown>, faults);
    }
  }
  return handlers;
}

async function drain(
  server: Server,
  health: HealthImplementation,
  names: string[],
  { delayMs, graceMs }: { delayMs: number; graceMs: number },
): Promise<void> {
  // Probes and balancers see NOT_SERVING first and stop sending new calls.
  for (const name of names) health.setStatus(name, 'NOT_SERVING');
  if (delayMs > 0) {
    logger().info({ delayMs }, 'NOT_SERVING; still answering until the shutdown delay is over');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  return new Promise((resolve) => {
    // tryShutdown can wait forever on a stuck call (grpc-node#1458); the pod's grace period is short.
    const timer = setTimeout(() => {
      logger().warn({ graceMs }, 'drain timed out, closing remaining calls');
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
