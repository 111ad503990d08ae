// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty as _hipstershop_Empty, Empty__Output as _hipstershop_Empty__Output } from '../hipstershop/Empty';
import type { GetProductRequest as _hipstershop_GetProductRequest, GetProductRequest__Output as _hipstershop_GetProductRequest__Output } from '../hipstershop/GetProductRequest';
import type { ListProductsResponse as _hipstershop_ListProductsResponse, ListProductsResponse__Output as _hipstershop_ListProductsResponse__Output } from '../hipstershop/ListProductsResponse';
import type { Product as _hipstershop_Product, Product__Output as _hipstershop_Product__Output } from '../hipstershop/Product';
import type { SearchProductsRequest as _hipstershop_SearchProductsRequest, SearchProductsRequest__Output as _hipstershop_SearchProductsRequest__Output } from '../hipstershop/SearchProductsRequest';
import type { SearchProductsResponse as _hipstershop_SearchProductsResponse, SearchProductsResponse__Output as _hipstershop_SearchProductsResponse__Output } from '../hipstershop/SearchProductsResponse';

/**
 * The shop's products, read from a catalog file.
 */
export interface ProductCatalogServiceClient extends grpc.Client {
  /**
   * One product by its exact, case-sensitive id. An empty id is INVALID_ARGUMENT; an unknown id is
   * NOT_FOUND.
   */
  GetProduct(argument: _hipstershop_GetProductRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Product__Output>): grpc.ClientUnaryCall;
  GetProduct(argument: _hipstershop_GetProductRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Product__Output>): grpc.ClientUnaryCall;
  GetProduct(argument: _hipstershop_GetProductRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Product__Output>): grpc.ClientUnaryCall;
  GetProduct(argument: _hipstershop_GetProductRequest, callback: grpc.requestCallback<_hipstershop_Product__Output>): grpc.ClientUnaryCall;
  /**
   * One product by its exact, case-sensitive id. An empty id is INVALID_ARGUMENT; an unknown id is
   * NOT_FOUND.
   */
  getProduct(argument: _hipstershop_GetProductRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Product__Output>): grpc.ClientUnaryCall;
  getProduct(argument: _hipstershop_GetProductRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_Product__Output>): grpc.ClientUnaryCall;
  getProduct(argument: _hipstershop_GetProductRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_Product__Output>): grpc.ClientUnaryCall;
  getProduct(argument: _hipstershop_GetProductRequest, callback: grpc.requestCallback<_hipstershop_Product__Output>): grpc.ClientUnaryCall;
  
  /**
   * Every product, in catalog order.
   */
  ListProducts(argument: _hipstershop_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  ListProducts(argument: _hipstershop_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  ListProducts(argument: _hipstershop_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  ListProducts(argument: _hipstershop_Empty, callback: grpc.requestCallback<_hipstershop_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Every product, in catalog order.
   */
  listProducts(argument: _hipstershop_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  listProducts(argument: _hipstershop_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  listProducts(argument: _hipstershop_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  listProducts(argument: _hipstershop_Empty, callback: grpc.requestCallback<_hipstershop_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Products whose name or description contains the query, ignoring case, in catalog order. An
   * empty query matches every product; no match is an empty list, not an error.
   */
  SearchProducts(argument: _hipstershop_SearchProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  SearchProducts(argument: _hipstershop_SearchProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  SearchProducts(argument: _hipstershop_SearchProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  SearchProducts(argument: _hipstershop_SearchProductsRequest, callback: grpc.requestCallback<_hipstershop_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Products whose name or description contains the query, ignoring case, in catalog order. An
   * empty query matches every product; no match is an empty list, not an error.
   */
  searchProducts(argument: _hipstershop_SearchProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  searchProducts(argument: _hipstershop_SearchProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hipstershop_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  searchProducts(argument: _hipstershop_SearchProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hipstershop_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  searchProducts(argument: _hipstershop_SearchProductsRequest, callback: grpc.requestCallback<_hipstershop_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The shop's products, read from a catalog file.
 */
export interface ProductCatalogServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * One product by its exact, case-sensitive id. An empty id is INVALID_ARGUMENT; an unknown id is
   * NOT_FOUND.
   */
  GetProduct: grpc.handleUnaryCall<_hipstershop_GetProductRequest__Output, _hipstershop_Product>;
  
  /**
   * Every product, in catalog order.
   */
  ListProducts: grpc.handleUnaryCall<_hipstershop_Empty__Output, _hipstershop_ListProductsResponse>;
  
  /**
   * Products whose name or description contains the query, ignoring case, in catalog order. An
   * empty query matches every product; no match is an empty list, not an error.
   */
  SearchProducts: grpc.handleUnaryCall<_hipstershop_SearchProductsRequest__Output, _hipstershop_SearchProductsResponse>;
  
}

export interface ProductCatalogServiceDefinition extends grpc.ServiceDefinition {
  GetProduct: MethodDefinition<_hipstershop_GetProductRequest, _hipstershop_Product, _hipstershop_GetProductRequest__Output, _hipstershop_Product__Output>
  ListProducts: MethodDefinition<_hipstershop_Empty, _hipstershop_ListProductsResponse, _hipstershop_Empty__Output, _hipstershop_ListProductsResponse__Output>
  SearchProducts: MethodDefinition<_hipstershop_SearchProductsRequest, _hipstershop_SearchProductsResponse, _hipstershop_SearchProductsRequest__Output, _hipstershop_SearchProductsResponse__Output>
}
