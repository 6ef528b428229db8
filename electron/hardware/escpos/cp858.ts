// Code page 858 (PC858, "Multilingual Latin I + Euro"): the printer's table for € and Western
// European accents. Kept as a literal table so the decoder does not share the encoder's
// library (node-thermal-printer uses iconv-lite): a bug in one cannot hide in the other.

/** Characters for bytes 0x80..0xFF; 0xD5 is €. */
const HIGH_HALF =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

/** ESC t n value that selects PC858 on Epson-compatible printers. */
export const CP858_ESC_T = 19;

const encodeMap = new Map<string, number>([...HIGH_HALF].map((ch, i) => [ch, 0x80 + i]));

export function decodeCp858Byte(byte: number): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  return HIGH_HALF[byte - 0x80] ?? '?';
}

export function decodeCp858(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += decodeCp858Byte(b);
  return out;
}

/** Whether every character of `text` is printable in PC858. */
export function isCp858Encodable(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x20 && code < 0x80) continue;
    if (!encodeMap.has(ch)) return false;
  }
  return true;
}

/** Encode to PC858; characters outside the table become '?'. */
export function encodeCp858(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    out.push(code < 0x80 ? code : (encodeMap.get(ch) ?? 0x3f));
  }
  return Uint8Array.from(out);
}
