// The end of a scanner task: what the server made of the event the station saved (live: it
// changes when the acknowledgement arrives), in words, and Done. A count, a package move and a
// picking's validation end with it.
import type { ReactNode } from 'react';
import { describeOutcome } from './event-outcome.ts';
import { useScannerStore } from './scanner-store.ts';

export function EventOutcomePanel({ eventId, label, outcomeLabel, onDone, children }: {
  eventId: string;
  /** The section's accessible name ("Count saved"). */
  label: string;
  /** The outcome line's accessible name ("Count outcome"). */
  outcomeLabel: string;
  onDone: () => void;
  /** Shown above the outcome (what was saved). */
  children?: ReactNode;
}) {
  const ack = useScannerStore((s) => s.acks.get(eventId));
  const o = describeOutcome(ack);
  return (
    <section className="stack" aria-label={label}>
      {children}
      <p aria-label={outcomeLabel} className={`outcome ${o.state}`}>
        {o.text}
      </p>
      <button type="button" className="primary big" onClick={onDone}>
        Done
      </button>
    </section>
  );
}
