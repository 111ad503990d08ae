// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListRecommendationsRequest as _hipstershop_ListRecommendationsRequest, ListRecommendationsRequest__Output as _hipstershop_ListRecommendationsRequest__Output } from '../hipstershop/ListRecommendationsRequest';
import type { ListRecommendationsResponse as _hipstershop_ListRecommendationsResponse, ListRecommendationsResponse__Output as _hipstershop_ListRecommendationsResponse__Output } from '../hipstershop/ListRecommendationsResponse';

/**
 * Suggests products to show next to the ones a shopper is looking at.
 */
export interface RecommendationServiceClient extends grpc.Client {
  /**
   * Returns up to five distinct catalog product ids, none of them in the request, in random order.
   */
  ListRecommendations(argument: _hipstershop_ListRecommendationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ListRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  ListRecommendations(argument: _hipstershop_ListRecommendationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_ListRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  ListRecommendations(argument: _hipstershop_ListRecommendationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ListRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  ListRecommendations(argument: _hipstershop_ListRecommendationsRequest, callback: grpc.requestCallback<_hipstershop_ListRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Returns up to five distinct catalog product ids, none of them in the request, in random order.
   */
  listRecommendations(argument: _hipstershop_ListRecommendationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ListRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  listRecommendations(argument: _hipstershop_ListRecommendationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_ListRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  listRecommendations(argument: _hipstershop_ListRecommendationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ListRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  listRecommendations(argument: _hipstershop_ListRecommendationsRequest, callback: grpc.requestCallback<_hipstershop_ListRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Suggests products to show next to the ones a shopper is looking at.
 */
export interface RecommendationServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Returns up to five distinct catalog product ids, none of them in the request, in random order.
   */
  ListRecommendations: grpc.handleUnaryCall<_hipstershop_ListRecommendationsRequest__Output, _hipstershop_ListRecommendationsResponse>;
  
}

export interface RecommendationServiceDefinition extends grpc.ServiceDefinition {
  ListRecommendations: MethodDefinition<_hipstershop_ListRecommendationsRequest, _hipstershop_ListRecommendationsResponse, _hipstershop_ListRecommendationsRequest__Output, _hipstershop_ListRecommendationsResponse__Output>
}
