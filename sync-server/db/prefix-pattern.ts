// Prefix search with LIKE: what the indexed name/SKU searches match (migration 071 indexes
// lower(name) and lower(sku) with text_pattern_ops).

/** A LIKE pattern for "starts with `text`" (its own % and _ taken literally). */
export function prefixPattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
