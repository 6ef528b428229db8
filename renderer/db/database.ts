// The till's local database: RxDB on Dexie (IndexedDB) with the shared collection schemas.
// Only the collections a till uses are opened (8 of the 11), well under RxDB open core's 13: the
// store's pickings are its click-and-collect queue (pickup-queue.ts).
// The dev-mode plugin is never imported here, so it can never ship in a production build.
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import {
  ackSchema,
  configEntrySchema,
  customerSchema,
  pickingSchema,
  productSchema,
  saleSchema,
  schemaMigrations,
  sessionEventSchema,
  stockLevelSchema,
  type Ack,
  type ConfigEntry,
  type Customer,
  type Picking,
  type Product,
  type Sale,
  type SessionEvent,
  type StockLevel,
  type ProductAvailability,
  availabilitySchema,
} from '../../shared/schemas/index.ts';

export interface TillCollections {
  products: RxCollection<Product>;
  stock: RxCollection<StockLevel>;
  config: RxCollection<ConfigEntry>;
  customers: RxCollection<Customer>;
  pickings: RxCollection<Picking>;
  acks: RxCollection<Ack>;
  /** Per product, what each site has: the endless aisle (docs/till.md). */
  availability: RxCollection<ProductAvailability>;
  sales: RxCollection<Sale>;
  sessions: RxCollection<SessionEvent>;
}

export type TillDatabase = RxDatabase<TillCollections>;
export type TillCollectionName = keyof TillCollections;

export const tillCollectionNames: readonly TillCollectionName[] = [
  'products',
  'stock',
  'config',
  'customers',
  'pickings',
  'acks',
  'availability',
  'sales',
  'sessions',
];

export class DatabaseOpenError extends Error {
  readonly code = 'db-open-failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseOpenError';
  }
}

/** IndexedDB database name for a paired device: one database per device id. */
export function databaseNameFor(deviceId: string): string {
  return `aisle-till-${deviceId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

/** Opens (or creates) the local database. `multiInstance` lets several windows share it. */
// Old local documents are carried to the current schema version on open (shared/schemas schemaMigrations).
addRxPlugin(RxDBMigrationSchemaPlugin);

export async function openTillDatabase(
  name: string,
  options: { indexedDB?: IDBFactory; keyRange?: typeof IDBKeyRange; durability?: 'strict' | 'relaxed' } = {},
): Promise<TillDatabase> {
  // Strict durability: Chromium flushes each IndexedDB transaction to disk before it reports
  // completion, so a committed sale survives a power cut, not only a closed window.
  const storage = getRxStorageDexie({
    chromeTransactionDurability: options.durability ?? 'strict',
    ...(options.indexedDB && options.keyRange ? { indexedDB: options.indexedDB, IDBKeyRange: options.keyRange } : {}),
  });
  try {
    const db = await createRxDatabase<TillCollections>({
      name,
      storage,
      multiInstance: true,
      eventReduce: true,
      closeDuplicates: true,
    });
    await db.addCollections({
      products: { schema: productSchema },
      stock: { schema: stockLevelSchema },
      config: { schema: configEntrySchema, migrationStrategies: schemaMigrations.config },
      customers: { schema: customerSchema, migrationStrategies: schemaMigrations.customers },
      pickings: { schema: pickingSchema, migrationStrategies: schemaMigrations.pickings },
      acks: { schema: ackSchema },
      availability: { schema: availabilitySchema },
      sales: { schema: saleSchema, migrationStrategies: schemaMigrations.sales },
      sessions: { schema: sessionEventSchema, migrationStrategies: schemaMigrations.sessions },
    });
    return db;
  } catch (cause) {
    throw new DatabaseOpenError(`could not open the local database ${name}`, { cause });
  }
}

/** Asks the browser not to evict our storage under pressure; returns whether it agreed. */
export async function requestPersistentStorage(): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}
