// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ChargeRequest as _hipstershop_ChargeRequest, ChargeRequest__Output as _hipstershop_ChargeRequest__Output } from '../hipstershop/ChargeRequest';
import type { ChargeResponse as _hipstershop_ChargeResponse, ChargeResponse__Output as _hipstershop_ChargeResponse__Output } from '../hipstershop/ChargeResponse';

/**
 * Charges a credit card.
 */
export interface PaymentServiceClient extends grpc.Client {
  /**
   * Charges the amount to the card and returns a transaction id. Only valid, unexpired VISA and
   * MasterCard cards are accepted; anything else is INVALID_ARGUMENT with the reason. Messages
   * never hold more than the last four digits of the number.
   */
  Charge(argument: _hipstershop_ChargeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ChargeResponse__Output>): grpc.ClientUnaryCall;
  Charge(argument: _hipstershop_ChargeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_ChargeResponse__Output>): grpc.ClientUnaryCall;
  Charge(argument: _hipstershop_ChargeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ChargeResponse__Output>): grpc.ClientUnaryCall;
  Charge(argument: _hipstershop_ChargeRequest, callback: grpc.requestCallback<_hipstershop_ChargeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Charges the amount to the card and returns a transaction id. Only valid, unexpired VISA and
   * MasterCard cards are accepted; anything else is INVALID_ARGUMENT with the reason. Messages
   * never hold more than the last four digits of the number.
   */
  charge(argument: _hipstershop_ChargeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _hipstershop_ChargeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _hipstershop_ChargeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _hipstershop_ChargeRequest, callback: grpc.requestCallback<_hipstershop_ChargeResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Charges a credit card.
 */
export interface PaymentServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Charges the amount to the card and returns a transaction id. Only valid, unexpired VISA and
   * MasterCard cards are accepted; anything else is INVALID_ARGUMENT with the reason. Messages
   * never hold more than the last four digits of the number.
   */
  Charge: grpc.handleUnaryCall<_hipstershop_ChargeRequest__Output, _hipstershop_ChargeResponse>;
  
}

export interface PaymentServiceDefinition extends grpc.ServiceDefinition {
  Charge: MethodDefinition<_hipstershop_ChargeRequest, _hipstershop_ChargeResponse, _hipstershop_ChargeRequest__Output, _hipstershop_ChargeResponse__Output>
}
