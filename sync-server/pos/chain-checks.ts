// Seq continuity and hash-chain checks per till, written so that the *final* set of open
// problems does not depend on the order sales arrive in (push batches may arrive in parallel,
// be retried and interleave): a link is judged once both of its ends are in, a gap is raised by
// the sale that reveals it and settled by the sale that fills it.
import type { Sale } from '../../shared/schemas/index.ts';
import { GENESIS_HASH, hashSale } from '../../shared/chain/index.ts';
import type { Tx } from '../db/db.ts';
import { raiseOn, settle, type ProblemsChanged } from './problems-store.ts';

/** Gaps wider than this are reported as one problem for the range instead of one per seq. */
const MAX_GAP_PROBLEMS = 50;

const linkSubject = (tillId: string, seq: number): string => `till:${tillId}:link:${seq}`;
const gapSubject = (tillId: string, seq: number): string => `till:${tillId}:seq:${seq}`;

/** Runs after the sale's pos_sales row is inserted. */
export async function checkChain(tx: Tx, sale: Sale, changed?: ProblemsChanged): Promise<void> {
  const t = sale.tillId;
  if (hashSale(sale) !== sale.hash) {
    await raiseOn(tx, sale.id, { code: 'broken_chain', severity: 'critical', message: `receipt ${sale.receiptNo} (seq ${sale.seq}): hash does not match its content — altered after sealing`, subject: `sale:${sale.id}:hash` }, changed);
  }
  const neighbours = await tx.query<{ id: string; seq: number; hash: string; prev_hash: string }>(
    'SELECT id, seq, hash, prev_hash FROM pos_sales WHERE till_id = $1 AND seq BETWEEN $2 AND $3 AND id <> $4',
    [t, sale.seq - 1, sale.seq + 1, sale.id],
  );
  const same = neighbours.filter((n) => n.seq === sale.seq);
  if (same.length > 0) {
    await raiseOn(tx, sale.id, { code: 'duplicate_seq', severity: 'critical', message: `seq ${sale.seq} of till ${t} used by ${same.length + 1} different sales`, subject: `till:${t}:dup:${sale.seq}` }, changed);
  }
  if (sale.seq === 1 && sale.prevHash !== GENESIS_HASH) {
    await raiseOn(tx, sale.id, { code: 'broken_chain', severity: 'critical', message: `seq 1 of till ${t} does not start from the genesis hash`, subject: linkSubject(t, 1) }, changed);
  }
  for (const prev of neighbours.filter((n) => n.seq === sale.seq - 1)) {
    if (prev.hash !== sale.prevHash) {
      await raiseOn(tx, sale.id, { code: 'broken_chain', severity: 'critical', message: `seq ${sale.seq} of till ${t}: prevHash does not match the hash of seq ${prev.seq}`, subject: linkSubject(t, sale.seq) }, changed);
    }
  }
  for (const next of neighbours.filter((n) => n.seq === sale.seq + 1)) {
    if (next.prev_hash !== sale.hash) {
      await raiseOn(tx, next.id, { code: 'broken_chain', severity: 'critical', message: `seq ${next.seq} of till ${t}: prevHash does not match the hash of seq ${sale.seq}`, subject: linkSubject(t, next.seq) }, changed);
    }
  }
  await settle(tx, 'seq_gap', gapSubject(t, sale.seq), `seq ${sale.seq} arrived`, changed);
  const [row] = await tx.query<{ max: number | null }>('SELECT max(seq) AS max FROM pos_sales WHERE till_id = $1 AND id <> $2', [t, sale.id]);
  const highest = row?.max ?? 0;
  if (sale.seq > highest + 1) {
    const missing: number[] = [];
    for (let k = highest + 1; k < sale.seq && missing.length < MAX_GAP_PROBLEMS; k++) missing.push(k);
    for (const k of missing) {
      await raiseOn(tx, sale.id, { code: 'seq_gap', severity: 'critical', message: `till ${t}: seq ${k} is missing (seq ${sale.seq} arrived)`, subject: gapSubject(t, k) }, changed);
    }
  }
}
