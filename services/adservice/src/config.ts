import { readEnv } from '@boutique/kit';

export interface Config {
  /** The gRPC port (the original's default, 9555). */
  readonly port: number;
}

/** Reads the configuration from an environment; throws one ConfigError naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const read = readEnv(env);
  const config = { port: read.port('PORT', 9555) };
  read.done();
  return Object.freeze(config);
}
