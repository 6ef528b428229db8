// A picking's kind and state as pickers read them, on the work list and the picking's own heading.
// The step names the task in a multi-step route (Odoo's Pick, Pack, Delivery); the protocol's words
// (delivery/pick, receipt/receive, in_progress) stay in the documents.
import type { Picking } from '../../shared/schemas/index.ts';
import { pickingStepLabel } from '../../shared/text/display-names.ts';

const KIND_WORDS: Record<Picking['kind'], string> = { delivery: 'Delivery', receipt: 'Receipt', transfer: 'Transfer', count: 'Count' };
const ROUTE_STEPS = new Set(['pick', 'pack', 'ship']);

/**
 * "Pick", "Pack", "Delivery" for the steps of a delivery route; "Receipt", "Transfer", "Count"
 * otherwise. Goods for or from another site read as the transfer they are (as the work list's
 * filter lists them, `workKind`): "Transfer out" for the step that leaves for the other site,
 * "Transfer in" for their arrival; the pick and pack steps before the transfer leaves keep their
 * task's name. A receipt of goods a customer sends back (a return by post) is a "Return".
 */
export function pickingKindText(p: Pick<Picking, 'kind' | 'step' | 'partner'>): string {
  const role = p.partner?.role;
  if (role === 'source') return 'Transfer in';
  if (role === 'customer' && p.kind === 'receipt') return 'Return';
  if (role === 'destination' && p.step !== 'pick' && p.step !== 'pack') return 'Transfer out';
  return p.kind === 'delivery' && ROUTE_STEPS.has(p.step) ? pickingStepLabel(p.step) : KIND_WORDS[p.kind];
}

/**
 * Which of the work list's kinds a picking is listed under. Goods for or from another site are a
 * transfer to the picker whatever document carries them: at the source an inter-site transfer is a
 * delivery route (its ship step goes to the other site), at the destination its arrival is a
 * receipt. Deliveries stay customers' orders and receipts suppliers' goods.
 */
export function workKind(p: Pick<Picking, 'kind' | 'partner'>): Picking['kind'] {
  const role = p.partner?.role;
  return role === 'destination' || role === 'source' ? 'transfer' : p.kind;
}

export const STATE_WORDS: Record<Picking['state'], string> = { waiting: 'Waiting', ready: 'Ready', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' };

/**
 * Whom or where the work is for, in words ("Order WEB-3001 for Lena Fischer", "Return of order
 * WEB-3001 from Lena Fischer", "PO/00012 from Acme Foods", "Transfer to Demo Store", "Transfer
 * WH1/OUT/000002 from Demo Warehouse"); null when the document does not say (counts, moves inside
 * the site, documents of schema v5).
 */
export function partnerText(p: Pick<Picking, 'partner'> & Partial<Pick<Picking, 'kind'>>): string | null {
  const x = p.partner;
  if (!x) return null;
  const ref = x.reference ? ` ${x.reference}` : '';
  switch (x.role) {
    case 'customer':
      if (p.kind === 'receipt') return `Return of order${ref}${x.name ? ` from ${x.name}` : ''}`;
      return `Order${ref}${x.name ? ` for ${x.name}` : ''}`;
    case 'supplier':
      return `${x.reference ?? 'Purchase'}${x.name ? ` from ${x.name}` : ''}`;
    case 'destination':
      return x.name ? `Transfer to ${x.name}` : 'Transfer to another site';
    case 'source':
      return `Transfer${ref}${x.name ? ` from ${x.name}` : ''}`;
  }
}
