// Names in the order people read them on a device, as the server lists them (collation
// aisle_names, migration 119): the root collation with numbers as numbers — "Apples #5" before
// "Apples #205", "Éclair" between "apple" and "yaourt". One collator, made once (making one is the
// expensive part).
const collator = new Intl.Collator('und', { numeric: true });

export const compareNames = (a: string, b: string): number => collator.compare(a, b);
