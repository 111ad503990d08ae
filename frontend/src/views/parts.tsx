import { type Money, money } from '@boutique/kit';
import type { Ad } from '../gateways/ad';
import type { Product } from '../gateways/catalog';
import { type Frame, sitePath } from './frame';

/** A product with its price in the shopper's currency. */
export interface PricedProduct {
  readonly product: Product;
  readonly price: Money;
}

/** An amount as the reference shows it: symbol, units, two decimals (truncated), computed exactly. */
export function Price({ amount }: { amount: Money }) {
  return <span class="price">{money.format(amount)}</span>;
}

export function ProductPicture({ frame, product, lazy = true }: { frame: Frame; product: Product; lazy?: boolean }) {
  const src = sitePath(frame, product.picture);
  return src ? (
    <img
      class="product-picture"
      src={src}
      alt={product.name}
      width={400}
      height={400}
      loading={lazy ? 'lazy' : undefined}
    />
  ) : (
    <div class="product-picture product-picture-missing" role="img" aria-label={product.name} />
  );
}

export function ProductCard({ frame, item }: { frame: Frame; item: PricedProduct }) {
  return (
    <li class="product-card">
      <a href={`${frame.baseUrl}/product/${encodeURIComponent(item.product.id)}`}>
        <ProductPicture frame={frame} product={item.product} />
        <span class="product-card-name">{item.product.name}</span>
      </a>
      <Price amount={item.price} />
    </li>
  );
}

export function ProductGrid({ frame, items }: { frame: Frame; items: readonly PricedProduct[] }) {
  return (
    <ul class="product-grid">
      {items.map((item) => (
        <ProductCard frame={frame} item={item} />
      ))}
    </ul>
  );
}

/** A text ad; nothing when there is none or its link does not stay on the site. */
export function AdBanner({ frame, ad }: { frame: Frame; ad: Ad | undefined }) {
  const href = ad && sitePath(frame, ad.redirectUrl);
  if (!ad || !href) return null;
  return (
    <aside class="ad" aria-label="Advertisement">
      <span class="ad-label">Ad</span>
      <a href={href}>{ad.text}</a>
    </aside>
  );
}

/** Up to four suggested products; nothing when the recommendations were unavailable or empty. */
export function Recommendations({ frame, products }: { frame: Frame; products: readonly Product[] | undefined }) {
  if (!products || products.length === 0) return null;
  return (
    <section class="recommendations" aria-labelledby="recommendations-title">
      <h2 id="recommendations-title">You may also like</h2>
      <ul class="recommendation-list">
        {products.slice(0, 4).map((product) => (
          <li>
            <a href={`${frame.baseUrl}/product/${encodeURIComponent(product.id)}`}>
              <ProductPicture frame={frame} product={product} />
              <span>{product.name}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
