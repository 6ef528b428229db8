// What PostgreSQL can store from a JSON value received over HTTP. `text` and `jsonb` refuse the
// NUL character and lone UTF-16 surrogates (JSON allows both as \u escapes), and deeply nested
// values overflow the stack of every recursive walker on the way (canonical JSON, stringify,
// schema validation). Inputs are checked here first, without recursion, so that they get a clear
// 4xx or a schema dead letter instead of a 500; dead letters keep a sanitised copy.

/** Deeper than any document or request body Aisle defines (a sale is 4 levels deep). */
export const MAX_JSON_DEPTH = 32;

const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export function isStorableString(s: string): boolean {
  return !s.includes(NUL) && !LONE_SURROGATE.test(s);
}

/** Replaces NUL and lone surrogates with U+FFFD. */
export function storableString(s: string): string {
  return s.replaceAll(NUL, '\ufffd').replace(LONE_SURROGATES, '\ufffd');
}

interface Node {
  v: unknown;
  depth: number;
  key: string;
  parent: Node | null;
}

/** The JSON pointer of a node, built only when reporting (at most 8 steps shown). */
function pointer(node: Node | null): string {
  const keys: string[] = [];
  for (let n = node; n && n.parent; n = n.parent) keys.unshift(n.key.length > 40 ? `${n.key.slice(0, 40)}…` : n.key);
  if (keys.length === 0) return '/';
  return `/${keys.slice(0, 8).join('/')}${keys.length > 8 ? '/…' : ''}`;
}

/**
 * Null when `value` can be stored as is; otherwise a short reason naming where (never the bad
 * text itself). Iterative, so a value nested 100,000 levels deep costs nothing but a loop.
 */
export function unstorableReason(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: Node[] = [{ v: value, depth: 0, key: '', parent: null }];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const v = node.v;
    if (typeof v === 'string') {
      if (!isStorableString(v)) return `${pointer(node)} contains a NUL character or a lone UTF-16 surrogate`;
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${pointer(node)} is not a finite number`;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (node.depth >= maxDepth) return `${pointer(node)} is nested deeper than ${maxDepth} levels`;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i] as unknown, depth: node.depth + 1, key: String(i), parent: node });
      continue;
    }
    for (const k of Object.keys(v)) {
      if (!isStorableString(k)) return `a key under ${pointer(node)} contains a NUL character or a lone UTF-16 surrogate`;
      stack.push({ v: (v as Record<string, unknown>)[k], depth: node.depth + 1, key: k, parent: node });
    }
  }
  return null;
}

/**
 * A copy that PostgreSQL can store: bad characters replaced, anything below `maxDepth` replaced
 * by the string "[nested too deep]". For dead letters, which keep what was sent as far as possible.
 */
export function storableCopy(value: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  const root: { value: unknown } = { value: null };
  const stack: { v: unknown; depth: number; set: (x: unknown) => void }[] = [{ v: value, depth: 0, set: (x) => (root.value = x) }];
  while (stack.length > 0) {
    const { v, depth, set } = stack.pop() as { v: unknown; depth: number; set: (x: unknown) => void };
    if (typeof v === 'string') set(storableString(v));
    else if (typeof v === 'number') set(Number.isFinite(v) ? v : null);
    else if (typeof v !== 'object' || v === null) set(typeof v === 'boolean' || v === null ? v : null);
    else if (depth >= maxDepth) set('[nested too deep]');
    else if (Array.isArray(v)) {
      const out: unknown[] = new Array<unknown>(v.length).fill(null);
      set(out);
      v.forEach((x, i) => stack.push({ v: x, depth: depth + 1, set: (y) => (out[i] = y) }));
    } else {
      const out: Record<string, unknown> = {};
      set(out);
      for (const [k, x] of Object.entries(v)) stack.push({ v: x, depth: depth + 1, set: (y) => (out[storableString(k)] = y) });
    }
  }
  return root.value;
}
