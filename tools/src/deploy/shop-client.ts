// One shopper over HTTP, for the checks that drive a deployed shop (compose, a cluster): a session
// cookie, an item in the cart, and an order placed through the checkout form.

/** The frontend's session cookie; its value is the user id the cart is stored under. */
export const SESSION_COOKIE = 'shop_session-id';
/** Sunglasses, the first product of the catalog. */
export const A_PRODUCT_ID = 'OLJCESPC7Z';

/** The checkout form as a shopper fills it in: a Luhn-valid test card that expires next January. */
export function checkoutForm(): Record<string, string> {
  return {
    email: 'someone@example.com',
    street_address: '1600 Amphitheatre Parkway',
    zip_code: '94043',
    city: 'Mountain View',
    state: 'CA',
    country: 'United States',
    credit_card_number: '4432801561520454',
    credit_card_expiration_month: '1',
    credit_card_expiration_year: String(new Date().getFullYear() + 1),
    credit_card_cvv: '672',
  };
}

export class Shopper {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {}

  /** The session id the frontend gave this shopper (after the first page). */
  get sessionId(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  async get(path: string): Promise<Response> {
    return this.request('GET', path);
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    return this.request('POST', path, new URLSearchParams(form).toString());
  }

  /** Opens the home page, puts `quantity` of a product in the cart; throws unless every step succeeds. */
  async fillCart(productId = A_PRODUCT_ID, quantity = 2): Promise<void> {
    await expectStatus(await this.get('/'), 200, 'GET /');
    await expectStatus(
      await this.post('/cart', { product_id: productId, quantity: String(quantity) }),
      302,
      'POST /cart',
    );
  }

  /** Places an order with the cart as it is; returns the order id from the confirmation page. */
  async checkout(): Promise<string> {
    const response = await this.post('/cart/checkout', checkoutForm());
    const html = await expectStatus(response, 200, 'POST /cart/checkout');
    const orderId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(html)?.[0];
    if (!orderId) throw new Error(`POST /cart/checkout answered 200 without an order id:\n${html.slice(0, 2000)}`);
    return orderId;
  }

  private async request(method: string, path: string, body?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    return response;
  }
}

async function expectStatus(response: Response, status: number, what: string): Promise<string> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`${what} answered ${response.status}, not ${status}: ${text.slice(0, 500)}`);
  return text;
}

/** One shopper's order, start to finish, against a shop at baseUrl; returns the order id. */
export async function placeOrder(baseUrl: string): Promise<string> {
  const shopper = new Shopper(baseUrl);
  await shopper.fillCart();
  return shopper.checkout();
}
