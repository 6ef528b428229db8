// The admin audit log (migration 070): one row per admin change, written in the same transaction
// as the change when the operation has one, read back page by page for the back office.
import type { Queryable } from '../db/db.ts';
import { folded } from '../db/name-sql.ts';
import type { Actor } from './actor.ts';
import { searchPattern } from '../db/prefix-pattern.ts';

export interface AuditChange {
  action: string;
  entity: string;
  entityId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Who the row names: a back-office actor, or a person acting at a device (a store's supervisor at a
 * till, a picker at a scanner station requesting stock) — recorded with their own role.
 */
export type AuditActor = Omit<Actor, 'role'> & { role: Actor['role'] | 'supervisor' | 'picker' };

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

export async function recordAudit(q: Queryable, actor: AuditActor, change: AuditChange): Promise<void> {
  await q.query(
    `INSERT INTO admin_audit (actor, actor_role, action, entity, entity_id, summary, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
    [actor.name, actor.role, change.action, change.entity, change.entityId ?? null, change.summary, json(change.before), json(change.after)],
  );
}

/**
 * Sites as summaries name them: by name ("from Demo Warehouse to Demo Store"), as people read them,
 * looked up when the entry is written (entries written before keep their text). A code no site
 * has reads as itself.
 */
export async function auditSiteNames(q: Queryable, codes: readonly string[]): Promise<(code: string) => string> {
  const rows = await q.query<{ code: string; name: string }>('SELECT code, name FROM sites WHERE code = ANY($1::text[])', [[...new Set(codes)]]);
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return (code) => names.get(code) ?? code;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actorRole: string;
  action: string;
  entity: string;
  entityId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  /**
   * Text the summary or the author contains (accents and case ignored; one or two characters: what
   * they start with), read from the trigram index of migration 124.
   */
  q?: string;
  /** Entries older than this id (paging backwards from the newest). */
  before?: number;
  limit: number;
}

export async function listAudit(q: Queryable, query: AuditQuery): Promise<AuditEntry[]> {
  const words = query.q?.trim();
  const rows = await q.query<{ id: number; at: Date; actor: string; actor_role: string; action: string; entity: string; entity_id: string | null; summary: string; before: unknown; after: unknown }>(
    `SELECT id, at, actor, actor_role, action, entity, entity_id, summary, before, after FROM admin_audit
     WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2) AND ($3::bigint IS NULL OR id < $3)
       AND ${words ? `(${folded('summary')} LIKE ${folded('$5::text')} OR ${folded('actor')} LIKE ${folded('$5::text')})` : '$5::text IS NULL'}
     ORDER BY id DESC LIMIT $4`,
    [query.entity ?? null, query.entityId ?? null, query.before ?? null, query.limit, words ? searchPattern(words) : null],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    actorRole: r.actor_role,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    summary: r.summary,
    before: r.before,
    after: r.after,
  }));
}
