// Types for the parts of npos (an independent ESC/POS parser, JavaScript only) the tests use.
declare module 'npos/lib/parser/index.js' {
  export interface NposNode {
    code: number;
    hex: string;
    ascii: string;
    offset: number;
    length: number;
    fn?: string;
  }
  export interface NposEntry {
    type: string;
    nodes: NposNode[];
    data: Uint8Array;
  }
  export interface NposAst {
    raw: Uint8Array;
    error?: Error;
    tree: NposNode[] | null;
    entries?: NposEntry[];
  }
  export type NposSplitter = number | string | ((buf: Uint8Array, offset: number) => number);
  export type NposRules = Record<number, number | Record<string, NposSplitter | NposSplitter[]>>;
  interface ParserInstance {
    analyze(raw: Uint8Array): NposAst;
    parse(raw: Uint8Array): Promise<NposAst>;
  }
  const Parser: (rules?: NposRules) => ParserInstance;
  export default Parser;
}

declare module 'npos/lib/parser/rules.js' {
  import type { NposRules } from 'npos/lib/parser/index.js';
  const rules: NposRules;
  export default rules;
}
