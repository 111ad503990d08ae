// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetQuoteRequest as _hipstershop_GetQuoteRequest, GetQuoteRequest__Output as _hipstershop_GetQuoteRequest__Output } from '../hipstershop/GetQuoteRequest';
import type { GetQuoteResponse as _hipstershop_GetQuoteResponse, GetQuoteResponse__Output as _hipstershop_GetQuoteResponse__Output } from '../hipstershop/GetQuoteResponse';
import type { ShipOrderRequest as _hipstershop_ShipOrderRequest, ShipOrderRequest__Output as _hipstershop_ShipOrderRequest__Output } from '../hipstershop/ShipOrderRequest';
import type { ShipOrderResponse as _hipstershop_ShipOrderResponse, ShipOrderResponse__Output as _hipstershop_ShipOrderResponse__Output } from '../hipstershop/ShipOrderResponse';

/**
 * Prices and ships orders.
 */
export interface ShippingServiceClient extends grpc.Client {
  /**
   * A flat 8.99 USD for any order with at least one item; 0 USD when the quantities add up to 0.
   * The address may be absent. A negative quantity is INVALID_ARGUMENT.
   */
  GetQuote(argument: _hipstershop_GetQuoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_GetQuoteResponse__Output>): grpc.ClientUnaryCall;
  GetQuote(argument: _hipstershop_GetQuoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_GetQuoteResponse__Output>): grpc.ClientUnaryCall;
  GetQuote(argument: _hipstershop_GetQuoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_GetQuoteResponse__Output>): grpc.ClientUnaryCall;
  GetQuote(argument: _hipstershop_GetQuoteRequest, callback: grpc.requestCallback<_hipstershop_GetQuoteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A flat 8.99 USD for any order with at least one item; 0 USD when the quantities add up to 0.
   * The address may be absent. A negative quantity is INVALID_ARGUMENT.
   */
  getQuote(argument: _hipstershop_GetQuoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_GetQuoteResponse__Output>): grpc.ClientUnaryCall;
  getQuote(argument: _hipstershop_GetQuoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_GetQuoteResponse__Output>): grpc.ClientUnaryCall;
  getQuote(argument: _hipstershop_GetQuoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_GetQuoteResponse__Output>): grpc.ClientUnaryCall;
  getQuote(argument: _hipstershop_GetQuoteRequest, callback: grpc.requestCallback<_hipstershop_GetQuoteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Ships the items to the address and returns a tracking id such as "KQ-20123-101234567". The
   * address is required (INVALID_ARGUMENT otherwise).
   */
  ShipOrder(argument: _hipstershop_ShipOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  ShipOrder(argument: _hipstershop_ShipOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  ShipOrder(argument: _hipstershop_ShipOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  ShipOrder(argument: _hipstershop_ShipOrderRequest, callback: grpc.requestCallback<_hipstershop_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Ships the items to the address and returns a tracking id such as "KQ-20123-101234567". The
   * address is required (INVALID_ARGUMENT otherwise).
   */
  shipOrder(argument: _hipstershop_ShipOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  shipOrder(argument: _hipstershop_ShipOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  shipOrder(argument: _hipstershop_ShipOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  shipOrder(argument: _hipstershop_ShipOrderRequest, callback: grpc.requestCallback<_hipstershop_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Prices and ships orders.
 */
export interface ShippingServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * A flat 8.99 USD for any order with at least one item; 0 USD when the quantities add up to 0.
   * The address may be absent. A negative quantity is INVALID_ARGUMENT.
   */
  GetQuote: grpc.handleUnaryCall<_hipstershop_GetQuoteRequest__Output, _hipstershop_GetQuoteResponse>;
  
  /**
   * Ships the items to the address and returns a tracking id such as "KQ-20123-101234567". The
   * address is required (INVALID_ARGUMENT otherwise).
   */
  ShipOrder: grpc.handleUnaryCall<_hipstershop_ShipOrderRequest__Output, _hipstershop_ShipOrderResponse>;
  
}

export interface ShippingServiceDefinition extends grpc.ServiceDefinition {
  GetQuote: MethodDefinition<_hipstershop_GetQuoteRequest, _hipstershop_GetQuoteResponse, _hipstershop_GetQuoteRequest__Output, _hipstershop_GetQuoteResponse__Output>
  ShipOrder: MethodDefinition<_hipstershop_ShipOrderRequest, _hipstershop_ShipOrderResponse, _hipstershop_ShipOrderRequest__Output, _hipstershop_ShipOrderResponse__Output>
}
