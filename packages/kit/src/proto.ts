import path from 'node:path';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/demo';
import loaderOptions from './loader-options.json';

/**
 * How the contract is loaded, chosen once for every service and for the type generator
 * (scripts/gen-types.mjs reads the same JSON): camelCase fields, int64 as decimal strings (exact,
 * no Long objects), enums as names, defaults filled in, oneofs named.
 */
export const LOADER_OPTIONS: Readonly<Options> = Object.freeze({
  ...loaderOptions,
  // JSON cannot hold a constructor; "String" there means the String constructor here.
  longs: loaderOptions.longs === 'String' ? String : Number,
  enums: String,
});

/** Where demo.proto lives: the repository's protos/ folder, kept at the same relative place in images. */
export const PROTO_PATH = path.resolve(__dirname, '../../../protos/demo.proto');

let definition: PackageDefinition | undefined;

/** The parsed contract (loaded once per process), for reflection and for raw method definitions. */
export function hipstershopDefinition(): PackageDefinition {
  definition ??= loadSync(PROTO_PATH, LOADER_OPTIONS);
  return definition;
}

/**
 * The hipstershop package: a client constructor per service (`new hipstershop.CartService(addr, creds)`),
 * each with its `.service` definition for servers.
 */
export const hipstershop: ProtoGrpcType['hipstershop'] = (
  loadPackageDefinition(hipstershopDefinition()) as unknown as ProtoGrpcType
).hipstershop;
