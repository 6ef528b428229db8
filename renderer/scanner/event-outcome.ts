// What the server made of one of this station's events, in words: waiting to be sent or
// acknowledged, applied, or an exception with its problems (a lost claim race, an order
// cancelled while the station was offline…).
import type { Ack, PickingEvent } from '../../shared/schemas/index.ts';

export interface OutcomeText {
  state: 'pending' | 'applied' | 'exception' | 'rejected';
  text: string;
}

export function describeOutcome(ack: Ack | undefined): OutcomeText {
  if (!ack) return { state: 'pending', text: 'Waiting for the server' };
  const problems = ack.problems.map((p) => `${p.code}: ${p.message}`).join('; ');
  if (ack.status === 'applied') return { state: 'applied', text: problems ? `Applied (${problems})` : 'Applied' };
  return { state: ack.status, text: `${ack.status === 'rejected' ? 'Rejected' : 'Exception'}: ${problems || 'no detail'}` };
}

/**
 * Pickings this station validated whose validation the server has not acknowledged yet: the local
 * `pickings` projection still shows them open, but they must not be picked (or validated) twice.
 */
export function pendingValidations(events: readonly PickingEvent[], acks: ReadonlyMap<string, Ack>): Set<string> {
  const ids = new Set<string>();
  for (const e of events) if (e.kind === 'validate' && !acks.has(e.id)) ids.add(e.pickingId);
  return ids;
}
