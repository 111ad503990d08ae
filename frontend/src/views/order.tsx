import type { Money } from '@boutique/kit';
import type { Product } from '../gateways/catalog';
import type { OrderResult } from '../gateways/checkout';
import type { Frame } from './frame';
import { Layout } from './layout';
import { Price, Recommendations } from './parts';

export interface OrderView {
  readonly order: OrderResult;
  readonly email: string;
  readonly totalPaid: Money;
  readonly recommendations: readonly Product[] | undefined;
}

export function OrderPage({ frame, view }: { frame: Frame; view: OrderView }) {
  return (
    <Layout frame={frame} title="Order placed">
      <section class="order-confirmation" aria-labelledby="order-title">
        <h1 id="order-title" class="page-title">
          Thank you, your order is placed
        </h1>
        <p>A confirmation is on its way to {view.email}.</p>
        <dl class="order-facts">
          <div>
            <dt>Confirmation number</dt>
            <dd class="order-id">{view.order.orderId}</dd>
          </div>
          <div>
            <dt>Tracking number</dt>
            <dd class="tracking-id">{view.order.shippingTrackingId}</dd>
          </div>
          <div>
            <dt>Total paid</dt>
            <dd class="total-paid">
              <Price amount={view.totalPaid} />
            </dd>
          </div>
        </dl>
        <a class="button" href={`${frame.baseUrl}/`}>
          Continue shopping
        </a>
      </section>
      <Recommendations frame={frame} products={view.recommendations} />
    </Layout>
  );
}
