// Moving a whole package (SSCC) at the station, pure: scan the package → see what the books say
// it holds → scan where it goes → one `package_moves` event. The station knows its warehouse's
// packages from `config` (kind 'package'); its own moves the server has not acknowledged yet put a
// package where the picker left it. No I/O: the caller passes the lookups.
import type { ScanResult } from '../../shared/barcode/index.ts';
import type { PackageConfig, PackageMove } from '../../shared/schemas/index.ts';
import type { Feedback } from './pick-rules.ts';

export interface PackageMoveState {
  /** The scanned package, as the station knows it (where it is and what it holds). */
  pkg: PackageConfig | null;
  /** Set once the destination is scanned: the event is made from here. */
  toLocationId: string | null;
}

export const emptyPackageMove: PackageMoveState = { pkg: null, toLocationId: null };

export interface PackageMoveContext {
  packageBySscc(sscc: string): PackageConfig | undefined;
  locationIdByCode(code: string): string | undefined;
  locationName(id: string): string | undefined;
}

/**
 * Where this station's packages are: the synced entries, with the station's own moves not yet
 * acknowledged applied on top (oldest first), so a package moved offline is where it was put.
 */
export function packagesWithPendingMoves(synced: readonly PackageConfig[], moves: readonly PackageMove[], acknowledged: ReadonlySet<string>): Map<string, PackageConfig> {
  const map = new Map(synced.map((p) => [p.sscc, p]));
  for (const m of [...moves].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const p = map.get(m.sscc);
    if (p && !acknowledged.has(m.id)) map.set(m.sscc, { ...p, locationId: m.toLocationId });
  }
  return map;
}

/** True for a package label (GS1 AI 00, no product): on the work list it starts a package move. */
export function isPackageScan(scan: ScanResult): boolean {
  return packageCode(scan) !== null;
}

function packageCode(scan: ScanResult): string | null {
  if (scan.kind === 'gs1' && !scan.gtin && scan.fields.sscc) return scan.fields.sscc;
  return null;
}

/** A package's code as typed on the station (an SSCC with or without its AI, or a typed package id). */
function typedPackage(scan: ScanResult, raw: string): string {
  return packageCode(scan) ?? raw.trim();
}

export interface PackageMoveStep {
  state: PackageMoveState | null;
  feedback: Feedback;
}

const fail = (outcome: Feedback['outcome'], message: string): PackageMoveStep => ({ state: null, feedback: { outcome, message } });

export function applyScanToPackageMove(state: PackageMoveState, scan: ScanResult, raw: string, ctx: PackageMoveContext): PackageMoveStep {
  if (state.toLocationId !== null) return fail('invalid-scan', 'This package is moved: press Done to move another.');
  if (state.pkg === null) {
    if (scan.kind === 'location') return fail('scan-package-first', 'Scan the package (its SSCC label) first, then where it goes.');
    const sscc = typedPackage(scan, raw);
    const pkg = ctx.packageBySscc(sscc);
    if (!pkg) return fail('unknown-package', `Package ${sscc} is not known to this station: it was never packed here, or the station has not synced since. Ask the office.`);
    const at = ctx.locationName(pkg.locationId) ?? 'an unknown location';
    return { state: { pkg, toLocationId: null }, feedback: { outcome: 'package-ok', message: `Package ${sscc} at ${at}: scan where you put it.` } };
  }
  if (scan.kind !== 'location') {
    const other = packageCode(scan);
    if (other !== null && other !== state.pkg.sscc) return applyScanToPackageMove(emptyPackageMove, scan, raw, ctx);
    return fail('scan-destination-first', `Scan the location where you put package ${state.pkg.sscc}.`);
  }
  const to = ctx.locationIdByCode(scan.code);
  if (!to) return fail('unknown-location', `Unknown location label ${scan.code}: scan a shelf of this warehouse.`);
  const name = ctx.locationName(to) ?? scan.code;
  if (to === state.pkg.locationId) return fail('wrong-destination', `Package ${state.pkg.sscc} is already at ${name}: scan the location where you put it.`);
  return { state: { ...state, toLocationId: to }, feedback: { outcome: 'put-away', message: `Package ${state.pkg.sscc} moved to ${name}.` } };
}

/** The event of a finished move: what the station showed, from where to where. */
export function packageMoveEvent(state: PackageMoveState, base: Pick<PackageMove, 'id' | 'deviceId' | 'siteId' | 'userId' | 'createdAt'>): PackageMove | null {
  if (!state.pkg || !state.toLocationId) return null;
  return {
    ...base,
    sscc: state.pkg.sscc,
    fromLocationId: state.pkg.locationId,
    toLocationId: state.toLocationId,
    contents: state.pkg.contents.map((c) => ({ productId: c.productId, qty: c.qty, ...(c.lot ? { lot: c.lot } : {}) })),
  };
}
