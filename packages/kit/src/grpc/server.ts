import {
  Server as GrpcServer,
  type Server,
  type ServerCredentials,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { exitOnSignals } from '../lifecycle';
import { logger } from '../logger';
import { hipstershopDefinition } from '../proto';
import { serveHealthOnly } from './health';
import { type Transport, transportFromEnv } from './transport';
import { warmUpUntilDone } from './warm-up';

/** One gRPC service to serve: its definition and its handlers (typed with the generated `*Handlers`). */
export interface ServiceEntry {
  service: ServiceDefinition;
  handlers: UntypedServiceImplementation;
}

export interface ServeOptions {
  /** Port to bind on all interfaces; 0 picks a free one (tests). */
  port: number;
  services: ServiceEntry[];
  /** Install SIGTERM/SIGINT handlers that drain and exit the process (default true; tests pass false). */
  handleSignals?: boolean;
  /** How long a drain may wait for in-flight calls before closing them (default 4 s, inside a 5 s pod grace period). */
  graceMs?: number;
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
  /** Marks the server NOT_SERVING, drains in-flight calls within the grace period, then closes it. */
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
  const { port, services, handleSignals = true, graceMs = 4_000, transport = transportFromEnv() } = options;
  const names = services.map((entry) => serviceName(entry.service));
  const server = new GrpcServer({ interceptors: transport.serverInterceptors(names, options.callers) });
  const health = new HealthImplementation(Object.fromEntries(['', ...names].map((name) => [name, 'NOT_SERVING'])));
  health.addToServer(server);
  new ReflectionService(hipstershopDefinition()).addToServer(server);
  for (const entry of services) server.addService(entry.service, entry.handlers);

  let bound: number;
  try {
    bound = await bind(server, `[::]:${port}`, transport.serverCredentials());
  } catch (err) {
    // A host without IPv6 cannot bind [::]; IPv4's any-address still serves everyone there.
    if (String(err).includes('EADDRINUSE')) throw new Error(`port ${port} is already in use`, { cause: err });
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
      stopped ??= drain(server, health, ['', ...names], graceMs).then(() => healthOnly?.server.forceShutdown());
      return stopped;
    },
  };
  if (handleSignals) exitOnSignals(running.shutdown);
  return running;
}

function drain(server: Server, health: HealthImplementation, names: string[], graceMs: number): Promise<void> {
  // Probes and balancers see NOT_SERVING first and stop sending new calls.
  for (const name of names) health.setStatus(name, 'NOT_SERVING');
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
