// A picking's kind and state as pickers read them, on the work list and the picking's own heading.
// The step names the task in a multi-step route (Odoo's Pick, Pack, Delivery); the protocol's words
// (delivery/pick, receipt/receive, in_progress) stay in the documents.
import type { Picking } from '../../shared/schemas/index.ts';

const STEP_WORDS: Record<string, string> = { pick: 'Pick', pack: 'Pack', ship: 'Delivery' };

const KIND_WORDS: Record<Picking['kind'], string> = { delivery: 'Delivery', receipt: 'Receipt', transfer: 'Transfer', count: 'Count' };

/** "Pick", "Pack", "Delivery" for the steps of a delivery route; "Receipt", "Transfer", "Count" otherwise. */
export function pickingKindText(p: Pick<Picking, 'kind' | 'step'>): string {
  return (p.kind === 'delivery' ? STEP_WORDS[p.step] : undefined) ?? KIND_WORDS[p.kind];
}

export const STATE_WORDS: Record<Picking['state'], string> = { waiting: 'Waiting', ready: 'Ready', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' };
