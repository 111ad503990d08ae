import { type CallOpts, createClient } from '@boutique/kit';

/**
 * The promise-returning methods of a generated service definition, typed from each method's
 * serializers. TODO(checkoutservice): use the kit's UnaryClient once it infers method signatures
 * (it infers `unknown` in the middle positions of MethodDefinition, which parameter variance turns
 * into `never` for every method).
 */
export type Client<Definition> = {
  [Method in keyof Definition]: Definition[Method] extends {
    requestSerialize: (value: infer Request) => Buffer;
    responseDeserialize: (bytes: Buffer) => infer Response;
  }
    ? (request: Request, options: CallOpts) => Promise<Response>
    : never;
} & { close(): void };

/** A client for the service at `host:port` (the kit's shared channel per address), typed with Client. */
export function clientFor<Definition extends object>(
  Ctor: Parameters<typeof createClient<Definition>>[0],
  address: string,
): Client<Definition> {
  return createClient(Ctor, address) as unknown as Client<Definition>;
}
