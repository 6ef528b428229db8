// JSON-schema validation of pushed documents against the shared collection schemas. RxDB-only
// keywords are dropped before compiling; one compiled validator per device collection.
import { Ajv, type ValidateFunction } from 'ajv';
import { collections, type DeviceCollection } from '../../shared/schemas/index.ts';

const RXDB_ONLY = new Set(['primaryKey', 'indexes', 'version', 'encrypted', 'keyCompression', 'attachments', 'internalIndexes', 'sharding', 'final']);

function stripRxdbKeywords(schema: object): object {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !RXDB_ONLY.has(k)));
}

const ajv = new Ajv({ strict: false, allErrors: false });
const validators = new Map<string, ValidateFunction>();

export function validatorFor(collection: DeviceCollection): ValidateFunction {
  let v = validators.get(collection);
  if (!v) {
    v = ajv.compile(stripRxdbKeywords(collections[collection].schema));
    validators.set(collection, v);
  }
  return v;
}

/** Returns null when valid, otherwise a short human reason. */
export function schemaProblem(collection: DeviceCollection, doc: unknown): string | null {
  const v = validatorFor(collection);
  if (v(doc)) return null;
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ').slice(0, 900);
}
