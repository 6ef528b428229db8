// Names in the order people read them: `column` under collation aisle_names (migration 119, the
// ICU root collation, numbers as numbers), not the database's — often C, which puts "Éclair"
// after "Zucchini" and "Item 10" before "Item 9".
export const byName = (column: string): string => `${column} COLLATE aisle_names`;
