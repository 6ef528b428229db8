// The independent check: npos (an ESC/POS parser from npm) with the commands it lacks added —
// GS ( k (2D codes: QR), GS V m n with feed, ESC d. Used by tests only (npos is a dev dependency).
import Parser, { type NposNode, type NposRules } from 'npos/lib/parser/index.js';
import baseRules from 'npos/lib/parser/rules.js';

const ESC = 0x1b;
const GS = 0x1d;

function extendedRules(): NposRules {
  const rules: NposRules = { ...baseRules };
  const esc = rules[ESC];
  const gs = rules[GS];
  if (typeof esc !== 'object' || typeof gs !== 'object') throw new Error('npos rules changed shape');
  // GS ( k pL pH …: the length-prefixed 2D symbol command npos does not know. Listed first so
  // that it wins over the shorter keys.
  rules[GS] = { '(k': [0, 'd16'], ...gs };
  rules[ESC] = { ...esc, d: 1 };
  return rules;
}

export interface NposCommand {
  /** e.g. "ESC p", "GS (k", "TEXT". */
  name: string;
  bytes: Uint8Array;
}

/** Split a job into commands with npos; throws if npos cannot parse it. */
export function nposCommands(bytes: Uint8Array): NposCommand[] {
  const ast = Parser(extendedRules()).analyze(Buffer.from(bytes));
  if (ast.error || !ast.tree) throw ast.error ?? new Error('npos returned no tree');
  return ast.tree.map((n: NposNode) => ({
    name: n.ascii === 'STX' ? 'TEXT' : `${n.ascii} ${n.fn ?? ''}`.trim(),
    bytes: bytes.subarray(n.offset, n.offset + n.length),
  }));
}
