// The tamper-evident hash chain of a till's sales (PROTOCOL.md "Sale document"; docs/domain.md "Hash chain").
export { GENESIS_HASH, hashSale, saleHashInput, shortHash } from './hash-sale.ts';
export type { HashableSale } from './hash-sale.ts';
export { sealSale } from './seal-sale.ts';
export type { ChainHead, UnsignedSale } from './seal-sale.ts';
export { verifyChain } from './verify-chain.ts';
export type { ChainBreak, ChainBreakReason, ChainIntact, ChainVerification, VerifyChainOptions } from './verify-chain.ts';
export { InvalidChainHeadError, SaleNotHashableError } from './chain-errors.ts';
