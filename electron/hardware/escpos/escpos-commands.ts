// ESC/POS command bytes the drivers send themselves, instead of node-thermal-printer's versions
// that are wrong on real printers (ARCHITECTURE.md): the drawer kick, the cut (without ESC @),
// code page selection and DLE EOT status requests.

export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

/** ESC @ — initialise: clears the buffer and resets modes and the code page. */
export const INIT = Uint8Array.of(ESC, 0x40);

export function selectCodePage(n: number): Uint8Array {
  return Uint8Array.of(ESC, 0x74, n);
}

export interface DrawerKick {
  /** Connector pin: 2 → m=0, 5 → m=1. */
  pin: 2 | 5;
  /** Pulse on time in ms (sent as t1 = ms/2, 1..255). */
  onMs: number;
  /** Pulse off time in ms (sent as t2 = ms/2, t2 ≥ t1). */
  offMs: number;
}

export const DEFAULT_DRAWER_KICK: DrawerKick = { pin: 2, onMs: 50, offMs: 500 };

function toUnits(ms: number): number {
  return Math.min(255, Math.max(1, Math.round(ms / 2)));
}

/** ESC p m t1 t2 — the well-formed five-byte drawer kick (the library's is three bytes). */
export function drawerKick(kick: DrawerKick = DEFAULT_DRAWER_KICK): Uint8Array {
  const t1 = toUnits(kick.onMs);
  const t2 = Math.max(t1, toUnits(kick.offMs));
  return Uint8Array.of(ESC, 0x70, kick.pin === 5 ? 1 : 0, t1, t2);
}

/** GS V 66 n — feed n lines to the cutter, then partial cut. No ESC @, so the code page survives. */
export function feedAndCut(feedLines = 3, partial = true): Uint8Array {
  return Uint8Array.of(GS, 0x56, partial ? 66 : 65, Math.min(255, feedLines));
}

/** DLE EOT n — real-time status: 1 printer, 2 offline cause, 3 error cause, 4 paper roll sensor. */
export function statusRequest(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * GS ( k — a QR code (model 2) of `data` (bytes: UTF-8 for text). Our own because the library
 * counts the data length in UTF-16 units, which corrupts the command for any non-ASCII data.
 */
export function qrCode(data: Uint8Array, cellSize: number, ecc: 'L' | 'M' | 'Q' | 'H' = 'M'): Uint8Array {
  const fn = (cn: number, fnByte: number, params: Uint8Array): Uint8Array => {
    const len = params.length + 2;
    return concatBytes([Uint8Array.of(GS, 0x28, 0x6b, len & 0xff, len >> 8, cn, fnByte), params]);
  };
  return concatBytes([
    fn(0x31, 0x41, Uint8Array.of(0x32, 0x00)),
    fn(0x31, 0x43, Uint8Array.of(Math.min(16, Math.max(1, cellSize)))),
    fn(0x31, 0x45, Uint8Array.of({ L: 0x30, M: 0x31, Q: 0x32, H: 0x33 }[ecc])),
    fn(0x31, 0x50, concatBytes([Uint8Array.of(0x30), data])),
    fn(0x31, 0x51, Uint8Array.of(0x30)),
  ]);
}
