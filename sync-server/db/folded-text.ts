// Searches by name compare folded text: `aisle_fold` (migration 120) — lower case, accents dropped
// by PostgreSQL's unaccent dictionary — on both sides of the LIKE, so "eclair" finds "Éclair" and
// "JOSE" finds "José". The products' name prefix search is indexed on aisle_fold(name).
export const folded = (sql: string): string => `aisle_fold(${sql})`;
