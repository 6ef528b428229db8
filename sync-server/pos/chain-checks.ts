// Seq continuity and hash-chain checks per till, written so that the *final* set of open
// problems does not depend on the order sales arrive in (push batches may arrive in parallel,
// be retried and interleave): a link is judged once both of its ends are in, a gap is raised by
// the sale that reveals it and settled by the sale that fills it.
import type { Sale } from '../../shared/schemas/index.ts';
import { GENESIS_HASH, saleHashInput } from '../../shared/chain/index.ts';
import { canonicalJson } from '../events/canonical-json.ts';
import { sha256Hex } from '../security/secrets.ts';
import type { Tx } from '../db/db.ts';
import { raiseOn, type ProblemsChanged } from './problems-store.ts';

/** Gaps wider than this are reported as one problem for the range instead of one per seq. */
const MAX_GAP_PROBLEMS = 50;

const linkSubject = (tillId: string, seq: number): string => `till:${tillId}:link:${seq}`;
const gapSubject = (tillId: string, seq: number): string => `till:${tillId}:seq:${seq}`;

/** Runs after the batch's pos_sales rows are inserted; a single sale is a batch of one. */
export async function checkChainBatch(tx: Tx, sales: readonly Sale[], changed?: ProblemsChanged): Promise<void> {
  const byTill = new Map<string, Sale[]>();
  for (const s of sales) byTill.set(s.tillId, [...(byTill.get(s.tillId) ?? []), s]);
  for (const [t, batch] of byTill) await checkTill(tx, t, batch, changed);
}

async function checkTill(tx: Tx, t: string, batch: readonly Sale[], changed?: ProblemsChanged): Promise<void> {
  const ids = new Set(batch.map((s) => s.id));
  const seqs = batch.map((s) => s.seq);
  const lo = Math.min(...seqs);
  const hi = Math.max(...seqs);
  // One round trip (this runs inside the feed lock, once per till and push): the batch's
  // neighbours, the till's highest seq before this batch, and the gap problems the batch's seqs
  // settle. Settling first changes nothing below: it touches only seq_gap problems of the batch's
  // own seqs, and the checks below raise only other codes, or gaps at seqs the batch does not have.
  type Row = { id: string; seq: number; hash: string; prev_hash: string };
  const [found] = await tx.query<{ rows: Row[] | null; highest: number | null; settled: string[] | null }>(
    `WITH settled AS (
       UPDATE event_problems SET resolved_at = now(), resolution_note = 'the missing seq arrived'
       WHERE code = 'seq_gap' AND subject = ANY($4::text[]) AND resolved_at IS NULL RETURNING event_id)
     SELECT (SELECT json_agg(json_build_object('id', id, 'seq', seq, 'hash', hash, 'prev_hash', prev_hash))
               FROM pos_sales WHERE till_id = $1 AND seq BETWEEN $2 AND $3) AS rows,
            (SELECT max(seq) FROM pos_sales WHERE till_id = $1 AND NOT (id = ANY($5::text[]))) AS highest,
            (SELECT json_agg(event_id) FROM settled) AS settled`,
    [t, lo - 1, hi + 1, seqs.map((k) => gapSubject(t, k)), [...ids]],
  );
  const rows = found?.rows ?? [];
  const atSeq = (seq: number): typeof rows => rows.filter((r) => r.seq === seq);
  // Two sales sharing a seq raise one problem: raiseOn keeps one open problem per subject.
  for (const sale of batch) {
    // hashSale's text, hashed by node:crypto and canonicalised by canonicalJson (pushed sales passed
    // unstorableReason): the till's pure-JS SHA-256 and `canonicalize` were 10 % of the server's CPU in a push.
    if (sha256Hex(saleHashInput(sale, canonicalJson)) !== sale.hash) {
      await raiseOn(tx, sale.id, { code: 'broken_chain', severity: 'critical', message: `receipt ${sale.receiptNo} (seq ${sale.seq}): hash does not match its content — altered after sealing`, subject: `sale:${sale.id}:hash` });
    }
    const same = atSeq(sale.seq).filter((r) => r.id !== sale.id);
    if (same.length > 0) {
      await raiseOn(tx, sale.id, { code: 'duplicate_seq', severity: 'critical', message: `seq ${sale.seq} of till ${t} used by ${same.length + 1} different sales`, subject: `till:${t}:dup:${sale.seq}` });
    }
    if (sale.seq === 1 && sale.prevHash !== GENESIS_HASH) {
      await raiseOn(tx, sale.id, { code: 'broken_chain', severity: 'critical', message: `seq 1 of till ${t} does not start from the genesis hash`, subject: linkSubject(t, 1) });
    }
    for (const prev of atSeq(sale.seq - 1)) {
      if (prev.hash !== sale.prevHash) {
        await raiseOn(tx, sale.id, { code: 'broken_chain', severity: 'critical', message: `seq ${sale.seq} of till ${t}: prevHash does not match the hash of seq ${prev.seq}`, subject: linkSubject(t, sale.seq) });
      }
    }
    // A next sale in this batch checks its own link; one that arrived earlier is checked here.
    for (const next of atSeq(sale.seq + 1).filter((r) => !ids.has(r.id))) {
      if (next.prev_hash !== sale.hash) {
        await raiseOn(tx, next.id, { code: 'broken_chain', severity: 'critical', message: `seq ${next.seq} of till ${t}: prevHash does not match the hash of seq ${sale.seq}`, subject: linkSubject(t, next.seq) }, changed);
      }
    }
  }
  const others = [...new Set(found?.settled ?? [])].filter((id) => !ids.has(id));
  if (others.length > 0) await changed?.(tx, others);
  const highest = Number(found?.highest ?? 0);
  const present = new Set(seqs);
  const sorted = [...batch].sort((a, b) => a.seq - b.seq);
  let raised = 0;
  for (let k = highest + 1; k < hi && raised < MAX_GAP_PROBLEMS; k++) {
    if (present.has(k)) continue;
    // Carried by the first sale above the gap, as if the batch had arrived in seq order.
    const carrier = sorted.find((s) => s.seq > k) as Sale;
    await raiseOn(tx, carrier.id, { code: 'seq_gap', severity: 'critical', message: `till ${t}: seq ${k} is missing (seq ${carrier.seq} arrived)`, subject: gapSubject(t, k) });
    raised++;
  }
}
