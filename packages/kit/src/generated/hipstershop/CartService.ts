// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddItemRequest as _hipstershop_AddItemRequest, AddItemRequest__Output as _hipstershop_AddItemRequest__Output } from '../hipstershop/AddItemRequest';
import type { Cart as _hipstershop_Cart, Cart__Output as _hipstershop_Cart__Output } from '../hipstershop/Cart';
import type { Empty as _hipstershop_Empty, Empty__Output as _hipstershop_Empty__Output } from '../hipstershop/Empty';
import type { EmptyCartRequest as _hipstershop_EmptyCartRequest, EmptyCartRequest__Output as _hipstershop_EmptyCartRequest__Output } from '../hipstershop/EmptyCartRequest';
import type { GetCartRequest as _hipstershop_GetCartRequest, GetCartRequest__Output as _hipstershop_GetCartRequest__Output } from '../hipstershop/GetCartRequest';

/**
 * Holds one cart per user. The user id is the shopper's session id.
 */
export interface CartServiceClient extends grpc.Client {
  /**
   * Adds a quantity of one product to the user's cart; a product already in the cart has its
   * quantity increased. Empty user id or product id, quantity < 1, or a total above 2^31-1 is
   * INVALID_ARGUMENT. Storage unreachable is UNAVAILABLE.
   */
  AddItem(argument: _hipstershop_AddItemRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  AddItem(argument: _hipstershop_AddItemRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  AddItem(argument: _hipstershop_AddItemRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  AddItem(argument: _hipstershop_AddItemRequest, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * Adds a quantity of one product to the user's cart; a product already in the cart has its
   * quantity increased. Empty user id or product id, quantity < 1, or a total above 2^31-1 is
   * INVALID_ARGUMENT. Storage unreachable is UNAVAILABLE.
   */
  addItem(argument: _hipstershop_AddItemRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  addItem(argument: _hipstershop_AddItemRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  addItem(argument: _hipstershop_AddItemRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  addItem(argument: _hipstershop_AddItemRequest, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes every item from the user's cart.
   */
  EmptyCart(argument: _hipstershop_EmptyCartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  EmptyCart(argument: _hipstershop_EmptyCartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  EmptyCart(argument: _hipstershop_EmptyCartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  EmptyCart(argument: _hipstershop_EmptyCartRequest, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * Removes every item from the user's cart.
   */
  emptyCart(argument: _hipstershop_EmptyCartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  emptyCart(argument: _hipstershop_EmptyCartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  emptyCart(argument: _hipstershop_EmptyCartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  emptyCart(argument: _hipstershop_EmptyCartRequest, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * Returns the user's cart, one item per product. A user with no cart gets an empty cart carrying
   * the user id that was asked for.
   */
  GetCart(argument: _hipstershop_GetCartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Cart__Output>): grpc.ClientUnaryCall;
  GetCart(argument: _hipstershop_GetCartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Cart__Output>): grpc.ClientUnaryCall;
  GetCart(argument: _hipstershop_GetCartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Cart__Output>): grpc.ClientUnaryCall;
  GetCart(argument: _hipstershop_GetCartRequest, callback: grpc.requestCallback<_hipstershop_Cart__Output>): grpc.ClientUnaryCall;
  /**
   * Returns the user's cart, one item per product. A user with no cart gets an empty cart carrying
   * the user id that was asked for.
   */
  getCart(argument: _hipstershop_GetCartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Cart__Output>): grpc.ClientUnaryCall;
  getCart(argument: _hipstershop_GetCartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Cart__Output>): grpc.ClientUnaryCall;
  getCart(argument: _hipstershop_GetCartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Cart__Output>): grpc.ClientUnaryCall;
  getCart(argument: _hipstershop_GetCartRequest, callback: grpc.requestCallback<_hipstershop_Cart__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Holds one cart per user. The user id is the shopper's session id.
 */
export interface CartServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Adds a quantity of one product to the user's cart; a product already in the cart has its
   * quantity increased. Empty user id or product id, quantity < 1, or a total above 2^31-1 is
   * INVALID_ARGUMENT. Storage unreachable is UNAVAILABLE.
   */
  AddItem: grpc.handleUnaryCall<_hipstershop_AddItemRequest__Output, _hipstershop_Empty>;
  
  /**
   * Removes every item from the user's cart.
   */
  EmptyCart: grpc.handleUnaryCall<_hipstershop_EmptyCartRequest__Output, _hipstershop_Empty>;
  
  /**
   * Returns the user's cart, one item per product. A user with no cart gets an empty cart carrying
   * the user id that was asked for.
   */
  GetCart: grpc.handleUnaryCall<_hipstershop_GetCartRequest__Output, _hipstershop_Cart>;
  
}

export interface CartServiceDefinition extends grpc.ServiceDefinition {
  AddItem: MethodDefinition<_hipstershop_AddItemRequest, _hipstershop_Empty, _hipstershop_AddItemRequest__Output, _hipstershop_Empty__Output>
  EmptyCart: MethodDefinition<_hipstershop_EmptyCartRequest, _hipstershop_Empty, _hipstershop_EmptyCartRequest__Output, _hipstershop_Empty__Output>
  GetCart: MethodDefinition<_hipstershop_GetCartRequest, _hipstershop_Cart, _hipstershop_GetCartRequest__Output, _hipstershop_Cart__Output>
}
