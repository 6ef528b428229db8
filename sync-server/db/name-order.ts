// Names in the order people read them: `column` under collation aisle_names (migration 119, the
// ICU root collation), not the database's — often C, which puts "Éclair" after "Zucchini".
export const byName = (column: string): string => `${column} COLLATE aisle_names`;
