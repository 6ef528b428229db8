// Internal codes the store prints itself — location labels, receipt barcodes for returns,
// employee badges — recognised by configurable prefixes.

import type { InternalCodePrefixes } from './scan-config.ts';
import { fail, SCAN_ERROR } from './scan-result.ts';
import type { ScanFailure } from './scan-result.ts';

export type InternalKind = 'location' | 'receipt' | 'employee';

export interface InternalMatch {
  ok: true;
  kind: InternalKind;
  /** What follows the prefix. */
  value: string;
}

const KINDS: readonly InternalKind[] = ['location', 'receipt', 'employee'];

/**
 * The internal code `text` is, or null when no prefix matches. Prefixes compare
 * case-insensitively; the longest matching prefix wins so "R" and "RCT:" can coexist.
 */
export function matchInternalCode(text: string, prefixes: InternalCodePrefixes): InternalMatch | ScanFailure | null {
  const upper = text.toUpperCase();
  let best: { kind: InternalKind; prefix: string } | null = null;
  for (const kind of KINDS) {
    for (const prefix of prefixes[kind]) {
      if (prefix.length === 0 || !upper.startsWith(prefix.toUpperCase())) continue;
      if (best === null || prefix.length > best.prefix.length) best = { kind, prefix };
    }
  }
  if (best === null) return null;
  const value = text.slice(best.prefix.length).trim();
  if (value.length === 0) return fail(SCAN_ERROR.EMPTY_INTERNAL_CODE, `This ${best.kind} barcode has nothing after "${best.prefix}".`);
  return { ok: true, kind: best.kind, value };
}
