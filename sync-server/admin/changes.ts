// What an admin change changed, for the audit log: only the fields whose values differ, before and
// after (compared as JSON, so arrays and objects compare by content).

export function changedFields<T extends object>(before: T, after: T, ignore: readonly (keyof T)[] = []): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    if (ignore.includes(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
