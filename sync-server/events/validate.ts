// JSON-schema validation of pushed documents against the shared collection schemas. RxDB-only
// keywords are dropped before compiling, and values bounded to what the columns hold
// (shared/schemas/column-bounds.ts); one compiled validator per device collection.
import { Ajv, type ValidateFunction } from 'ajv';
import { withColumnBounds } from '../../shared/schemas/column-bounds.ts';
import { collections, type DeviceCollection } from '../../shared/schemas/index.ts';
import { withoutRxdbKeywords } from '../../shared/schemas/rxdb-keywords.ts';

// multipleOfPrecision: 0.1 is not an exact multiple of 0.0001 in binary floating point.
const ajv = new Ajv({ strict: false, allErrors: false, multipleOfPrecision: 6 });
const validators = new Map<string, ValidateFunction>();

export function validatorFor(collection: DeviceCollection): ValidateFunction {
  let v = validators.get(collection);
  if (!v) {
    v = ajv.compile(withColumnBounds(withoutRxdbKeywords(collections[collection].schema)));
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
