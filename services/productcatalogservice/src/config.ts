import { readEnv } from '@boutique/kit';
import { DEFAULT_CATALOG_FILE } from './catalog';

export interface Config {
  /** Port to listen on (all interfaces). */
  readonly port: number;
  /** The catalog JSON file. */
  readonly catalogFile: string;
  /** Delay added before every catalog RPC, in milliseconds (a fault-injection knob). */
  readonly extraLatencyMs: number;
}

/** Reads the service's configuration once; throws a ConfigError naming every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const read = readEnv(env);
  const config = {
    port: read.port('PORT', 3550),
    catalogFile: read.optional('PRODUCT_CATALOG_FILE', DEFAULT_CATALOG_FILE),
    extraLatencyMs: read.duration('EXTRA_LATENCY', 0),
  };
  read.done();
  return Object.freeze(config);
}
