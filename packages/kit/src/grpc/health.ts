import { credentials, makeClientConstructor } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

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
 */
export function checkHealth(address: string, service = '', deadlineMs = 1_000): Promise<string> {
  const client = new HealthClientCtor(address, credentials.createInsecure()) as unknown as HealthClient;
  return new Promise<string>((resolve, reject) => {
    client.check({ service }, { deadline: Date.now() + deadlineMs }, (err, response) => {
      client.close();
      if (err) reject(err);
      else resolve(response?.status === 1 ? 'SERVING' : String(response?.status));
    });
  });
}
