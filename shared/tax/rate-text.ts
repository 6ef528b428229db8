// A tax rate as people read it in messages, forms and the audit log: "20 %", "5.5 %", "8.125 %" —
// at most the 4 decimals a rate has (numeric(7,4)), no trailing zeros.
export const ratePercent = (rate: number): string => `${Number(rate.toFixed(4))} %`;
