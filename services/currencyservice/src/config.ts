import { readEnv } from '@boutique/kit';

export interface Config {
  /** Port to listen on (all interfaces). */
  readonly port: number;
}

/** Reads the service's configuration once; throws a ConfigError naming every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const read = readEnv(env);
  // The original has no default in code; its manifests and image use 7000.
  const config = { port: read.port('PORT', 7000) };
  read.done();
  return Object.freeze(config);
}
