// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { PlaceOrderRequest as _hipstershop_PlaceOrderRequest, PlaceOrderRequest__Output as _hipstershop_PlaceOrderRequest__Output } from '../hipstershop/PlaceOrderRequest';
import type { PlaceOrderResponse as _hipstershop_PlaceOrderResponse, PlaceOrderResponse__Output as _hipstershop_PlaceOrderResponse__Output } from '../hipstershop/PlaceOrderResponse';

/**
 * Places orders: prices the cart, charges the card, ships, empties the cart and sends the email.
 */
export interface CheckoutServiceClient extends grpc.Client {
  /**
   * Places the user's order and returns what was ordered, where it ships and its tracking id. An
   * empty cart is FAILED_PRECONDITION; a refused card or a missing address, email or card is
   * INVALID_ARGUMENT; a dependency that is down is UNAVAILABLE.
   */
  PlaceOrder(argument: _hipstershop_PlaceOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrder(argument: _hipstershop_PlaceOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrder(argument: _hipstershop_PlaceOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrder(argument: _hipstershop_PlaceOrderRequest, callback: grpc.requestCallback<_hipstershop_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Places the user's order and returns what was ordered, where it ships and its tracking id. An
   * empty cart is FAILED_PRECONDITION; a refused card or a missing address, email or card is
   * INVALID_ARGUMENT; a dependency that is down is UNAVAILABLE.
   */
  placeOrder(argument: _hipstershop_PlaceOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _hipstershop_PlaceOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _hipstershop_PlaceOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _hipstershop_PlaceOrderRequest, callback: grpc.requestCallback<_hipstershop_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Places orders: prices the cart, charges the card, ships, empties the cart and sends the email.
 */
export interface CheckoutServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Places the user's order and returns what was ordered, where it ships and its tracking id. An
   * empty cart is FAILED_PRECONDITION; a refused card or a missing address, email or card is
   * INVALID_ARGUMENT; a dependency that is down is UNAVAILABLE.
   */
  PlaceOrder: grpc.handleUnaryCall<_hipstershop_PlaceOrderRequest__Output, _hipstershop_PlaceOrderResponse>;
  
}

export interface CheckoutServiceDefinition extends grpc.ServiceDefinition {
  PlaceOrder: MethodDefinition<_hipstershop_PlaceOrderRequest, _hipstershop_PlaceOrderResponse, _hipstershop_PlaceOrderRequest__Output, _hipstershop_PlaceOrderResponse__Output>
}
