/** A workload identity as Istio and SPIRE spell it: spiffe://<trust-domain>/ns/<namespace>/sa/<name>. */
export interface SpiffeId {
  readonly uri: string;
  readonly trustDomain: string;
  readonly namespace: string;
  /** The service account, which is the workload's service name (e.g. "orderservice"). */
  readonly name: string;
}

// Trust domain: a DNS-like name; namespace and service account: Kubernetes names.
const SPIFFE_ID = /^spiffe:\/\/([a-z0-9._-]+)\/ns\/([a-z0-9-]+)\/sa\/([a-z0-9.-]+)$/;

/** Parses a SPIFFE ID of the ns/sa form; undefined for anything else. */
export function parseSpiffeId(uri: string): SpiffeId | undefined {
  const match = SPIFFE_ID.exec(uri);
  if (!match) return undefined;
  const [, trustDomain, namespace, name] = match as unknown as [string, string, string, string];
  return { uri, trustDomain, namespace, name };
}

/**
 * The spiffe:// URIs in a subjectAltName as Node prints it ("DNS:a, URI:spiffe://..., IP Address:..").
 * Node quotes a value that holds a comma or a quote; such a value is never a valid SPIFFE ID, so it is skipped.
 */
export function spiffeIdsOf(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName
    .split(', ')
    .filter((entry) => entry.startsWith('URI:spiffe://'))
    .map((entry) => entry.slice('URI:'.length));
}

/** The SPIFFE ID of a service `name` in the same trust domain and namespace as `self`. */
export function spiffeIdFor(self: SpiffeId, name: string): string {
  return `spiffe://${self.trustDomain}/ns/${self.namespace}/sa/${name}`;
}
