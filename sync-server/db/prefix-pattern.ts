// Searches with LIKE: the text's own %, _ and \ taken literally. The prefix form is what the
// indexed name/SKU searches match (migration 071 indexes lower(name) and lower(sku) with
// text_pattern_ops); the contains form is what the trigram indexes serve (migration 124), from
// three characters on.

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

/** Fewer characters than this hold no three-letter piece for a trigram index to look up (migration 124). */
export const TRIGRAM_MIN = 3;

/**
 * A search box's LIKE pattern: "contains `text`" from three characters on, "starts with" below —
 * what a trigram index answers without reading every row (migration 124).
 */
export function searchPattern(text: string): string {
  return [...text].length >= TRIGRAM_MIN ? containsPattern(text) : prefixPattern(text);
}
