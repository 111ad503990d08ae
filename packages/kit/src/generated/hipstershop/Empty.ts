// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


/**
 * No content. Used where a method takes or returns nothing.
 */
export interface Empty {
}

/**
 * No content. Used where a method takes or returns nothing.
 */
export interface Empty__Output {
}
