// Type declarations for the independent GS1 parser used only by the differential test
// (gs1-differential.test.ts). The package ships plain CommonJS without types.

declare module 'gs1-barcode-parser-mod' {
  export interface ParsedElement {
    ai: string;
    dataTitle: string;
    /** A string, a number (measures, prices) or a Date (date AIs). */
    data: string | number | Date;
    /** Unit of measure, or the ISO code of 391n/393n/421…. */
    unit: string;
    raw: string;
    /** `YYYY-MM-DD` for date elements, empty otherwise. */
    isoDate: string;
  }
  export interface ParsedBarcode {
    codeName: string;
    parsedCodeItems: ParsedElement[];
  }
  /** Throws a string message on data it cannot parse. */
  export function parseBarcode(barcode: string): ParsedBarcode;
}
