import { type ChannelCredentials, makeClientConstructor, Server, ServerCredentials } from '@grpc/grpc-js';
import { type HealthImplementation, service as healthService } from 'grpc-health-check';
import { transportFromEnv } from './transport';

type HealthClient = {
  check(
    request: { service: string },
    options: { deadline: number },
    callback: (err: Error | null, response?: { status: string | number }) => void,
  ): void;
  close(): void;
};

const HealthClientCtor = makeClientConstructor(
  healthService as unknown as Parameters<typeof makeClientConstructor>[0],
  'grpc.health.v1.Health',
);

/**
 * Asks a server's grpc.health.v1 Check for a service ("" = the whole server) and resolves with the
 * status name ("SERVING", "NOT_SERVING", ...). Rejects when the server cannot be reached in time.
 * It speaks this process's transport (plaintext, or TLS when the environment configures it) unless
 * given other credentials.
 */
export function checkHealth(
  address: string,
  service = '',
  deadlineMs = 1_000,
  creds: ChannelCredentials = transportFromEnv().channelCredentials(),
): Promise<string> {
  const client = new HealthClientCtor(address, creds) as unknown as HealthClient;
  return new Promise<string>((resolve, reject) => {
    client.check({ service }, { deadline: Date.now() + deadlineMs }, (err, response) => {
      client.close();
      if (err) reject(err);
      else resolve(response?.status === 1 ? 'SERVING' : String(response?.status));
    });
  });
}

/**
 * Serves `health` alone, in plaintext, on `port` of every interface: for the kubelet's gRPC probes,
 * which cannot speak TLS, beside a server that only speaks mutual TLS.
 */
export function serveHealthOnly(health: HealthImplementation, port: number): Promise<{ server: Server; port: number }> {
  const server = new Server();
  health.addToServer(server);
  return new Promise((resolve, reject) => {
    server.bindAsync(`[::]:${port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(new Error(`health port ${port}: ${err.message}`, { cause: err })) : resolve({ server, port: bound }),
    );
  });
}
