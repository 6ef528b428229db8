// The running station's handles (database, credentials, catalog lookups, location labels, packages), set
// once at start-up so store actions reach them without threading them through components.
import type { PackageConfig, Product } from '../../shared/schemas/index.ts';
import type { DeviceCredentials } from '../pairing/device-credentials.ts';
import type { LocationLabels } from './location-labels.ts';
import type { ScannerDatabase } from './scanner-database.ts';

export interface ScannerCatalog {
  byGtin: Map<string, Product>;
  byId: Map<string, Product>;
}

export interface ScannerRuntime {
  db: ScannerDatabase;
  credentials: DeviceCredentials;
  labels: LocationLabels;
  catalog: ScannerCatalog;
  /** The warehouse's packages by SSCC, as synced in `config` (kind 'package'). */
  packages: Map<string, PackageConfig>;
}

export class ScannerNotStartedError extends Error {
  readonly code = 'scanner-not-started';
  constructor() {
    super('the scanner station is not started yet');
    this.name = 'ScannerNotStartedError';
  }
}

let current: ScannerRuntime | null = null;

export function setScannerRuntime(runtime: ScannerRuntime | null): void {
  current = runtime;
}

export function scannerRuntime(): ScannerRuntime {
  if (!current) throw new ScannerNotStartedError();
  return current;
}
