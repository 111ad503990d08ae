import type { Money } from '@boutique/kit';
import type { Product } from '../gateways/catalog';
import type { Frame } from './frame';
import { Layout } from './layout';
import { Price, ProductPicture, Recommendations } from './parts';

export interface CartLine {
  readonly product: Product;
  readonly quantity: number;
  /** Converted unit price × quantity. */
  readonly lineTotal: Money;
}

export interface CartView {
  readonly lines: readonly CartLine[];
  readonly shipping: Money;
  readonly total: Money;
  readonly recommendations: readonly Product[] | undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The checkout form's placeholder data (ours), so the golden path needs no typing: a Luhn-valid test
 * VISA number that no issuer uses, an example.com address and a made-up street.
 */
export const CHECKOUT_PLACEHOLDERS = {
  email: 'shopper@example.com',
  street_address: '12 Larkspur Lane',
  zip_code: '94110',
  city: 'Brookfield',
  state: 'CA',
  country: 'United States',
  credit_card_number: '4716190207394368',
  credit_card_cvv: '481',
} as const;

function Field({
  name,
  label,
  ...input
}: { name: keyof typeof CHECKOUT_PLACEHOLDERS; label: string } & Record<string, string | boolean>) {
  return (
    <div class="field">
      <label for={name}>{label}</label>
      <input id={name} name={name} value={CHECKOUT_PLACEHOLDERS[name]} required {...input} />
    </div>
  );
}

function CheckoutForm({ frame, year }: { frame: Frame; year: number }) {
  const years = [0, 1, 2, 3, 4].map((offset) => year + offset);
  return (
    <form class="checkout-form" method="post" action={`${frame.baseUrl}/cart/checkout`}>
      <h2>Checkout</h2>
      <fieldset>
        <legend>Contact</legend>
        <Field name="email" label="Email" type="email" autocomplete="email" />
      </fieldset>
      <fieldset>
        <legend>Shipping address</legend>
        <Field name="street_address" label="Street address" autocomplete="street-address" />
        <div class="field-row">
          <Field name="zip_code" label="Zip code" inputmode="numeric" pattern="\d{4,5}" autocomplete="postal-code" />
          <Field name="city" label="City" autocomplete="address-level2" />
        </div>
        <div class="field-row">
          <Field name="state" label="State" autocomplete="address-level1" />
          <Field name="country" label="Country" autocomplete="country-name" />
        </div>
      </fieldset>
      <fieldset>
        <legend>Payment</legend>
        <Field
          name="credit_card_number"
          label="Card number"
          inputmode="numeric"
          pattern="\d{16}"
          autocomplete="cc-number"
        />
        <div class="field-row">
          <div class="field">
            <label for="credit_card_expiration_month">Expiry month</label>
            <select id="credit_card_expiration_month" name="credit_card_expiration_month" autocomplete="cc-exp-month">
              {MONTHS.map((name, index) => (
                <option value={index + 1} selected={index === 0}>
                  {String(index + 1).padStart(2, '0')} · {name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="credit_card_expiration_year">Expiry year</label>
            <select id="credit_card_expiration_year" name="credit_card_expiration_year" autocomplete="cc-exp-year">
              {years.map((value) => (
                <option value={value} selected={value === year + 1}>
                  {value}
                </option>
              ))}
            </select>
          </div>
          <Field
            name="credit_card_cvv"
            label="CVV"
            type="password"
            inputmode="numeric"
            pattern="\d{3}"
            autocomplete="cc-csc"
          />
        </div>
      </fieldset>
      <button type="submit" class="button button-wide">
        Place order
      </button>
    </form>
  );
}

export function CartPage({ frame, view }: { frame: Frame; view: CartView }) {
  const count = view.lines.reduce((sum, line) => sum + line.quantity, 0);
  if (view.lines.length === 0) {
    return (
      <Layout frame={frame} title="Cart">
        <section class="empty-cart">
          <h1 class="page-title">Your cart is empty</h1>
          <p>Items you add to your cart will appear here.</p>
          <a class="button" href={`${frame.baseUrl}/`}>
            Continue shopping
          </a>
        </section>
        <Recommendations frame={frame} products={view.recommendations} />
      </Layout>
    );
  }
  return (
    <Layout frame={frame} title="Cart">
      <div class="cart-layout">
        <section class="cart-summary" aria-labelledby="cart-title">
          <h1 id="cart-title" class="page-title">
            Cart ({count} {count === 1 ? 'item' : 'items'})
          </h1>
          <div class="cart-actions">
            <form method="post" action={`${frame.baseUrl}/cart/empty`}>
              <button type="submit" class="button button-secondary">
                Empty cart
              </button>
            </form>
            <a href={`${frame.baseUrl}/`}>Continue shopping</a>
          </div>
          <ul class="cart-lines">
            {view.lines.map((line) => (
              <li class="cart-line">
                <ProductPicture frame={frame} product={line.product} />
                <div>
                  <a href={`${frame.baseUrl}/product/${encodeURIComponent(line.product.id)}`}>{line.product.name}</a>
                  <p class="muted">SKU {line.product.id}</p>
                  <p class="muted">Quantity: {line.quantity}</p>
                </div>
                <Price amount={line.lineTotal} />
              </li>
            ))}
          </ul>
          <dl class="totals">
            <div>
              <dt>Shipping</dt>
              <dd>
                <Price amount={view.shipping} />
              </dd>
            </div>
            <div class="totals-total">
              <dt>Total</dt>
              <dd>
                <Price amount={view.total} />
              </dd>
            </div>
          </dl>
        </section>
        <CheckoutForm frame={frame} year={frame.year} />
      </div>
      <Recommendations frame={frame} products={view.recommendations} />
    </Layout>
  );
}
