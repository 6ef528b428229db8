// How a test waits for a list to answer what was typed or chosen, as a person waits for the
// results. The back office asks the server once typing pauses (renderer/admin/use-search.ts) and
// shows only the newest request's answer, so a row read or clicked before that answer is a row of
// the previous list: under load the answer can take seconds.
import type { Locator, Page, Request } from 'playwright-core';
import { settled } from './page-settled.ts';

/** A list's request: its path, and the query parameters that tell its answer apart (absent = ''). */
export interface ListQuery {
  path: string;
  params: Readonly<Record<string, string>>;
}

function asks(url: string, query: ListQuery): boolean {
  const u = new URL(url);
  return u.pathname === query.path && Object.entries(query.params).every(([k, v]) => (u.searchParams.get(k) ?? '') === v);
}

/**
 * Does `change` (typing, choosing a filter) and returns once the page shows the answer to the
 * request it made for `query`: that answer has arrived, so has the answer of any request of the
 * same list sent after it (the page shows the newest), and the page has run what they queued.
 */
export async function answered(page: Page, query: ListQuery, change: () => Promise<unknown>): Promise<void> {
  const sent: Request[] = [];
  const onRequest = (r: Request): void => {
    if (new URL(r.url()).pathname === query.path) sent.push(r);
  };
  page.on('request', onRequest);
  try {
    // Listening before the change: the answer may come before the change's own call returns.
    const answer = page.waitForResponse((r) => asks(r.url(), query), { timeout: 30_000 });
    await change().catch((error: unknown) => {
      answer.catch(() => undefined);
      throw error;
    });
    const response = await answer;
    await response.finished();
    for (let i = sent.indexOf(response.request()) + 1; i < sent.length; i++) await (await sent[i]?.response())?.finished();
  } finally {
    page.off('request', onRequest);
  }
  await settled(page);
}

/** What a search box's list asks: its path and the parameter that carries the words (trimmed: renderer/admin/use-search.ts useSearchWords). */
export interface SearchAsk {
  path: string;
  param?: string;
  /** False for pickers: empty words clear the matches and ask nothing. */
  emptyAsks?: boolean;
}

/**
 * Types `text` into a search box and waits for its list to answer the words. Unchanged words (or
 * empty ones a picker does not ask for) make no request: then there is nothing to wait for.
 */
export async function typeAndWait(box: Locator, text: string, { path, param = 'q', emptyAsks = true }: SearchAsk): Promise<void> {
  const words = (t: string): string => t.trim();
  if (words(await box.inputValue()) === words(text) || (!emptyAsks && !words(text))) {
    await box.fill(text);
    return;
  }
  await answered(box.page(), { path, params: { [param]: words(text) } }, () => box.fill(text));
}
