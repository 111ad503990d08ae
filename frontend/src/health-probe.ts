// A container health probe for the frontend image, which has no shell and no curl:
//   node frontend/dist/health-probe.js [port]
// GETs /_healthz on 127.0.0.1 (port defaults to $PORT) and exits 0 only on a 2xx answer. Compose runs
// it as a health check with no argument containing a space, which Podman 4.3's Docker-compatible API
// would split into several.
const port = process.argv[2] ?? process.env.PORT;

if (!port || !/^\d+$/.test(port)) {
  process.stderr.write('usage: health-probe [port]  (port defaults to $PORT)\n');
  process.exit(2);
}

fetch(`http://127.0.0.1:${port}/_healthz`, { signal: AbortSignal.timeout(2_000) }).then(
  (response) => {
    process.stdout.write(`${response.status}\n`);
    process.exit(response.ok ? 0 : 1);
  },
  (err: unknown) => {
    process.stderr.write(`health check failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
