// A count with its noun, as every screen and message writes one: "1 unit", "3 units", "1,200
// orders" (English grouping, as the screens' other numbers). The plural is the noun + "s" unless
// given ("1 delivery", "2 deliveries").

export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? noun : plural}`;
}
