// Serialises work across every window of this origin (Web Locks), so two till windows can never
// take the same sale seq. Falls back to an in-process queue where Web Locks do not exist (Node tests).
let localTail: Promise<unknown> = Promise.resolve();

export async function withExclusiveLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) return locks.request(name, { mode: 'exclusive' }, work);
  const run = localTail.then(work, work);
  localTail = run.catch((error: unknown) => error);
  return run;
}
