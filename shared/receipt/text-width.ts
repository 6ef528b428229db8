// Fitting text to a receipt's width. A receipt column is one printer cell; this module measures
// text in cells conservatively so that a fitted line is never wider than the paper, whether it is
// measured by display width (CJK and emoji take two cells) or by UTF-16 length (what a naive
// `.length` check or a byte-oriented printer driver sees). It also strips what must never reach
// a printer: control characters, line breaks and bidi overrides inside names.

const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const COMBINING_MARK = /^\p{M}$/u;

/** Code points that attach to the previous one: combining marks, variation selectors, ZWJ, skin tones, emoji tags. */
function extendsCluster(char: string): boolean {
  const cp = char.codePointAt(0) ?? 0;
  return COMBINING_MARK.test(char) || cp === 0x200d || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f);
}
const REGIONAL_INDICATOR = /^[\u{1f1e6}-\u{1f1ff}]$/u;

function isWide(codePoint: number, char: string): boolean {
  if (EMOJI_PRESENTATION.test(char)) return true;
  return WIDE_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/**
 * Splits text into user-perceived characters closely enough for a receipt: a base code point with
 * its combining marks, emoji ZWJ sequences and flag pairs stay together, so cutting a line never
 * separates an accent from its letter.
 */
export function clusters(text: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  for (const char of text) {
    const last = out.length - 1;
    const previous = out[last];
    const pairsFlag = previous !== undefined && REGIONAL_INDICATOR.test(char) && [...previous].length === 1 && REGIONAL_INDICATOR.test(previous);
    if (previous !== undefined && (joinNext || extendsCluster(char) || pairsFlag)) {
      out[last] = previous + char;
    } else {
      out.push(char);
    }
    joinNext = char === '\u200d';
  }
  return out;
}

/** Cells a cluster takes: the larger of its display width and its UTF-16 length. */
function clusterCells(cluster: string): number {
  const codePoint = cluster.codePointAt(0) ?? 0;
  const display = isWide(codePoint, cluster) ? 2 : 1;
  return Math.max(display, cluster.length);
}

/** Width of `text` in receipt cells (see the module header for why it is conservative). */
export function textWidth(text: string): number {
  let width = 0;
  for (const cluster of clusters(text)) width += clusterCells(cluster);
  return width;
}

const CONTROL = /[\p{Cc}\u2028\u2029\u0085]/gu;
const BIDI_CONTROL = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Printable single-line text: NFC, controls and line breaks to spaces, bidi overrides removed,
 * whitespace collapsed and trimmed (kept as plain spaces with `keepSpaces`, for aligned columns).
 */
export function sanitizeText(text: string, options: { keepSpaces?: boolean } = {}): string {
  const printable = text.replace(LONE_SURROGATE, '\ufffd').normalize('NFC').replace(BIDI_CONTROL, '').replace(CONTROL, ' ');
  return options.keepSpaces ? printable.replace(/\s/gu, ' ') : printable.replace(/\s+/gu, ' ').trim();
}

/** Cuts `text` to at most `width` cells, ending in `marker` when something was cut. */
export function truncateToWidth(text: string, width: number, marker = '...'): string {
  if (textWidth(text) <= width) return text;
  const room = width - textWidth(marker);
  if (room < 1) return takeCells(text, width).taken;
  return takeCells(text, room).taken.trimEnd() + marker;
}

/** The longest prefix of whole clusters within `width` cells (at least one cluster if it fits at all). */
function takeCells(text: string, width: number): { taken: string; rest: string } {
  const parts = clusters(text);
  let used = 0;
  let count = 0;
  for (const part of parts) {
    const cells = clusterCells(part);
    if (used + cells > width) break;
    used += cells;
    count += 1;
  }
  return { taken: parts.slice(0, count).join(''), rest: parts.slice(count).join('') };
}

/**
 * Greedy word wrap to `width` cells. Words longer than a line are split; a cluster wider than the
 * whole line (possible only for very narrow widths) is replaced by `?`. Always returns ≥ 1 line.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  const push = (): void => {
    lines.push(current);
    current = '';
    currentWidth = 0;
  };
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const wordWidth = textWidth(word);
    const candidateWidth = current === '' ? wordWidth : currentWidth + 1 + wordWidth;
    if (candidateWidth <= width) {
      current = current === '' ? word : `${current} ${word}`;
      currentWidth = candidateWidth;
      continue;
    }
    if (current !== '') push();
    let rest = word;
    while (textWidth(rest) > width) {
      const { taken, rest: remaining } = takeCells(rest, width);
      if (taken === '') {
        rest = `?${[...clusters(rest)].slice(1).join('')}`;
        continue;
      }
      lines.push(taken);
      rest = remaining;
    }
    current = rest;
    currentWidth = textWidth(rest);
  }
  if (current !== '' || lines.length === 0) push();
  return lines;
}

/** Wraps to at most `maxLines` lines, truncating the last one with `...` when text was left over. */
export function wrapTextLimited(text: string, width: number, maxLines: number): string[] {
  const lines = wrapText(text, width);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = truncateToWidth(`${last} ${lines[maxLines] ?? ''}`, width);
  return kept;
}

/** `text` followed by spaces up to `width` cells. */
export function padEndCells(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

/** Spaces up to `width` cells followed by `text`. */
export function padStartCells(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textWidth(text))) + text;
}
