// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.
import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Ad as _hipstershop_Ad, Ad__Output as _hipstershop_Ad__Output } from './hipstershop/Ad';
import type { AdRequest as _hipstershop_AdRequest, AdRequest__Output as _hipstershop_AdRequest__Output } from './hipstershop/AdRequest';
import type { AdResponse as _hipstershop_AdResponse, AdResponse__Output as _hipstershop_AdResponse__Output } from './hipstershop/AdResponse';
import type { AdServiceClient as _hipstershop_AdServiceClient, AdServiceDefinition as _hipstershop_AdServiceDefinition } from './hipstershop/AdService';
import type { AddItemRequest as _hipstershop_AddItemRequest, AddItemRequest__Output as _hipstershop_AddItemRequest__Output } from './hipstershop/AddItemRequest';
import type { Address as _hipstershop_Address, Address__Output as _hipstershop_Address__Output } from './hipstershop/Address';
import type { Cart as _hipstershop_Cart, Cart__Output as _hipstershop_Cart__Output } from './hipstershop/Cart';
import type { CartItem as _hipstershop_CartItem, CartItem__Output as _hipstershop_CartItem__Output } from './hipstershop/CartItem';
import type { CartServiceClient as _hipstershop_CartServiceClient, CartServiceDefinition as _hipstershop_CartServiceDefinition } from './hipstershop/CartService';
import type { ChargeRequest as _hipstershop_ChargeRequest, ChargeRequest__Output as _hipstershop_ChargeRequest__Output } from './hipstershop/ChargeRequest';
import type { ChargeResponse as _hipstershop_ChargeResponse, ChargeResponse__Output as _hipstershop_ChargeResponse__Output } from './hipstershop/ChargeResponse';
import type { CheckoutServiceClient as _hipstershop_CheckoutServiceClient, CheckoutServiceDefinition as _hipstershop_CheckoutServiceDefinition } from './hipstershop/CheckoutService';
import type { CreditCardInfo as _hipstershop_CreditCardInfo, CreditCardInfo__Output as _hipstershop_CreditCardInfo__Output } from './hipstershop/CreditCardInfo';
import type { CurrencyConversionRequest as _hipstershop_CurrencyConversionRequest, CurrencyConversionRequest__Output as _hipstershop_CurrencyConversionRequest__Output } from './hipstershop/CurrencyConversionRequest';
import type { CurrencyServiceClient as _hipstershop_CurrencyServiceClient, CurrencyServiceDefinition as _hipstershop_CurrencyServiceDefinition } from './hipstershop/CurrencyService';
import type { EmailServiceClient as _hipstershop_EmailServiceClient, EmailServiceDefinition as _hipstershop_EmailServiceDefinition } from './hipstershop/EmailService';
import type { Empty as _hipstershop_Empty, Empty__Output as _hipstershop_Empty__Output } from './hipstershop/Empty';
import type { EmptyCartRequest as _hipstershop_EmptyCartRequest, EmptyCartRequest__Output as _hipstershop_EmptyCartRequest__Output } from './hipstershop/EmptyCartRequest';
import type { GetCartRequest as _hipstershop_GetCartRequest, GetCartRequest__Output as _hipstershop_GetCartRequest__Output } from './hipstershop/GetCartRequest';
import type { GetProductRequest as _hipstershop_GetProductRequest, GetProductRequest__Output as _hipstershop_GetProductRequest__Output } from './hipstershop/GetProductRequest';
import type { GetQuoteRequest as _hipstershop_GetQuoteRequest, GetQuoteRequest__Output as _hipstershop_GetQuoteRequest__Output } from './hipstershop/GetQuoteRequest';
import type { GetQuoteResponse as _hipstershop_GetQuoteResponse, GetQuoteResponse__Output as _hipstershop_GetQuoteResponse__Output } from './hipstershop/GetQuoteResponse';
import type { GetSupportedCurrenciesResponse as _hipstershop_GetSupportedCurrenciesResponse, GetSupportedCurrenciesResponse__Output as _hipstershop_GetSupportedCurrenciesResponse__Output } from './hipstershop/GetSupportedCurrenciesResponse';
import type { ListProductsResponse as _hipstershop_ListProductsResponse, ListProductsResponse__Output as _hipstershop_ListProductsResponse__Output } from './hipstershop/ListProductsResponse';
import type { ListRecommendationsRequest as _hipstershop_ListRecommendationsRequest, ListRecommendationsRequest__Output as _hipstershop_ListRecommendationsRequest__Output } from './hipstershop/ListRecommendationsRequest';
import type { ListRecommendationsResponse as _hipstershop_ListRecommendationsResponse, ListRecommendationsResponse__Output as _hipstershop_ListRecommendationsResponse__Output } from './hipstershop/ListRecommendationsResponse';
import type { Money as _hipstershop_Money, Money__Output as _hipstershop_Money__Output } from './hipstershop/Money';
import type { OrderItem as _hipstershop_OrderItem, OrderItem__Output as _hipstershop_OrderItem__Output } from './hipstershop/OrderItem';
import type { OrderResult as _hipstershop_OrderResult, OrderResult__Output as _hipstershop_OrderResult__Output } from './hipstershop/OrderResult';
import type { PaymentServiceClient as _hipstershop_PaymentServiceClient, PaymentServiceDefinition as _hipstershop_PaymentServiceDefinition } from './hipstershop/PaymentService';
import type { PlaceOrderRequest as _hipstershop_PlaceOrderRequest, PlaceOrderRequest__Output as _hipstershop_PlaceOrderRequest__Output } from './hipstershop/PlaceOrderRequest';
import type { PlaceOrderResponse as _hipstershop_PlaceOrderResponse, PlaceOrderResponse__Output as _hipstershop_PlaceOrderResponse__Output } from './hipstershop/PlaceOrderResponse';
import type { Product as _hipstershop_Product, Product__Output as _hipstershop_Product__Output } from './hipstershop/Product';
import type { ProductCatalogServiceClient as _hipstershop_ProductCatalogServiceClient, ProductCatalogServiceDefinition as _hipstershop_ProductCatalogServiceDefinition } from './hipstershop/ProductCatalogService';
import type { RecommendationServiceClient as _hipstershop_RecommendationServiceClient, RecommendationServiceDefinition as _hipstershop_RecommendationServiceDefinition } from './hipstershop/RecommendationService';
import type { SearchProductsRequest as _hipstershop_SearchProductsRequest, SearchProductsRequest__Output as _hipstershop_SearchProductsRequest__Output } from './hipstershop/SearchProductsRequest';
import type { SearchProductsResponse as _hipstershop_SearchProductsResponse, SearchProductsResponse__Output as _hipstershop_SearchProductsResponse__Output } from './hipstershop/SearchProductsResponse';
import type { SendOrderConfirmationRequest as _hipstershop_SendOrderConfirmationRequest, SendOrderConfirmationRequest__Output as _hipstershop_SendOrderConfirmationRequest__Output } from './hipstershop/SendOrderConfirmationRequest';
import type { ShipOrderRequest as _hipstershop_ShipOrderRequest, ShipOrderRequest__Output as _hipstershop_ShipOrderRequest__Output } from './hipstershop/ShipOrderRequest';
import type { ShipOrderResponse as _hipstershop_ShipOrderResponse, ShipOrderResponse__Output as _hipstershop_ShipOrderResponse__Output } from './hipstershop/ShipOrderResponse';
import type { ShippingServiceClient as _hipstershop_ShippingServiceClient, ShippingServiceDefinition as _hipstershop_ShippingServiceDefinition } from './hipstershop/ShippingService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  hipstershop: {
    Ad: MessageTypeDefinition<_hipstershop_Ad, _hipstershop_Ad__Output>
    AdRequest: MessageTypeDefinition<_hipstershop_AdRequest, _hipstershop_AdRequest__Output>
    AdResponse: MessageTypeDefinition<_hipstershop_AdResponse, _hipstershop_AdResponse__Output>
    /**
     * Chooses text ads.
     */
    AdService: SubtypeConstructor<typeof grpc.Client, _hipstershop_AdServiceClient> & { service: _hipstershop_AdServiceDefinition }
    AddItemRequest: MessageTypeDefinition<_hipstershop_AddItemRequest, _hipstershop_AddItemRequest__Output>
    Address: MessageTypeDefinition<_hipstershop_Address, _hipstershop_Address__Output>
    Cart: MessageTypeDefinition<_hipstershop_Cart, _hipstershop_Cart__Output>
    CartItem: MessageTypeDefinition<_hipstershop_CartItem, _hipstershop_CartItem__Output>
    /**
     * Holds one cart per user. The user id is the shopper's session id.
     */
    CartService: SubtypeConstructor<typeof grpc.Client, _hipstershop_CartServiceClient> & { service: _hipstershop_CartServiceDefinition }
    ChargeRequest: MessageTypeDefinition<_hipstershop_ChargeRequest, _hipstershop_ChargeRequest__Output>
    ChargeResponse: MessageTypeDefinition<_hipstershop_ChargeResponse, _hipstershop_ChargeResponse__Output>
    /**
     * Places orders: prices the cart, charges the card, ships, empties the cart and sends the email.
     */
    CheckoutService: SubtypeConstructor<typeof grpc.Client, _hipstershop_CheckoutServiceClient> & { service: _hipstershop_CheckoutServiceDefinition }
    CreditCardInfo: MessageTypeDefinition<_hipstershop_CreditCardInfo, _hipstershop_CreditCardInfo__Output>
    CurrencyConversionRequest: MessageTypeDefinition<_hipstershop_CurrencyConversionRequest, _hipstershop_CurrencyConversionRequest__Output>
    /**
     * Lists currencies and converts amounts between them, at fixed rates per euro.
     */
    CurrencyService: SubtypeConstructor<typeof grpc.Client, _hipstershop_CurrencyServiceClient> & { service: _hipstershop_CurrencyServiceDefinition }
    /**
     * Sends order confirmations.
     */
    EmailService: SubtypeConstructor<typeof grpc.Client, _hipstershop_EmailServiceClient> & { service: _hipstershop_EmailServiceDefinition }
    Empty: MessageTypeDefinition<_hipstershop_Empty, _hipstershop_Empty__Output>
    EmptyCartRequest: MessageTypeDefinition<_hipstershop_EmptyCartRequest, _hipstershop_EmptyCartRequest__Output>
    GetCartRequest: MessageTypeDefinition<_hipstershop_GetCartRequest, _hipstershop_GetCartRequest__Output>
    GetProductRequest: MessageTypeDefinition<_hipstershop_GetProductRequest, _hipstershop_GetProductRequest__Output>
    GetQuoteRequest: MessageTypeDefinition<_hipstershop_GetQuoteRequest, _hipstershop_GetQuoteRequest__Output>
    GetQuoteResponse: MessageTypeDefinition<_hipstershop_GetQuoteResponse, _hipstershop_GetQuoteResponse__Output>
    GetSupportedCurrenciesResponse: MessageTypeDefinition<_hipstershop_GetSupportedCurrenciesResponse, _hipstershop_GetSupportedCurrenciesResponse__Output>
    ListProductsResponse: MessageTypeDefinition<_hipstershop_ListProductsResponse, _hipstershop_ListProductsResponse__Output>
    ListRecommendationsRequest: MessageTypeDefinition<_hipstershop_ListRecommendationsRequest, _hipstershop_ListRecommendationsRequest__Output>
    ListRecommendationsResponse: MessageTypeDefinition<_hipstershop_ListRecommendationsResponse, _hipstershop_ListRecommendationsResponse__Output>
    Money: MessageTypeDefinition<_hipstershop_Money, _hipstershop_Money__Output>
    OrderItem: MessageTypeDefinition<_hipstershop_OrderItem, _hipstershop_OrderItem__Output>
    OrderResult: MessageTypeDefinition<_hipstershop_OrderResult, _hipstershop_OrderResult__Output>
    /**
     * Charges a credit card.
     */
    PaymentService: SubtypeConstructor<typeof grpc.Client, _hipstershop_PaymentServiceClient> & { service: _hipstershop_PaymentServiceDefinition }
    PlaceOrderRequest: MessageTypeDefinition<_hipstershop_PlaceOrderRequest, _hipstershop_PlaceOrderRequest__Output>
    PlaceOrderResponse: MessageTypeDefinition<_hipstershop_PlaceOrderResponse, _hipstershop_PlaceOrderResponse__Output>
    Product: MessageTypeDefinition<_hipstershop_Product, _hipstershop_Product__Output>
    /**
     * The shop's products, read from a catalog file.
     */
    ProductCatalogService: SubtypeConstructor<typeof grpc.Client, _hipstershop_ProductCatalogServiceClient> & { service: _hipstershop_ProductCatalogServiceDefinition }
    /**
     * Suggests products to show next to the ones a shopper is looking at.
     */
    RecommendationService: SubtypeConstructor<typeof grpc.Client, _hipstershop_RecommendationServiceClient> & { service: _hipstershop_RecommendationServiceDefinition }
    SearchProductsRequest: MessageTypeDefinition<_hipstershop_SearchProductsRequest, _hipstershop_SearchProductsRequest__Output>
    SearchProductsResponse: MessageTypeDefinition<_hipstershop_SearchProductsResponse, _hipstershop_SearchProductsResponse__Output>
    SendOrderConfirmationRequest: MessageTypeDefinition<_hipstershop_SendOrderConfirmationRequest, _hipstershop_SendOrderConfirmationRequest__Output>
    ShipOrderRequest: MessageTypeDefinition<_hipstershop_ShipOrderRequest, _hipstershop_ShipOrderRequest__Output>
    ShipOrderResponse: MessageTypeDefinition<_hipstershop_ShipOrderResponse, _hipstershop_ShipOrderResponse__Output>
    /**
     * Prices and ships orders.
     */
    ShippingService: SubtypeConstructor<typeof grpc.Client, _hipstershop_ShippingServiceClient> & { service: _hipstershop_ShippingServiceDefinition }
  }
}

