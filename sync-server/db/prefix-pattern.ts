// Searches with LIKE: the text's own %, _ and \ taken literally. The prefix form is what the
// indexed name/SKU searches match (migration 071 indexes lower(name) and lower(sku) with
// text_pattern_ops).

/** `text` with LIKE's wildcards (and its escape character) escaped: "50%" → 50\%. */
export function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern for "starts with `text`". */
export function prefixPattern(text: string): string {
  return `${likeEscaped(text)}%`;
}

/** A LIKE pattern for "contains `text`". */
export function containsPattern(text: string): string {
  return `%${likeEscaped(text)}%`;
}
