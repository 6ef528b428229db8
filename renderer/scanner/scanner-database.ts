// The scanner station's local database: RxDB on Dexie with the collections a warehouse station
// uses (9 of the 11, under RxDB open core's 13; `availability` for Request stock). Same storage settings as the till's database
// (strict durability: a validation is on disk before the screen says so).
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import {
  ackSchema,
  availabilitySchema,
  configEntrySchema,
  packageMoveSchema,
  pickingEventSchema,
  pickingSchema,
  productSchema,
  schemaMigrations,
  stockCountSchema,
  stockLevelSchema,
  type Ack,
  type ConfigEntry,
  type ProductAvailability,
  type PackageMove,
  type Picking,
  type PickingEvent,
  type Product,
  type StockCount,
  type StockLevel,
} from '../../shared/schemas/index.ts';
import { DatabaseOpenError } from '../db/database.ts';

export interface ScannerCollections {
  products: RxCollection<Product>;
  stock: RxCollection<StockLevel>;
  config: RxCollection<ConfigEntry>;
  acks: RxCollection<Ack>;
  pickings: RxCollection<Picking>;
  picking_events: RxCollection<PickingEvent>;
  counts: RxCollection<StockCount>;
  package_moves: RxCollection<PackageMove>;
  /** What each site has of each product (Request stock shows where an item is). */
  availability: RxCollection<ProductAvailability>;
}

export type ScannerDatabase = RxDatabase<ScannerCollections>;
export type ScannerCollectionName = keyof ScannerCollections;

/** IndexedDB name of a paired station: one database per device id, apart from any till's. */
export function scannerDatabaseName(deviceId: string): string {
  return `aisle-scanner-${deviceId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

export async function openScannerDatabase(name: string): Promise<ScannerDatabase> {
  const storage = getRxStorageDexie({ chromeTransactionDurability: 'strict' });
  try {
    const db = await createRxDatabase<ScannerCollections>({ name, storage, multiInstance: true, eventReduce: true, closeDuplicates: true });
    await db.addCollections({
      products: { schema: productSchema },
      stock: { schema: stockLevelSchema },
      config: { schema: configEntrySchema, migrationStrategies: schemaMigrations.config },
      acks: { schema: ackSchema },
      pickings: { schema: pickingSchema, migrationStrategies: schemaMigrations.pickings },
      picking_events: { schema: pickingEventSchema },
      counts: { schema: stockCountSchema },
      package_moves: { schema: packageMoveSchema },
      availability: { schema: availabilitySchema },
    });
    return db;
  } catch (cause) {
    throw new DatabaseOpenError(`could not open the local database ${name}`, { cause });
  }
}
