import type { CartItem } from './cart';

/**
 * Where carts live. Both implementations (Redis and in-memory) pass the same contract tests
 * (store-contract.test.ts). Inputs are already validated; errors are the kit's DomainError kinds.
 */
export interface CartStore {
  /**
   * Adds `quantity` of a product to a user's cart, creating the cart or the line as needed. Atomic per
   * user: concurrent calls all count. INVALID_ARGUMENT when the line would exceed the int32 maximum.
   */
  addItem(userId: string, productId: string, quantity: number): Promise<void>;
  /** The user's lines, one per product, in the order first added; empty when there is no cart. */
  getItems(userId: string): Promise<CartItem[]>;
  /** Empties the user's cart. */
  empty(userId: string): Promise<void>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
