// Journal lines as the posting rules produce them, before they are written: pure values.
// Amounts are integer minor units; a line is either a debit or a credit, never both.
// Posting rules work with *signed* amounts (returns are negative sales) and these helpers put
// each signed amount on the right side, so a return is the exact mirror of a sale.

export interface JournalLine {
  account: string;
  debit: number;
  credit: number;
  /** Dimensions used by the reports and the Z report. */
  taxId?: string;
  tillId?: string;
  memo?: string;
}

export type Dimensions = Pick<JournalLine, 'taxId' | 'tillId' | 'memo'>;

export class UnbalancedEntryError extends Error {
  readonly code = 'LEDGER_UNBALANCED';
  constructor(readonly debit: number, readonly credit: number) {
    super(`journal entry does not balance: debit ${debit} ≠ credit ${credit}`);
    this.name = 'UnbalancedEntryError';
  }
}

/** A signed amount on the debit-normal side: positive → debit, negative → credit. */
export function debitSigned(account: string, amount: number, dims: Dimensions = {}): JournalLine {
  return amount >= 0
    ? { account, debit: amount, credit: 0, ...dims }
    : { account, debit: 0, credit: -amount, ...dims };
}

/** A signed amount on the credit-normal side: positive → credit, negative → debit. */
export function creditSigned(account: string, amount: number, dims: Dimensions = {}): JournalLine {
  return debitSigned(account, -amount, dims);
}

export function totals(lines: readonly JournalLine[]): { debit: number; credit: number } {
  let debit = 0;
  let credit = 0;
  for (const line of lines) {
    debit += line.debit;
    credit += line.credit;
  }
  return { debit, credit };
}

/** Drops zero lines and proves Σ debit = Σ credit; the database checks it again at commit. */
export function balanced(lines: readonly JournalLine[]): JournalLine[] {
  const kept = lines.filter((l) => l.debit !== 0 || l.credit !== 0);
  const t = totals(kept);
  if (t.debit !== t.credit) throw new UnbalancedEntryError(t.debit, t.credit);
  return kept;
}

/**
 * Merges lines that say the same thing (same account, dimensions, memo and side) into one, so a
 * five-line sale at one tax rate posts one revenue and one tax line, not five of each. Totals per
 * account and dimension are unchanged.
 */
export function mergeLines(lines: readonly JournalLine[]): JournalLine[] {
  const merged = new Map<string, JournalLine>();
  for (const line of lines) {
    const side = line.debit > 0 ? 'd' : 'c';
    const key = [line.account, line.taxId ?? '', line.tillId ?? '', line.memo ?? '', side].join('\u0000');
    const seen = merged.get(key);
    if (seen) {
      seen.debit += line.debit;
      seen.credit += line.credit;
    } else merged.set(key, { ...line });
  }
  return [...merged.values()];
}
