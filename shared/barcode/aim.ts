// AIM symbology identifiers (ISO/IEC 15424): the optional `]Xm` prefix a scanner puts before the
// data to say which symbology it read. Owns splitting it off and naming it.

import type { Symbology } from './scan-result.ts';

/** AIM ids whose data is a GS1 element string (FNC1 in first position). */
const GS1_AIM_IDS: Readonly<Record<string, string>> = {
  ']C1': 'GS1-128',
  ']d2': 'GS1 DataMatrix',
  ']Q3': 'GS1 QR Code',
  ']e0': 'GS1 DataBar',
  ']e1': 'GS1 Composite (CC-A/B)',
  ']e2': 'GS1 Composite (CC-C)',
  ']J1': 'GS1 DotCode',
};

/** Exact ids with a specific meaning beyond their symbology letter. */
const EXACT_AIM_IDS: Readonly<Record<string, string>> = {
  ']E0': 'EAN-13/UPC-A/UPC-E',
  ']E1': 'EAN/UPC 2-digit add-on',
  ']E2': 'EAN/UPC 5-digit add-on',
  ']E3': 'EAN-13/UPC with add-on',
  ']E4': 'EAN-8',
  ']I1': 'ITF (check digit verified)',
  ']C0': 'Code 128',
  ']d1': 'Data Matrix',
  ']Q1': 'QR Code',
};

/** Symbology letters (the character after `]`). */
const AIM_LETTERS: Readonly<Record<string, string>> = {
  A: 'Code 39',
  C: 'Code 128',
  d: 'Data Matrix',
  E: 'EAN/UPC',
  e: 'GS1 DataBar',
  F: 'Codabar',
  G: 'Code 93',
  H: 'Code 11',
  I: 'ITF',
  J: 'DotCode',
  L: 'PDF417',
  M: 'MSI',
  Q: 'QR Code',
  R: 'Straight 2 of 5',
  S: 'Industrial 2 of 5',
  U: 'MaxiCode',
  X: 'Other',
  z: 'Aztec',
};

const AIM_PATTERN = /^\][A-Za-z][0-9A-Za-z]/;

export interface AimSplit {
  symbology: Symbology;
  /** The data after the AIM id (the whole input when there was none). */
  data: string;
}

export const NO_AIM: Symbology = { aimId: null, name: 'unknown', gs1: false };

/** Splits a leading `]Xm` off `text`. Unknown letters are still split off and reported by id. */
export function splitAim(text: string): AimSplit {
  if (!AIM_PATTERN.test(text)) return { symbology: NO_AIM, data: text };
  const aimId = text.slice(0, 3);
  const data = text.slice(3);
  const gs1Name = GS1_AIM_IDS[aimId];
  if (gs1Name !== undefined) return { symbology: { aimId, name: gs1Name, gs1: true }, data };
  const name = EXACT_AIM_IDS[aimId] ?? AIM_LETTERS[aimId.charAt(1)] ?? `AIM ${aimId}`;
  return { symbology: { aimId, name, gs1: false }, data };
}
