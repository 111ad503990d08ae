import { readEnv } from '@boutique/kit';

export interface Config {
  readonly port: number;
}

/** Reads the service's configuration: only PORT (the original's 50051). */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const read = readEnv(env);
  const config = { port: read.port('PORT', 50051) };
  read.done();
  return Object.freeze(config);
}
