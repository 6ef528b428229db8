// A collection schema as plain JSON Schema: the RxDB-only keywords (primary key, indexes, version…)
// dropped, for the server's validators and the HTTP routes that answer collection documents.

const RXDB_ONLY = new Set(['primaryKey', 'indexes', 'version', 'encrypted', 'keyCompression', 'attachments', 'internalIndexes', 'sharding', 'final']);

/** The top level of `schema` without RxDB's own keywords (they only appear there). */
export function withoutRxdbKeywords(schema: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !RXDB_ONLY.has(k)));
}
