// The GS1 Application Identifier table this parser knows: data format and length of each AI,
// and the GS1 "predefined length" table that says which AIs need no GS after them.
// Source: GS1 General Specifications, section 3 (AI definitions) and figure 7.8.5-2.

/** `N`: digits only. `X`: GS1 AI encodable character set 82. */
export type Gs1Charset = 'N' | 'X';

export interface Gs1AiDef {
  ai: string;
  title: string;
  charset: Gs1Charset;
  /** Data length bounds (the AI itself not counted). Fixed-length AIs have min === max. */
  min: number;
  max: number;
  /** The data ends in a GS1 mod-10 check digit (GTIN, SSCC, GLN, GSIN…). */
  checkDigit?: boolean;
  /** The data is a YYMMDD date (day 00 = last day of the month). */
  date?: boolean;
  /** The last digit of the AI is the number of implied decimals (310n, 392n…). */
  decimals?: number;
  /** The data starts with a 3-digit ISO code (currency for 391n/393n, country for 421…). */
  isoPrefix?: boolean;
}

/**
 * GS1 figure 7.8.5-2: element strings whose AI starts with these two digits have this total
 * length (AI + data) and need no FNC1/GS after them. Every other AI is followed by a GS unless
 * it ends the data — even a fixed-length one such as 422.
 */
export const PREDEFINED_TOTAL_LENGTH: Readonly<Record<string, number>> = {
  '00': 20, '01': 16, '02': 16, '03': 16, '04': 18,
  '11': 8, '12': 8, '13': 8, '14': 8, '15': 8, '16': 8, '17': 8, '18': 8, '19': 8,
  '20': 4,
  '31': 10, '32': 10, '33': 10, '34': 10, '35': 10, '36': 10,
  '41': 16,
};

const table = new Map<string, Gs1AiDef>();

function add(ai: string, title: string, charset: Gs1Charset, min: number, max: number, extra: Partial<Gs1AiDef> = {}): void {
  table.set(ai, { ai, title, charset, min, max, ...extra });
}

/** Adds `stem` + n for n = 0..maxDecimals, with n implied decimals. */
function addDecimalFamily(stem: string, title: string, min: number, max: number, maxDecimals: number, extra: Partial<Gs1AiDef> = {}): void {
  for (let n = 0; n <= maxDecimals; n++) add(`${stem}${n}`, title, 'N', min, max, { decimals: n, ...extra });
}

add('00', 'SSCC', 'N', 18, 18, { checkDigit: true });
add('01', 'GTIN', 'N', 14, 14, { checkDigit: true });
add('02', 'CONTENT', 'N', 14, 14, { checkDigit: true });
add('03', 'MTO GTIN', 'N', 14, 14, { checkDigit: true });
add('10', 'BATCH/LOT', 'X', 1, 20);
add('11', 'PROD DATE', 'N', 6, 6, { date: true });
add('12', 'DUE DATE', 'N', 6, 6, { date: true });
add('13', 'PACK DATE', 'N', 6, 6, { date: true });
add('15', 'BEST BEFORE or BEST BY', 'N', 6, 6, { date: true });
add('16', 'SELL BY', 'N', 6, 6, { date: true });
add('17', 'USE BY OR EXPIRY', 'N', 6, 6, { date: true });
add('20', 'VARIANT', 'N', 2, 2);
add('21', 'SERIAL', 'X', 1, 20);
add('22', 'CPV', 'X', 1, 20);
add('235', 'TPX', 'X', 1, 28);
add('240', 'ADDITIONAL ID', 'X', 1, 30);
add('241', 'CUST. PART No.', 'X', 1, 30);
add('242', 'MTO VARIANT', 'N', 1, 6);
add('243', 'PCN', 'X', 1, 20);
add('250', 'SECONDARY SERIAL', 'X', 1, 30);
add('251', 'REF. TO SOURCE', 'X', 1, 30);
add('253', 'GDTI', 'X', 13, 30);
add('254', 'GLN EXTENSION COMPONENT', 'X', 1, 20);
add('255', 'GCN', 'N', 13, 25);
add('30', 'VAR. COUNT', 'N', 1, 8);

