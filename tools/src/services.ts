import path from 'node:path';

/** One workspace that ships as a container image: the ten servers and the load generator. */
export interface ImageSpec {
  /** Folder, process and image name, e.g. "cartservice". */
  name: string;
  /** The workspace folder, relative to the repository root. */
  dir: string;
}

/** One process of the shop as the launcher starts it (and as its image runs it). */
export interface ServiceSpec extends ImageSpec {
  /** The env var other services find it by (e.g. CART_SERVICE_ADDR); the frontend has none. */
  addrVar?: string;
  /** Its port under `npm start` (container ports clash on one host, so some differ; see the README). */
  localPort: number;
  /** Its port in a container (images, compose, Kubernetes). */
  containerPort: number;
  /** Its Kubernetes Service port, when that differs from the container port. */
  servicePort?: number;
  /** How readiness is checked: grpc.health.v1 or GET /_healthz. */
  health: 'grpc' | 'http';
  /** Node flags of its start command, here, in its package.json `start` and in its image's CMD. */
  nodeFlags: readonly string[];
  /**
   * The services that call it (the call graph): under mutual TLS, the only callers it accepts
   * (ALLOWED_CALLERS). The Helm chart's policies name the same ones; the frontend is called by shoppers.
   */
  callers?: readonly string[];
}

/**
 * V8 sizes its heap for the host, not the service: on a large machine a busy service grows its young
 * generation to 2 × 64 MB and lets old garbage pile up, ending near 250 MB RSS. Live heaps here are
 * about 15 MB. An 8 MB semi-space keeps a saturated gRPC service near 110 MB RSS (about 60 MB of it
 * private; the rest is the node binary's shared code) inside the original's 128 Mi pod limit; a
 * 2 MB one saves under 10 MB but costs PlaceOrder 12-30 % of its throughput in promoted garbage.
 * The frontend stays under 150 MB. `npm run bench` reports RSS and private memory.
 */
export const GRPC_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=64'] as const;
export const FRONTEND_NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=128'] as const;

/** Environment every service process gets: glibc keeps two malloc arenas instead of one per thread. */
export const RUNTIME_ENV = { MALLOC_ARENA_MAX: '2' } as const;

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The shop's ten server processes (the load generator is a client and runs on its own: `npm run load`). */
export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'productcatalogservice',
    dir: 'services/productcatalogservice',
    addrVar: 'PRODUCT_CATALOG_SERVICE_ADDR',
    localPort: 3550,
    containerPort: 3550,
    health: 'grpc',
    nodeFlags: GRPC_NODE_FLAGS,
    callers: ['frontend', 'checkoutservice', 'recommendationservice'],
  },
  {
    name: 'currencyservice',
    dir: 'services/currencyservice',
    addrVar: 'CURRENCY_SERVICE_ADDR',
    localPort: 7000,
    containerPort: 7000,
    health: 'grpc',
    nodeFlags: GRPC_NODE_FLAGS,
    callers: ['frontend', 'checkoutservice'],
  },
  {
    name: 'cartservice',
    dir: 'services/cartservice',
    addrVar: 'CART_SERVICE_ADDR',
    localPort: 7070,
    containerPort: 7070,
    health: 'grpc',
    nodeFlags: GRPC_NODE_FLAGS,
    callers: ['frontend', 'checkoutservice'],
  },
  {
    name: 'recommendationservice',
    dir: 'services/recommendationservice',
    addrVar: 'RECOMMENDATION_SERVICE_ADDR',
    localPort: 8081,
    containerPort: 8080,
    health: 'grpc',
    nodeFlags: GRPC_NODE_FLAGS,
    callers: ['frontend'],
  },
  {
    name: 'shippingservice',
    dir: 'services/shippingservice',
    addrVar: 'SHIPPING_SERVICE_ADDR',
    localPort: 50051,
    containerPort: 50051,
    health: 'grpc',
    nodeFlags: GRPC_NODE_FLAGS,
    callers: ['frontend', 'checkoutservice'],
  },
  {
    name: 'paymentservice',
    dir: 'services/paymentservice',
    addrVar: 'PAYMENT_SERVICE_ADDR',
    localPort: 50052,
    containerPort: 50051,
    health: 'grpc',
    nodeFlags: GRPC_NODE_FLAGS,
    callers: ['checkoutservice'],
  },
  {
    name: 'emailservice',
    dir: 'services/emailservice',
    addrVar: 'EMAIL_SERVICE_ADDR',
    localPort: 5000,
    containerPort: 8080,
    servicePort: 5000,
    health: 'grpc',
    nodeFlags: GRPC_NODE_FLAGS,
    callers: ['checkoutservice'],
  },
  {
    name: 'checkoutservice',
    dir: 'services/checkoutservice',
    addrVar: 'CHECKOUT_SERVICE_ADDR',
    localPort: 5050,
    containerPort: 5050,
    health: 'grpc',
    nodeFlags: GRPC_NODE_FLAGS,
    callers: ['frontend'],
  },
  {
    name: 'adservice',
    dir: 'services/adservice',
    addrVar: 'AD_SERVICE_ADDR',
    localPort: 9555,
    containerPort: 9555,
    health: 'grpc',
    nodeFlags: GRPC_NODE_FLAGS,
    callers: ['frontend'],
  },
  {
    name: 'frontend',
    dir: 'frontend',
    localPort: 8080,
    containerPort: 8080,
    servicePort: 80,
    health: 'http',
    nodeFlags: FRONTEND_NODE_FLAGS,
  },
];

/** The load generator: a client of the frontend, so it has no port, no health check and no tracing preload. */
export const LOADGENERATOR: ImageSpec = { name: 'loadgenerator', dir: 'services/loadgenerator' };

/**
 * Every image, sorted by name: the table the Dockerfiles, docker-bake.hcl and the deploy tests are
 * derived from (`npm run gen:dockerfiles`).
 */
export const IMAGES: readonly ImageSpec[] = [...SERVICES, LOADGENERATOR].sort((a, b) => a.name.localeCompare(b.name));

/** Whether an image is one of the ten servers (it listens on a port and is health-checked). */
export function isServer(spec: ImageSpec): spec is ServiceSpec {
  return 'containerPort' in spec;
}

/** The compiled entry point of a service. */
export function mainScript(spec: ServiceSpec): string {
  return path.join(REPO_ROOT, spec.dir, 'dist/main.js');
}
