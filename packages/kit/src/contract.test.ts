// The contract cannot drift: every service, method, message, field name, number and type of the
// original hipstershop package (docs/compatibility.md, Contract) is asserted against protos/demo.proto itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSync, type MessageTypeDefinition, type ServiceDefinition } from '@grpc/proto-loader';
import { PROTO_PATH } from './proto';

// keepCase: the wire names, not the camelCase the services use.
const definition = loadSync(PROTO_PATH, { keepCase: true });

type Field = [number: number, type: string, name: string, repeated?: 'repeated'];

const MESSAGES: Record<string, Field[]> = {
  CartItem: [
    [1, 'string', 'product_id'],
    [2, 'int32', 'quantity'],
  ],
  AddItemRequest: [
    [1, 'string', 'user_id'],
    [2, 'CartItem', 'item'],
  ],
  EmptyCartRequest: [[1, 'string', 'user_id']],
  GetCartRequest: [[1, 'string', 'user_id']],
  Cart: [
    [1, 'string', 'user_id'],
    [2, 'CartItem', 'items', 'repeated'],
  ],
  Empty: [],
  ListRecommendationsRequest: [
    [1, 'string', 'user_id'],
    [2, 'string', 'product_ids', 'repeated'],
  ],
  ListRecommendationsResponse: [[1, 'string', 'product_ids', 'repeated']],
  Product: [
    [1, 'string', 'id'],
    [2, 'string', 'name'],
    [3, 'string', 'description'],
    [4, 'string', 'picture'],
    [5, 'Money', 'price_usd'],
    [6, 'string', 'categories', 'repeated'],
  ],
  ListProductsResponse: [[1, 'Product', 'products', 'repeated']],
  GetProductRequest: [[1, 'string', 'id']],
  SearchProductsRequest: [[1, 'string', 'query']],
  SearchProductsResponse: [[1, 'Product', 'results', 'repeated']],
  GetQuoteRequest: [
    [1, 'Address', 'address'],
    [2, 'CartItem', 'items', 'repeated'],
  ],
  GetQuoteResponse: [[1, 'Money', 'cost_usd']],
  ShipOrderRequest: [
    [1, 'Address', 'address'],
    [2, 'CartItem', 'items', 'repeated'],
  ],
  ShipOrderResponse: [[1, 'string', 'tracking_id']],
  Address: [
    [1, 'string', 'street_address'],
    [2, 'string', 'city'],
    [3, 'string', 'state'],
    [4, 'string', 'country'],
    [5, 'int32', 'zip_code'],
  ],
  Money: [
    [1, 'string', 'currency_code'],
    [2, 'int64', 'units'],
    [3, 'int32', 'nanos'],
  ],
  GetSupportedCurrenciesResponse: [[1, 'string', 'currency_codes', 'repeated']],
  CurrencyConversionRequest: [
    [1, 'Money', 'from'],
    [2, 'string', 'to_code'],
  ],
  CreditCardInfo: [
    [1, 'string', 'credit_card_number'],
    [2, 'int32', 'credit_card_cvv'],
    [3, 'int32', 'credit_card_expiration_year'],
    [4, 'int32', 'credit_card_expiration_month'],
  ],
  ChargeRequest: [
    [1, 'Money', 'amount'],
    [2, 'CreditCardInfo', 'credit_card'],
  ],
  ChargeResponse: [[1, 'string', 'transaction_id']],
  OrderItem: [
    [1, 'CartItem', 'item'],
    [2, 'Money', 'cost'],
  ],
  OrderResult: [
    [1, 'string', 'order_id'],
    [2, 'string', 'shipping_tracking_id'],
    [3, 'Money', 'shipping_cost'],
    [4, 'Address', 'shipping_address'],
    [5, 'OrderItem', 'items', 'repeated'],
  ],
  SendOrderConfirmationRequest: [
    [1, 'string', 'email'],
    [2, 'OrderResult', 'order'],
  ],
  PlaceOrderRequest: [
    [1, 'string', 'user_id'],
    [2, 'string', 'user_currency'],
    [3, 'Address', 'address'],
    [5, 'string', 'email'],
    [6, 'CreditCardInfo', 'credit_card'],
  ],
  PlaceOrderResponse: [[1, 'OrderResult', 'order']],
  AdRequest: [[1, 'string', 'context_keys', 'repeated']],
  AdResponse: [[1, 'Ad', 'ads', 'repeated']],
  Ad: [
    [1, 'string', 'redirect_url'],
    [2, 'string', 'text'],
  ],
};