const measures: ReadonlyArray<readonly [string, string]> = [
  ['310', 'NET WEIGHT (kg)'], ['311', 'LENGTH (m)'], ['312', 'WIDTH (m)'], ['313', 'HEIGHT (m)'],
  ['314', 'AREA (m²)'], ['315', 'NET VOLUME (l)'], ['316', 'NET VOLUME (m³)'],
  ['320', 'NET WEIGHT (lb)'], ['321', 'LENGTH (in)'], ['322', 'LENGTH (ft)'], ['323', 'LENGTH (yd)'],
  ['324', 'WIDTH (in)'], ['325', 'WIDTH (ft)'], ['326', 'WIDTH (yd)'], ['327', 'HEIGHT (in)'],
  ['328', 'HEIGHT (ft)'], ['329', 'HEIGHT (yd)'],
  ['330', 'GROSS WEIGHT (kg)'], ['331', 'LENGTH (m), log'], ['332', 'WIDTH (m), log'],
  ['333', 'HEIGHT (m), log'], ['334', 'AREA (m²), log'], ['335', 'VOLUME (l), log'],
  ['336', 'VOLUME (m³), log'], ['337', 'KG PER m²'],
  ['340', 'GROSS WEIGHT (lb)'], ['341', 'LENGTH (in), log'], ['342', 'LENGTH (ft), log'],
  ['343', 'LENGTH (yd), log'], ['344', 'WIDTH (in), log'], ['345', 'WIDTH (ft), log'],
  ['346', 'WIDTH (yd), log'], ['347', 'HEIGHT (in), log'], ['348', 'HEIGHT (ft), log'],
  ['349', 'HEIGHT (yd), log'],
  ['350', 'AREA (in²)'], ['351', 'AREA (ft²)'], ['352', 'AREA (yd²)'], ['353', 'AREA (in²), log'],
  ['354', 'AREA (ft²), log'], ['355', 'AREA (yd²), log'], ['356', 'NET WEIGHT (troy oz)'],
  ['357', 'NET VOLUME (oz)'],
  ['360', 'NET VOLUME (qt)'], ['361', 'NET VOLUME (gal)'], ['362', 'VOLUME (qt), log'],
  ['363', 'VOLUME (gal), log'], ['364', 'VOLUME (in³)'], ['365', 'VOLUME (ft³)'], ['366', 'VOLUME (yd³)'],
  ['367', 'VOLUME (in³), log'], ['368', 'VOLUME (ft³), log'], ['369', 'VOLUME (yd³), log'],
];
for (const [stem, title] of measures) addDecimalFamily(stem, title, 6, 6, 5);

