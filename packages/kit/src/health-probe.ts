// A container health probe for images without a shell:
//   node packages/kit/dist/health-probe.js [port] [service]
// Calls grpc.health.v1/Check on 127.0.0.1 (port defaults to $PORT) and exits 0 only when SERVING.
import { checkHealth } from './grpc/health';

const port = process.argv[2] ?? process.env.PORT;
const service = process.argv[3] ?? '';

if (!port || !/^\d+$/.test(port)) {
  process.stderr.write('usage: health-probe [port] [service]  (port defaults to $PORT)\n');
  process.exit(2);
}

checkHealth(`127.0.0.1:${port}`, service, 2_000).then(
  (status) => {
    process.stdout.write(`${status}\n`);
    process.exit(status === 'SERVING' ? 0 : 1);
  },
  (err: unknown) => {
    process.stderr.write(`health check failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
