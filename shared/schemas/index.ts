// The replicated collections, in one place. Twelve collections: RxDB open core allows 13 per process
// (a device opens only the ones it uses: a till 9, a scanner station 8).
// `owner` says which way a collection replicates: server-owned ones are pulled by devices,
// device-owned ones are pushed (append-only) and never edited.
import { ackSchema } from './ack.ts';
import { availabilitySchema } from './availability.ts';
import { configEntrySchema } from './config-entry.ts';
import { customerSchema } from './customer.ts';
import { packageMoveSchema } from './package-move.ts';
import { pickingEventSchema } from './picking-event.ts';
import { pickingSchema } from './picking.ts';
import { productSchema } from './product.ts';
import { saleSchema } from './sale.ts';
import { sessionEventSchema } from './session-event.ts';
import { stockCountSchema } from './stock-count.ts';
import { stockLevelSchema } from './stock-level.ts';

export * from './common.ts';
export type * from './ack.ts';
export type * from './availability.ts';
export type * from './config-entry.ts';
export type * from './customer.ts';
export type * from './package-move.ts';
export type * from './picking-event.ts';
export type * from './picking.ts';
export type * from './product.ts';
export type * from './sale.ts';
export type * from './sale-stored-value.ts';
export type * from './session-event.ts';
export type * from './stock-count.ts';
export type * from './stock-level.ts';
export {
  ackSchema,
  availabilitySchema,
  configEntrySchema,
  customerSchema,
  packageMoveSchema,
  pickingEventSchema,
  pickingSchema,
  productSchema,
  saleSchema,
  sessionEventSchema,
  stockCountSchema,
  stockLevelSchema,
};

export const collections = {
  products: { owner: 'server', schema: productSchema },
  stock: { owner: 'server', schema: stockLevelSchema },
  config: { owner: 'server', schema: configEntrySchema },
  customers: { owner: 'server', schema: customerSchema },
  pickings: { owner: 'server', schema: pickingSchema },
  acks: { owner: 'server', schema: ackSchema },
  availability: { owner: 'server', schema: availabilitySchema },
  sales: { owner: 'device', schema: saleSchema },
  sessions: { owner: 'device', schema: sessionEventSchema },
  picking_events: { owner: 'device', schema: pickingEventSchema },
  counts: { owner: 'device', schema: stockCountSchema },
  package_moves: { owner: 'device', schema: packageMoveSchema },
} as const;

export type CollectionName = keyof typeof collections;

/** RxDB migration strategies (`migrationStrategies`) by collection: one per schema version above 0. */
export type SchemaMigrations = Record<number, (doc: unknown) => unknown>;

/**
 * How a device's stored documents of an older schema version are carried to the current one.
 * Every change so far only added optional fields, so the documents are kept as they are (a sale is
 * sealed: its content may never change). A device-owned document may be pushed again after the
 * migration; the server applies each id once, so that costs nothing.
 */
export const schemaMigrations: Record<CollectionName, SchemaMigrations> = {
  products: {},
  stock: {},
  // 1: pricelists, promotions, coupons (issue 17); 2: packages (issue 15); 3: offline allowance and
  // loyalty program (issue 17): entries are kept as they are.
  config: { 1: (doc) => doc, 2: (doc) => doc, 3: (doc) => doc },
  customers: { 1: (doc) => doc, 2: (doc) => doc },
  pickings: { 1: (doc) => doc, 2: (doc) => doc, 3: (doc) => doc, 4: (doc) => doc, 5: (doc) => doc, 6: (doc) => doc },
  acks: {},
  availability: {},
  sales: { 1: (doc) => doc, 2: (doc) => doc, 3: (doc) => doc, 4: (doc) => doc, 5: (doc) => doc, 6: (doc) => doc, 7: (doc) => doc, 8: (doc) => doc },
  sessions: { 1: (doc) => doc },
  picking_events: {},
  counts: {},
  package_moves: {},
};
export type ServerCollection = { [K in CollectionName]: (typeof collections)[K]['owner'] extends 'server' ? K : never }[CollectionName];
export type DeviceCollection = Exclude<CollectionName, ServerCollection>;

export const collectionNames = Object.keys(collections) as CollectionName[];

export function isCollectionName(name: string): name is CollectionName {
  return Object.hasOwn(collections, name);
}