add('37', 'COUNT', 'N', 1, 8);
addDecimalFamily('390', 'AMOUNT', 1, 15, 9);
addDecimalFamily('391', 'AMOUNT', 4, 18, 9, { isoPrefix: true });
addDecimalFamily('392', 'PRICE', 1, 15, 9);
addDecimalFamily('393', 'PRICE', 4, 18, 9, { isoPrefix: true });
addDecimalFamily('394', 'PRCNT OFF', 4, 4, 4);
addDecimalFamily('395', 'PRICE/UoM', 6, 6, 6);
add('400', 'ORDER NUMBER', 'X', 1, 30);
add('401', 'GINC', 'X', 1, 30);
add('402', 'GSIN', 'N', 17, 17, { checkDigit: true });
add('403', 'ROUTE', 'X', 1, 30);
add('410', 'SHIP TO LOC', 'N', 13, 13, { checkDigit: true });
add('411', 'BILL TO', 'N', 13, 13, { checkDigit: true });
add('412', 'PURCHASE FROM', 'N', 13, 13, { checkDigit: true });
add('413', 'SHIP FOR LOC', 'N', 13, 13, { checkDigit: true });
add('414', 'LOC No.', 'N', 13, 13, { checkDigit: true });
add('415', 'PAY TO', 'N', 13, 13, { checkDigit: true });
add('416', 'PROD/SERV LOC', 'N', 13, 13, { checkDigit: true });
add('417', 'PARTY', 'N', 13, 13, { checkDigit: true });
add('420', 'SHIP TO POST', 'X', 1, 20);
add('421', 'SHIP TO POST', 'X', 4, 12, { isoPrefix: true });
add('422', 'ORIGIN', 'N', 3, 3);
add('423', 'COUNTRY - INITIAL PROCESS.', 'N', 3, 15);
add('424', 'COUNTRY - PROCESS.', 'N', 3, 3);
add('425', 'COUNTRY - DISASSEMBLY', 'N', 3, 15);
add('426', 'COUNTRY - FULL PROCESS', 'N', 3, 3);
add('427', 'ORIGIN SUBDIVISION', 'X', 1, 3);
add('7001', 'NSN', 'N', 13, 13);
add('7002', 'MEAT CUT', 'X', 1, 30);
add('7003', 'EXPIRY TIME', 'N', 10, 10);
add('7004', 'ACTIVE POTENCY', 'N', 1, 4);
add('7005', 'CATCH AREA', 'X', 1, 12);
add('7006', 'FIRST FREEZE DATE', 'N', 6, 6, { date: true });
add('7007', 'HARVEST DATE', 'N', 6, 12);
add('7008', 'AQUATIC SPECIES', 'X', 1, 3);
add('7009', 'FISHING GEAR TYPE', 'X', 1, 10);
add('7010', 'PROD METHOD', 'X', 1, 2);
add('7020', 'REFURB LOT', 'X', 1, 20);
add('7021', 'FUNC STAT', 'X', 1, 20);
add('7022', 'REV STAT', 'X', 1, 20);
add('7023', 'GIAI - ASSEMBLY', 'X', 1, 30);
add('8001', 'DIMENSIONS', 'N', 14, 14);
add('8002', 'CMT No.', 'X', 1, 20);
add('8003', 'GRAI', 'X', 14, 30);
add('8004', 'GIAI', 'X', 1, 30);
add('8005', 'PRICE PER UNIT', 'N', 6, 6);
add('8006', 'ITIP', 'N', 18, 18);
add('8007', 'IBAN', 'X', 1, 34);
add('8008', 'PROD TIME', 'N', 8, 12);
add('8010', 'CPID', 'X', 1, 30);
add('8011', 'CPID SERIAL', 'N', 1, 12);
add('8012', 'VERSION', 'X', 1, 20);
add('8013', 'GMN', 'X', 1, 25);
add('8017', 'GSRN - PROVIDER', 'N', 18, 18, { checkDigit: true });
add('8018', 'GSRN - RECIPIENT', 'N', 18, 18, { checkDigit: true });
add('8019', 'SRIN', 'N', 1, 10);
add('8020', 'REF No.', 'X', 1, 25);
add('8026', 'ITIP CONTENT', 'N', 18, 18);
add('8110', 'COUPON', 'X', 1, 70);
add('8111', 'POINTS', 'N', 4, 4);
add('8112', 'COUPON', 'X', 1, 70);
add('8200', 'PRODUCT URL', 'X', 1, 70);
add('90', 'INTERNAL', 'X', 1, 30);
for (let n = 91; n <= 99; n++) add(String(n), 'INTERNAL', 'X', 1, 90);

/** The AI definition for exactly `ai`, if known. */
export function aiDefinition(ai: string): Gs1AiDef | undefined {
  return table.get(ai);
}

/**
 * The known AI `data` starts with (AIs are prefix-free, so at most one of the 2-, 3- and
 * 4-digit prefixes matches), or undefined.
 */
export function matchAi(data: string): Gs1AiDef | undefined {
  for (let length = 2; length <= 4; length++) {
    const def = table.get(data.slice(0, length));
    if (def !== undefined) return def;
  }
  return undefined;
}

/** Every AI in the table (for tests and documentation). */
export function knownAis(): readonly Gs1AiDef[] {
  return [...table.values()];
}

/** Data length that needs no GS after it, or undefined when the AI must be GS-terminated. */
export function predefinedDataLength(def: Gs1AiDef): number | undefined {
  const total = PREDEFINED_TOTAL_LENGTH[def.ai.slice(0, 2)];
  return total === undefined ? undefined : total - def.ai.length;
}

/** GS1 AI encodable character set 82. */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
const NUMERIC = /^[0-9]*$/;

/** True when every character of `data` is allowed by `charset`. */
export function fitsCharset(data: string, charset: Gs1Charset): boolean {
  return charset === 'N' ? NUMERIC.test(data) : CSET82.test(data);
}
