import type { Ad } from '../gateways/ad';
import type { Frame } from './frame';
import { Layout } from './layout';
import { AdBanner, type PricedProduct, ProductGrid } from './parts';

export function HomePage({ frame, products, ad }: { frame: Frame; products: readonly PricedProduct[]; ad?: Ad }) {
  return (
    <Layout frame={frame}>
      <section class="hero">
        <h1>Small things, well made</h1>
        <p>Everyday objects chosen for how long they last. Prices are shown in {frame.currency}.</p>
      </section>
      <h2 class="section-title">All products</h2>
      <ProductGrid frame={frame} items={products} />
      <AdBanner frame={frame} ad={ad} />
    </Layout>
  );
}
