// What the server made of one of this station's events, in words: waiting to be sent or
// acknowledged, applied, or an exception with its problems (a lost claim race, an order
// cancelled while the station was offline…).
import type { Ack } from '../../shared/schemas/index.ts';

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
