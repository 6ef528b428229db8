// Errors raised by the hash chain. Verification failures are *not* errors: `verifyChain`
// returns them as data, because the server turns a broken chain into an exception and keeps the sale.

/** A sale could not be hashed (a value JSON cannot carry: NaN, Infinity, a lone surrogate, a cycle). */
export class SaleNotHashableError extends Error {
  readonly code = 'sale-not-hashable';
  override readonly name = 'SaleNotHashableError';
}

/** The previous sale handed to `sealSale` cannot be the head of a chain. */
export class InvalidChainHeadError extends Error {
  readonly code = 'invalid-chain-head';
  override readonly name = 'InvalidChainHeadError';
}