const SERVICES: Record<string, Array<[method: string, request: string, response: string]>> = {
  CartService: [
    ['AddItem', 'AddItemRequest', 'Empty'],
    ['GetCart', 'GetCartRequest', 'Cart'],
    ['EmptyCart', 'EmptyCartRequest', 'Empty'],
  ],
  RecommendationService: [['ListRecommendations', 'ListRecommendationsRequest', 'ListRecommendationsResponse']],
  ProductCatalogService: [
    ['ListProducts', 'Empty', 'ListProductsResponse'],
    ['GetProduct', 'GetProductRequest', 'Product'],
    ['SearchProducts', 'SearchProductsRequest', 'SearchProductsResponse'],
  ],
  ShippingService: [
    ['GetQuote', 'GetQuoteRequest', 'GetQuoteResponse'],
    ['ShipOrder', 'ShipOrderRequest', 'ShipOrderResponse'],
  ],
  CurrencyService: [
    ['GetSupportedCurrencies', 'Empty', 'GetSupportedCurrenciesResponse'],
    ['Convert', 'CurrencyConversionRequest', 'Money'],
  ],
  PaymentService: [['Charge', 'ChargeRequest', 'ChargeResponse']],
  EmailService: [['SendOrderConfirmation', 'SendOrderConfirmationRequest', 'Empty']],
  CheckoutService: [['PlaceOrder', 'PlaceOrderRequest', 'PlaceOrderResponse']],
  AdService: [['GetAds', 'AdRequest', 'AdResponse']],
};

interface FieldDescriptor {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}

function fieldsOf(message: string): Field[] {
  const type = (definition[`hipstershop.${message}`] as MessageTypeDefinition<unknown, unknown> | undefined)?.type as
    | { field: FieldDescriptor[] }
    | undefined;
  assert.ok(type, `message hipstershop.${message} is missing`);
  return type.field.map((field) => {
    const typeName = field.type === 'TYPE_MESSAGE' ? field.typeName : field.type.replace('TYPE_', '').toLowerCase();
    const shape: Field = [field.number, typeName, field.name];
    if (field.label === 'LABEL_REPEATED') shape.push('repeated');
    return shape;
  });
}

describe('protos/demo.proto (package hipstershop)', () => {
  for (const [message, expected] of Object.entries(MESSAGES)) {
    it(`message ${message} has exactly the original's fields, numbers and types`, () => {
      assert.deepEqual(fieldsOf(message), expected);
    });
  }

  it('declares no messages beyond the original ones', () => {
    const messages = Object.keys(definition)
      .filter((name) => name.startsWith('hipstershop.') && 'type' in (definition[name] as object))
      .map((name) => name.slice('hipstershop.'.length))
      .sort();
    assert.deepEqual(messages, Object.keys(MESSAGES).sort());
  });

  for (const [service, methods] of Object.entries(SERVICES)) {
    it(`service ${service} has exactly the original's unary methods`, () => {
      const actual = definition[`hipstershop.${service}`] as ServiceDefinition | undefined;
      assert.ok(actual, `service hipstershop.${service} is missing`);
      assert.deepEqual(
        Object.entries(actual).map(([name, method]) => [
          name,
          method.path,
          (method.requestType.type as { name: string }).name,
          (method.responseType.type as { name: string }).name,
          method.requestStream || method.responseStream ? 'streaming' : 'unary',
        ]),
        methods.map(([name, request, response]) => [
          name,
          `/hipstershop.${service}/${name}`,
          request,
          response,
          'unary',
        ]),
      );
    });
  }

  it('declares no services beyond the original nine', () => {
    const services = Object.keys(definition)
      .filter((name) => name.startsWith('hipstershop.') && !('type' in (definition[name] as object)))
      .map((name) => name.slice('hipstershop.'.length))
      .sort();
    assert.deepEqual(services, Object.keys(SERVICES).sort());
  });

  it('leaves field number 4 of PlaceOrderRequest unused', () => {
    assert.ok(!fieldsOf('PlaceOrderRequest').some(([number]) => number === 4));
  });
});
