import type { Money } from '@boutique/kit';
import type { Ad } from '../gateways/ad';
import type { Product } from '../gateways/catalog';
import type { Frame } from './frame';
import { Layout } from './layout';
import { AdBanner, Price, ProductPicture, Recommendations } from './parts';

/** The quantities offered (the reference's 1–5 and 10). */
const QUANTITIES = [1, 2, 3, 4, 5, 10];

export interface ProductView {
  readonly product: Product;
  readonly price: Money;
  readonly recommendations: readonly Product[] | undefined;
  readonly ad: Ad | undefined;
}

export function ProductPage({ frame, view }: { frame: Frame; view: ProductView }) {
  const { product } = view;
  return (
    <Layout frame={frame} title={product.name}>
      <article class="product-detail">
        <div class="product-detail-picture">
          <ProductPicture frame={frame} product={product} lazy={false} />
        </div>
        <div class="product-detail-info">
          <h1>{product.name}</h1>
          <p class="product-detail-price">
            <Price amount={view.price} />
          </p>
          <p>{product.description}</p>
          <form class="add-to-cart" method="post" action={`${frame.baseUrl}/cart`}>
            <input type="hidden" name="product_id" value={product.id} />
            <label for="quantity">Quantity</label>
            <select id="quantity" name="quantity">
              {QUANTITIES.map((quantity) => (
                <option value={quantity}>{quantity}</option>
              ))}
            </select>
            <button type="submit" class="button">
              Add to cart
            </button>
          </form>
          {product.categories.length > 0 && <p class="muted">Categories: {product.categories.join(', ')}</p>}
        </div>
      </article>
      <Recommendations frame={frame} products={view.recommendations} />
      <AdBanner frame={frame} ad={view.ad} />
    </Layout>
  );
}
