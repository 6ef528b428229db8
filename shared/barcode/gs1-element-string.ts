// Splitting a GS1 element string into its elements: the scanned form (AIs back to back, GS
// after variable-length fields) and the bracketed human-readable form `(01)…(10)…`. Each
// element is checked against its AI's format, length and check digit here; typed decoding
// (dates, decimals) is gs1-fields.ts.

import { hasValidCheckDigit } from './gtin.ts';
import { aiDefinition, fitsCharset, matchAi, predefinedDataLength } from './gs1-ai-table.ts';
import type { Gs1AiDef } from './gs1-ai-table.ts';
import { fail, SCAN_ERROR } from './scan-result.ts';
import type { Gs1Element, ScanFailure } from './scan-result.ts';

/** ASCII 29, the group separator that stands for FNC1 in scanned GS1 data. */
export const GS = '\u001d';

export type ElementsResult = { ok: true; elements: Gs1Element[] } | ScanFailure;

const BRACKETED_AI = /^\(([0-9]{2,4})\)/;
/** A bracketed AI further on in the text: where the current bracketed field's data ends. */
const NEXT_BRACKETED_AI = /\([0-9]{2,4}\)/;

/** True when `data` is in the bracketed human-readable form (ignoring a leading GS). */
export function isBracketedElementString(data: string): boolean {
  return BRACKETED_AI.test(data.startsWith(GS) ? data.slice(1) : data);
}

function checkElement(def: Gs1AiDef, value: string): ScanFailure | null {
  const label = `AI (${def.ai}) ${def.title}`;
  if (value.length < def.min || value.length > def.max) {
    const allowed = def.min === def.max ? `exactly ${def.min}` : `${def.min}–${def.max}`;
    const hint = value.length > def.max ? ' (a GS separator may be missing)' : '';
    return fail(SCAN_ERROR.BAD_AI_DATA, `${label} takes ${allowed} characters, got ${value.length}${hint}.`, def.ai);
  }
  if (!fitsCharset(value, def.charset)) {
    const what = def.charset === 'N' ? 'digits only' : 'GS1 characters only (letters, digits and !"%&\'()*+,-./:;<=>?_)';
    return fail(SCAN_ERROR.BAD_AI_DATA, `${label} takes ${what}, got "${value}".`, def.ai);
  }
  if (def.checkDigit === true && !hasValidCheckDigit(value)) {
    return fail(SCAN_ERROR.BAD_CHECK_DIGIT, `${label} ${value} has a wrong check digit (misread?).`, def.ai);
  }
  return null;
}

function element(def: Gs1AiDef, data: string): Gs1Element {
  return { ai: def.ai, title: def.title, data };
}

/** Splits the scanned form: AIs back to back, GS only where a variable-length field ends. */
function splitScanned(text: string): ElementsResult {
  const elements: Gs1Element[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (text[pos] === GS) {
      pos++;
      continue;
    }
    const rest = text.slice(pos);
    const def = matchAi(rest);
    if (def === undefined) {
      const shown = rest.slice(0, 4).replaceAll(GS, '<GS>');
      return fail(SCAN_ERROR.UNKNOWN_AI, `No known GS1 application identifier at "${shown}…" (position ${pos + 1}).`);
    }
    const start = pos + def.ai.length;
    const fixed = predefinedDataLength(def);
    let value: string;
    if (fixed !== undefined) {
      value = text.slice(start, start + fixed);
      if (value.length < fixed || value.includes(GS)) {
        return fail(SCAN_ERROR.TRUNCATED, `AI (${def.ai}) ${def.title} needs ${fixed} characters but the data stops early.`, def.ai);
      }
      pos = start + fixed;
    } else {
      const gsAt = text.indexOf(GS, start);
      const end = gsAt === -1 ? text.length : gsAt;
      value = text.slice(start, end);
      pos = end;
    }
    const problem = checkElement(def, value);
    if (problem !== null) return problem;
    elements.push(element(def, value));
  }
  return { ok: true, elements };
}

/** Splits the bracketed form `(01)09501101530003(10)AB-123`; GS characters between fields are tolerated. */
function splitBracketed(text: string): ElementsResult {
  const elements: Gs1Element[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (text[pos] === GS) {
      pos++;
      continue;
    }
    const rest = text.slice(pos);
    const match = BRACKETED_AI.exec(rest);
    if (match === null) {
      return fail(SCAN_ERROR.BAD_BRACKETS, `Expected a bracketed AI like "(10)" at position ${pos + 1}, found "${rest.slice(0, 6)}".`);
    }
    const ai = match[1] ?? '';
    const def = aiDefinition(ai);
    if (def === undefined) return fail(SCAN_ERROR.UNKNOWN_AI, `(${ai}) is not a GS1 application identifier this till knows.`, ai);
    const afterAi = rest.slice(match[0].length);
    const next = NEXT_BRACKETED_AI.exec(afterAi);
    const gsAt = afterAi.indexOf(GS);
    let end = next === null ? afterAi.length : next.index;
    if (gsAt !== -1 && gsAt < end) end = gsAt;
    const value = afterAi.slice(0, end);
    const problem = checkElement(def, value);
    if (problem !== null) return problem;
    elements.push(element(def, value));
    pos += match[0].length + end;
  }
  return { ok: true, elements };
}

/**
 * Splits a GS1 element string (AIM prefix already removed, GS substitutes already mapped to
 * ASCII 29) into checked elements. A leading GS (FNC1 in first position) is ignored.
 */
export function splitElementString(data: string): ElementsResult {
  const text = data.startsWith(GS) ? data.slice(1) : data;
  if (text.length === 0) return fail(SCAN_ERROR.EMPTY, 'The GS1 barcode holds no data.');
  const result = BRACKETED_AI.test(text) ? splitBracketed(text) : splitScanned(text);
  if (result.ok && result.elements.length === 0) return fail(SCAN_ERROR.EMPTY, 'The GS1 barcode holds no data.');
  return result;
}
