// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CurrencyConversionRequest as _hipstershop_CurrencyConversionRequest, CurrencyConversionRequest__Output as _hipstershop_CurrencyConversionRequest__Output } from '../hipstershop/CurrencyConversionRequest';
import type { Empty as _hipstershop_Empty, Empty__Output as _hipstershop_Empty__Output } from '../hipstershop/Empty';
import type { GetSupportedCurrenciesResponse as _hipstershop_GetSupportedCurrenciesResponse, GetSupportedCurrenciesResponse__Output as _hipstershop_GetSupportedCurrenciesResponse__Output } from '../hipstershop/GetSupportedCurrenciesResponse';
import type { Money as _hipstershop_Money, Money__Output as _hipstershop_Money__Output } from '../hipstershop/Money';

/**
 * Lists currencies and converts amounts between them, at fixed rates per euro.
 */
export interface CurrencyServiceClient extends grpc.Client {
  /**
   * Converts an amount to another currency through the euro, exactly, rounded to the nano. An
   * unknown code, an invalid amount, or a result too large for int64 units is INVALID_ARGUMENT.
   */
  Convert(argument: _hipstershop_CurrencyConversionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Money__Output>): grpc.ClientUnaryCall;
  Convert(argument: _hipstershop_CurrencyConversionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Money__Output>): grpc.ClientUnaryCall;
  Convert(argument: _hipstershop_CurrencyConversionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Money__Output>): grpc.ClientUnaryCall;
  Convert(argument: _hipstershop_CurrencyConversionRequest, callback: grpc.requestCallback<_hipstershop_Money__Output>): grpc.ClientUnaryCall;
  /**
   * Converts an amount to another currency through the euro, exactly, rounded to the nano. An
   * unknown code, an invalid amount, or a result too large for int64 units is INVALID_ARGUMENT.
   */
  convert(argument: _hipstershop_CurrencyConversionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Money__Output>): grpc.ClientUnaryCall;
  convert(argument: _hipstershop_CurrencyConversionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Money__Output>): grpc.ClientUnaryCall;
  convert(argument: _hipstershop_CurrencyConversionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Money__Output>): grpc.ClientUnaryCall;
  convert(argument: _hipstershop_CurrencyConversionRequest, callback: grpc.requestCallback<_hipstershop_Money__Output>): grpc.ClientUnaryCall;
  
  /**
   * The supported currency codes, in a stable order.
   */
  GetSupportedCurrencies(argument: _hipstershop_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_GetSupportedCurrenciesResponse__Output>): grpc.ClientUnaryCall;
  GetSupportedCurrencies(argument: _hipstershop_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_GetSupportedCurrenciesResponse__Output>): grpc.ClientUnaryCall;
  GetSupportedCurrencies(argument: _hipstershop_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_GetSupportedCurrenciesResponse__Output>): grpc.ClientUnaryCall;
  GetSupportedCurrencies(argument: _hipstershop_Empty, callback: grpc.requestCallback<_hipstershop_GetSupportedCurrenciesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The supported currency codes, in a stable order.
   */
  getSupportedCurrencies(argument: _hipstershop_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_GetSupportedCurrenciesResponse__Output>): grpc.ClientUnaryCall;
  getSupportedCurrencies(argument: _hipstershop_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_GetSupportedCurrenciesResponse__Output>): grpc.ClientUnaryCall;
  getSupportedCurrencies(argument: _hipstershop_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_GetSupportedCurrenciesResponse__Output>): grpc.ClientUnaryCall;
  getSupportedCurrencies(argument: _hipstershop_Empty, callback: grpc.requestCallback<_hipstershop_GetSupportedCurrenciesResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Lists currencies and converts amounts between them, at fixed rates per euro.
 */
export interface CurrencyServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Converts an amount to another currency through the euro, exactly, rounded to the nano. An
   * unknown code, an invalid amount, or a result too large for int64 units is INVALID_ARGUMENT.
   */
  Convert: grpc.handleUnaryCall<_hipstershop_CurrencyConversionRequest__Output, _hipstershop_Money>;
  
  /**
   * The supported currency codes, in a stable order.
   */
  GetSupportedCurrencies: grpc.handleUnaryCall<_hipstershop_Empty__Output, _hipstershop_GetSupportedCurrenciesResponse>;
  
}

export interface CurrencyServiceDefinition extends grpc.ServiceDefinition {
  Convert: MethodDefinition<_hipstershop_CurrencyConversionRequest, _hipstershop_Money, _hipstershop_CurrencyConversionRequest__Output, _hipstershop_Money__Output>
  GetSupportedCurrencies: MethodDefinition<_hipstershop_Empty, _hipstershop_GetSupportedCurrenciesResponse, _hipstershop_Empty__Output, _hipstershop_GetSupportedCurrenciesResponse__Output>
}
