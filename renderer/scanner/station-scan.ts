// What the station reads from a scan or from the Barcode box: a barcode as parseScan reads it, or,
// when it is no barcode, a location's name typed by hand as the screen shows it (a torn or missing
// label), read as that location's label (LOC:<name>) would be.
import { parseScan, type ScanResult } from '../../shared/barcode/index.ts';

export function readStationScan(raw: string, typedLocation: (text: string) => string | undefined): ScanResult {
  const scan = parseScan(raw);
  if (scan.kind !== 'invalid') return scan;
  const name = typedLocation(raw);
  return name === undefined ? scan : { kind: 'location', raw, symbology: scan.symbology, code: name };
}
