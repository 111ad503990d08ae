// Preloaded before a service's own code (`node --require=@boutique/kit/tracing dist/main.js`), so
// OpenTelemetry can patch ioredis and pino as they are first required, and the kit's telemetry
// hooks are installed before the first call is served or made.
// With tracing off this module loads nothing else: no SDK, no exporter, no cost.
import { telemetryConfig } from './tracing-config';

const config = telemetryConfig(process.env, process.argv[1]);
if (config) {
  Object.assign(process.env, config.env);
  // Required lazily so that the SDK is never loaded when tracing is off.
  (require('./start') as typeof import('./start')).startTelemetry(config);
}
