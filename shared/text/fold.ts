// Text as searches compare it, on the till, the scanner and in the back office's own filters: lower
// case without accents ("Éclair" → "eclair", "José" → "jose"), and the letters that have no
// accent to drop written as the server's unaccent dictionary writes them (ß → ss, Œ → oe, Ø → o),
// so a search finds the same names on a device offline as on the server (aisle_fold, migration 120).

const LETTERS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };

export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþıħ]/g, (c) => LETTERS[c] ?? c);
}

/** Whether `text` holds `query` (already folded, or folded here), accents and case aside. */
export function foldedIncludes(text: string, query: string): boolean {
  return foldText(text).includes(foldText(query));
}
