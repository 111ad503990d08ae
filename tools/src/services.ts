import path from 'node:path';

/** One process of the shop as the launcher starts it. */
export interface ServiceSpec {
  /** Folder and process name, e.g. "cartservice". */
  name: string;
  /** The workspace folder, relative to the repository root. */
  dir: string;
  /** The env var other services find it by (e.g. CART_SERVICE_ADDR); the frontend has none. */
  addrVar?: string;
  /** Its port under `npm start` (container ports clash on one host, so some differ; see the README). */
  localPort: number;
  /** How readiness is checked: grpc.health.v1 or GET /_healthz. */
  health: 'grpc' | 'http';
}

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The shop's ten server processes (the load generator is a client and runs on its own: `npm run load`). */
export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'productcatalogservice',
    dir: 'services/productcatalogservice',
    addrVar: 'PRODUCT_CATALOG_SERVICE_ADDR',
    localPort: 3550,
    health: 'grpc',
  },
  {
    name: 'currencyservice',
    dir: 'services/currencyservice',
    addrVar: 'CURRENCY_SERVICE_ADDR',
    localPort: 7000,
    health: 'grpc',
  },
  { name: 'cartservice', dir: 'services/cartservice', addrVar: 'CART_SERVICE_ADDR', localPort: 7070, health: 'grpc' },
  {
    name: 'recommendationservice',
    dir: 'services/recommendationservice',
    addrVar: 'RECOMMENDATION_SERVICE_ADDR',
    localPort: 8081,
    health: 'grpc',
  },
  {
    name: 'shippingservice',
    dir: 'services/shippingservice',
    addrVar: 'SHIPPING_SERVICE_ADDR',
    localPort: 50051,
    health: 'grpc',
  },
  {
    name: 'paymentservice',
    dir: 'services/paymentservice',
    addrVar: 'PAYMENT_SERVICE_ADDR',
    localPort: 50052,
    health: 'grpc',
  },
  {
    name: 'emailservice',
    dir: 'services/emailservice',
    addrVar: 'EMAIL_SERVICE_ADDR',
    localPort: 5000,
    health: 'grpc',
  },
  {
    name: 'checkoutservice',
    dir: 'services/checkoutservice',
    addrVar: 'CHECKOUT_SERVICE_ADDR',
    localPort: 5050,
    health: 'grpc',
  },
  { name: 'adservice', dir: 'services/adservice', addrVar: 'AD_SERVICE_ADDR', localPort: 9555, health: 'grpc' },
  { name: 'frontend', dir: 'frontend', localPort: 8080, health: 'http' },
];

/** The compiled entry point of a service. */
export function mainScript(spec: ServiceSpec): string {
  return path.join(REPO_ROOT, spec.dir, 'dist/main.js');
}
