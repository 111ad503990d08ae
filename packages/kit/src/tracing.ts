// Preloaded before a service's own code (`node --require=@boutique/kit/tracing dist/main.js`), so
// OpenTelemetry can patch grpc-js, http, express, ioredis and pino as they are first required.
// With tracing off this module loads nothing else: no SDK, no exporter, no cost.
import { telemetryConfig } from './tracing-config';

const config = telemetryConfig(process.env, process.argv[1]);
if (config) {
  Object.assign(process.env, config.env);
  // Required lazily so that the SDK is never loaded when tracing is off.
  (require('./telemetry') as typeof import('./telemetry')).startTelemetry(config);
}
