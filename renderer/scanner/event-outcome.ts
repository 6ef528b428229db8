// What the server made of one of this station's events, in words: waiting to be sent or
// acknowledged, recorded (applied), or an exception with its problems (a lost claim race, an order
// cancelled while the station was offline…).
import type { Ack, PickingEvent } from '../../shared/schemas/index.ts';

export interface OutcomeText {
  state: 'pending' | 'applied' | 'exception' | 'rejected';
  text: string;
}

const sentence = (text: string): string => (text ? text[0]?.toUpperCase() + text.slice(1) : text);

/** The server's words for people (its problem messages), not its codes. */
export function describeOutcome(ack: Ack | undefined): OutcomeText {
  if (!ack) return { state: 'pending', text: 'Waiting for the server' };
  const problems = ack.problems.map((p) => sentence(p.message)).join('; ');
  if (ack.status === 'applied') return { state: 'applied', text: problems ? `Recorded — ${problems}` : 'Recorded' };
  if (ack.status === 'rejected') return { state: 'rejected', text: `Refused by the server: ${problems || 'no reason given'}` };
  return { state: 'exception', text: problems || 'Recorded with a problem the server did not describe' };
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
