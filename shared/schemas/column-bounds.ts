// What the server's columns hold, declared beside the collection schemas. The server validates
// pushed documents against `withColumnBounds(schema)`, so a value no column can hold gets a
// schema reason instead of a database error. The RxDB schemas themselves stay as they are: a
// change to them changes their hash and every paired device would have to migrate its database.
import { isoDateField } from './common.ts';

/** PostgreSQL `integer` (seq numbers, counters). */
export const INT4_MAX = 2_147_483_647;
/** Money in minor units (`bigint` columns): 500 lines of it still add up to a safe integer. */
export const MONEY_LIMIT = 10_000_000_000_000;
/** Quantities (`numeric(18, 4)`): at most 4 decimals. */
export const QTY_LIMIT = 1_000_000_000;
export const QTY_STEP = 0.0001;

/** An ISO-8601 instant PostgreSQL's timestamptz accepts (year 0001–9999, real field ranges). */
export const ISO_INSTANT_PATTERN =
  '^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$';

const INT4_FIELDS = new Set(['seq', 'lastSeq', 'scanErrors']);

type SchemaNode = Record<string, unknown>;

function bound(key: string, node: SchemaNode): SchemaNode {
  if (node === isoDateField) return { ...node, pattern: ISO_INSTANT_PATTERN };
  const out: SchemaNode = { ...node };
  const clamp = (limit: number): void => {
    out.minimum = Math.max(typeof node.minimum === 'number' ? node.minimum : -limit, -limit);
    out.maximum = Math.min(typeof node.maximum === 'number' ? node.maximum : limit, limit);
  };
  if (node.type === 'integer') clamp(INT4_FIELDS.has(key) ? INT4_MAX : MONEY_LIMIT);
  if (node.type === 'number' && (typeof node.minimum !== 'number' || typeof node.maximum !== 'number')) {
    clamp(QTY_LIMIT);
    out.multipleOf = QTY_STEP;
  }
  if (node.properties && typeof node.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, SchemaNode>).map(([k, v]) => [k, bound(k, v)]));
  }
  if (node.items && typeof node.items === 'object') out.items = bound(key, node.items as SchemaNode);
  return out;
}

/** The schema with every integer, quantity and date bounded to what its column holds. */
export function withColumnBounds(schema: object): object {
  return bound('', schema as SchemaNode);
}
