// SQL for names, the server's side of what devices do with shared/text (fold.ts, name-order.ts).

// Searches by name compare folded text: `aisle_fold` (migration 120) — lower case, accents dropped
// by PostgreSQL's unaccent dictionary — on both sides of the LIKE, so "eclair" finds "Éclair" and
// "JOSE" finds "José". The products' name prefix search is indexed on aisle_fold(name).
export const folded = (sql: string): string => `aisle_fold(${sql})`;

// Names in the order people read them: `column` under collation aisle_names (migration 119, the
// ICU root collation, numbers as numbers), not the database's — often C, which puts "Éclair"
// after "Zucchini" and "Item 10" before "Item 9".
export const byName = (column: string): string => `${column} COLLATE aisle_names`;
