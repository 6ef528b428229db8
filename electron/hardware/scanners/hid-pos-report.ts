// HID point-of-sale scanner reports (HID POS usage page 0x8C, "Barcode Scanner" usage 0x02).
// The common input report (Zebra, Honeywell, Datalogic in HID POS mode) is:
//   [report id 0x02][data length n][AIM symbology id, 3 bytes][data … up to 56][…][last byte: bit 0 = more follows]
// Long codes arrive in several reports; pieces are joined until a report without the flag.

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_REPORT_ID = 0x02;

export interface HidPosPiece {
  aim: string;
  data: string;
  more: boolean;
}

export class HidReportError extends Error {
  readonly code = 'transport';
  constructor(message: string) {
    super(message);
    this.name = 'HidReportError';
  }
}

/** Decode one input report (with its report id byte, as hidraw delivers it). */
export function parseHidPosReport(report: Uint8Array): HidPosPiece | null {
  if (report[0] !== HID_POS_REPORT_ID) return null;
  const len = report[1];
  if (len === undefined || report.length < 6) throw new HidReportError(`short HID POS report (${String(report.length)} bytes)`);
  const aim = String.fromCharCode(...report.subarray(2, 5)).replace(/\0/g, '');
  const dataEnd = Math.min(5 + len, report.length - 1);
  const data = new TextDecoder('latin1').decode(report.subarray(5, dataEnd)).replace(/\0+$/, '');
  const more = ((report[report.length - 1] ?? 0) & 1) === 1;
  return { aim, data, more };
}

/** Joins multi-report reads; returns the full scan (AIM prefix first, "]" form) when complete. */
export class HidPosAssembler {
  private parts: string[] = [];
  private aim = '';

  push(report: Uint8Array): string | null {
    const piece = parseHidPosReport(report);
    if (!piece) return null;
    if (this.parts.length === 0) this.aim = piece.aim;
    this.parts.push(piece.data);
    if (piece.more) return null;
    const data = this.parts.join('');
    this.parts = [];
    if (data.length === 0) return null;
    // Scanners send the AIM id as "]C1" already; some send only "C1".
    const aim = this.aim === '' ? '' : this.aim.startsWith(']') ? this.aim : `]${this.aim}`;
    return aim + data;
  }
}
