// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty as _hipstershop_Empty, Empty__Output as _hipstershop_Empty__Output } from '../hipstershop/Empty';
import type { SendOrderConfirmationRequest as _hipstershop_SendOrderConfirmationRequest, SendOrderConfirmationRequest__Output as _hipstershop_SendOrderConfirmationRequest__Output } from '../hipstershop/SendOrderConfirmationRequest';

/**
 * Sends order confirmations.
 */
export interface EmailServiceClient extends grpc.Client {
  /**
   * Renders the confirmation of an order and sends it to the address (or only logs it when no mail
   * server is configured). An invalid address is INVALID_ARGUMENT.
   */
  SendOrderConfirmation(argument: _hipstershop_SendOrderConfirmationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  SendOrderConfirmation(argument: _hipstershop_SendOrderConfirmationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  SendOrderConfirmation(argument: _hipstershop_SendOrderConfirmationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  SendOrderConfirmation(argument: _hipstershop_SendOrderConfirmationRequest, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * Renders the confirmation of an order and sends it to the address (or only logs it when no mail
   * server is configured). An invalid address is INVALID_ARGUMENT.
   */
  sendOrderConfirmation(argument: _hipstershop_SendOrderConfirmationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  sendOrderConfirmation(argument: _hipstershop_SendOrderConfirmationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  sendOrderConfirmation(argument: _hipstershop_SendOrderConfirmationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  sendOrderConfirmation(argument: _hipstershop_SendOrderConfirmationRequest, callback: grpc.requestCallback<_hipstershop_Empty__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Sends order confirmations.
 */
export interface EmailServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Renders the confirmation of an order and sends it to the address (or only logs it when no mail
   * server is configured). An invalid address is INVALID_ARGUMENT.
   */
  SendOrderConfirmation: grpc.handleUnaryCall<_hipstershop_SendOrderConfirmationRequest__Output, _hipstershop_Empty>;
  
}

export interface EmailServiceDefinition extends grpc.ServiceDefinition {
  SendOrderConfirmation: MethodDefinition<_hipstershop_SendOrderConfirmationRequest, _hipstershop_Empty, _hipstershop_SendOrderConfirmationRequest__Output, _hipstershop_Empty__Output>
}
