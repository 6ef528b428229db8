// Stock quantities are numeric(18, 4) in the database: arithmetic on them rounds to 4 decimals so
// that 0.1 + 0.2 kg never leaves a 0.30000000000000004 remainder (server and till alike).
export const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
