// The date on a receipt, without Intl or the host's time zone: tills in one store must print
// the same text for the same sale, and a test must not depend on where it runs.

const ISO_WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * `YYYY-MM-DD HH:MM`. With `utcOffsetMinutes` the instant is shifted to that offset; without,
 * the date and time written in the ISO string are printed as they are. Unparseable input is
 * printed unchanged (the receipt must still print).
 */
export function formatReceiptDate(createdAt: string, utcOffsetMinutes?: number): string {
  if (utcOffsetMinutes !== undefined) {
    const ms = Date.parse(createdAt);
    if (!Number.isNaN(ms)) {
      const d = new Date(ms + utcOffsetMinutes * 60_000);
      return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
    }
  }
  const match = ISO_WALL_CLOCK.exec(createdAt);
  return match ? `${match[1] ?? ''} ${match[2] ?? ''}` : createdAt;
}
