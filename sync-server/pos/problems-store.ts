// Exceptions about events other than the one being applied. Some checks only become decidable
// when a later event arrives (a chain link once both neighbours are in, a gap once a higher seq
// arrives, a late sale once the close is in), so a handler may raise a problem on an earlier
// event, or settle one by itself (a gap filled by a sale that arrived late: see chain-checks.ts and
// return-checks.ts). `subject` names what a problem is about so that exactly that one is settled.
import type { Problem } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';

export interface SubjectProblem extends Problem {
  subject?: string;
}

/** Listener the event framework installs to refresh the acks of events whose problems changed. */
export type ProblemsChanged = (tx: Tx, eventIds: readonly string[]) => Promise<void>;

/** Raises `problem` on the event, unless one about the same subject is open (a problem without a subject is always raised). */
export async function raiseOn(tx: Tx, eventId: string, problem: SubjectProblem, changed?: ProblemsChanged): Promise<void> {
  await raise(tx, eventId, problem, changed, 'open');
}

/**
 * Raises `problem` unless one about the same subject was ever raised, open or resolved: for a late
 * check that may run again (an original applied a second time), whose finding a manager may have
 * resolved in between — it is judged once, and a resolution stands.
 */
export async function raiseOnce(tx: Tx, eventId: string, problem: SubjectProblem & { subject: string }, changed?: ProblemsChanged): Promise<void> {
  await raise(tx, eventId, problem, changed, 'ever');
}

async function raise(tx: Tx, eventId: string, problem: SubjectProblem, changed: ProblemsChanged | undefined, unless: 'open' | 'ever'): Promise<void> {
  if (problem.subject) {
    const same = await tx.query(
      'SELECT 1 FROM event_problems WHERE code = $1 AND subject = $2 AND ($3::boolean OR resolved_at IS NULL) LIMIT 1',
      [problem.code, problem.subject, unless === 'ever'],
    );
    if (same.length > 0) return;
  }
  await tx.query(
    'INSERT INTO event_problems (event_id, code, message, severity, subject) VALUES ($1, $2, $3, $4, $5)',
    [eventId, problem.code, problem.message, problem.severity, problem.subject ?? null],
  );
  await tx.query(`UPDATE events SET status = 'exception' WHERE id = $1`, [eventId]);
  await changed?.(tx, [eventId]);
}
