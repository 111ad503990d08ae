// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdRequest as _hipstershop_AdRequest, AdRequest__Output as _hipstershop_AdRequest__Output } from '../hipstershop/AdRequest';
import type { AdResponse as _hipstershop_AdResponse, AdResponse__Output as _hipstershop_AdResponse__Output } from '../hipstershop/AdResponse';

/**
 * Chooses text ads.
 */
export interface AdServiceClient extends grpc.Client {
  /**
   * Every ad of the categories named in the context keys; two random ads when there are no keys or
   * none matches.
   */
  GetAds(argument: _hipstershop_AdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_AdResponse__Output>): grpc.ClientUnaryCall;
  GetAds(argument: _hipstershop_AdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_AdResponse__Output>): grpc.ClientUnaryCall;
  GetAds(argument: _hipstershop_AdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_AdResponse__Output>): grpc.ClientUnaryCall;
  GetAds(argument: _hipstershop_AdRequest, callback: grpc.requestCallback<_hipstershop_AdResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Every ad of the categories named in the context keys; two random ads when there are no keys or
   * none matches.
   */
  getAds(argument: _hipstershop_AdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_AdResponse__Output>): grpc.ClientUnaryCall;
  getAds(argument: _hipstershop_AdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_AdResponse__Output>): grpc.ClientUnaryCall;
  getAds(argument: _hipstershop_AdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_AdResponse__Output>): grpc.ClientUnaryCall;
  getAds(argument: _hipstershop_AdRequest, callback: grpc.requestCallback<_hipstershop_AdResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Chooses text ads.
 */
export interface AdServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Every ad of the categories named in the context keys; two random ads when there are no keys or
   * none matches.
   */
  GetAds: grpc.handleUnaryCall<_hipstershop_AdRequest__Output, _hipstershop_AdResponse>;
  
}

export interface AdServiceDefinition extends grpc.ServiceDefinition {
  GetAds: MethodDefinition<_hipstershop_AdRequest, _hipstershop_AdResponse, _hipstershop_AdRequest__Output, _hipstershop_AdResponse__Output>
}
