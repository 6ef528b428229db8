// Pricing for the back office (issue 17): customer groups, pricelists, promotions and coupons are
// created, edited, ended and listed here. Every change publishes the rules to the feed in its transaction (so
// tills price with them on their next pull) and is written to the audit log.
import { v7 as uuidv7 } from 'uuid';
import type {
  CouponInput, CouponList, CustomerGroup, CustomerGroupAssigned, CustomerGroupInput, PricelistInput, PricelistItemEdit, PricelistUpdate, PricingRuleEnded, PromotionInput,
  PromotionUpdate,
} from '../../shared/admin-api/pricing.ts';
import { isCouponCodeFormat, normalizeCouponCode } from '../../shared/pricing/coupon-code.ts';
import type { Pricelist, Promotion } from '../../shared/pricing/pricing-rules.ts';
import { type Db, pgErrorCode, type Queryable, type SqlParam } from '../db/db.ts';
import { publishCoupons, publishPricelists, publishPromotions } from '../feed/pricing-docs.ts';
import { publishQuery } from '../feed/publish.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import { loadCoupons, loadPricelists, loadPromotions } from '../pricing/pricing-store.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { byName } from '../db/name-sql.ts';

function checkDates(what: string, r: { dateStart?: string; dateEnd?: string }): void {
  // Date.parse takes 2026-02-30 as 2 March: a day is a date only if it reads back as itself.
  const isDay = (d: string): boolean => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  for (const d of [r.dateStart, r.dateEnd]) if (d !== undefined && !isDay(d)) throw badRequest(`${what}: ${d} is not a date`);
  if (r.dateStart && r.dateEnd && r.dateStart > r.dateEnd) throw badRequest(`${what}: it ends (${r.dateEnd}) before it starts (${r.dateStart})`);
}

async function checkGroups(q: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await q.query<{ id: string }>('SELECT id FROM customer_groups WHERE id = ANY($1::text[])', [[...ids]]);
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw badRequest(`unknown customer group ${missing.join(', ')}`);
}

async function checkSites(q: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await q.query<{ id: string }>(`SELECT id FROM sites WHERE id = ANY($1::text[]) AND kind = 'store'`, [[...ids]]);
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw badRequest(`unknown store ${missing.join(', ')}`);
}

export async function listCustomerGroups(q: Queryable): Promise<CustomerGroup[]> {
  return q.query<CustomerGroup>(
    `SELECT g.id, g.name, (SELECT count(*)::int FROM customers c WHERE c.group_id = g.id) AS customers FROM customer_groups g ORDER BY ${byName('g.name')}, g.id`,
  );
}

export async function createCustomerGroup(db: Db, actor: Actor, input: CustomerGroupInput): Promise<CustomerGroup> {
  const id = uuidv7();
  const name = input.name.trim();
  return db
    .transaction(async (tx) => {
      await tx.query('INSERT INTO customer_groups (id, name) VALUES ($1, $2)', [id, name]);
      await recordAudit(tx, actor, { action: 'customer_group.create', entity: 'customer_group', entityId: id, summary: `created customer group "${name}"`, after: { name } });
      return { id, name, customers: 0 };
    })
    .catch((err: unknown) => {
      if (pgErrorCode(err) === '23505') throw new HttpError(409, 'name_taken', `a customer group is already called "${name}"`);
      throw err;
    });
}

export async function assignCustomerGroup(db: Db, actor: Actor, customerId: string, groupId: string | null): Promise<CustomerGroupAssigned> {
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ name: string; group_id: string | null }>('SELECT name, group_id FROM customers WHERE id = $1', [customerId]);
    if (!before) throw notFound(`no customer ${customerId}`);
    if (groupId !== null) await checkGroups(tx, [groupId]);
    await tx.query('UPDATE customers SET group_id = $2, updated_at = now() WHERE id = $1', [customerId, groupId]);
    await publishQuery(tx, 'customers', `SELECT id, 'all' AS scope, doc FROM customer_docs WHERE id = $1`, [customerId]);
    await recordAudit(tx, actor, {
      action: 'customer.group', entity: 'customer', entityId: customerId, summary: `${groupId ? 'put' : 'took'} "${before.name}" ${groupId ? 'in a' : 'out of its'} customer group`,
      before: { groupId: before.group_id }, after: { groupId },
    });
    return { customerId, name: before.name, groupId };
  });
}

export async function listPricelists(q: Queryable): Promise<Pricelist[]> {
  return (await loadPricelists(q, { activeOnly: true })).map((p) => p.rule);
}

/** What a new and an edited pricelist are checked against; the sentences say what to fix. */
async function checkPricelist(tx: Queryable, input: PricelistInput | PricelistUpdate): Promise<void> {
  input.items.forEach((item, i) => checkDates(`rule ${i + 1}`, item));
  await checkGroups(tx, input.customerGroupIds ?? []);
  await checkSites(tx, [...new Set([...(input.siteIds ?? []), ...(input.defaultForSiteIds ?? [])])]);
}

async function insertItems(tx: Queryable, pricelistId: string, items: readonly (PricelistItemEdit & { id: string })[]): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map((item, position) => ({
    id: item.id, position, applies_to: item.appliesTo, min_qty: item.minQty ?? null, date_start: item.dateStart ?? null, date_end: item.dateEnd ?? null, compute: item.compute,
  }));
  await tx.query(
    `INSERT INTO pricelist_items (id, pricelist_id, applies_to, min_qty, date_start, date_end, compute, position)
     SELECT r.id, $1, r.applies_to, r.min_qty, r.date_start, r.date_end, r.compute, r.position
     FROM jsonb_to_recordset($2::jsonb) AS r(id text, applies_to jsonb, min_qty numeric, date_start date, date_end date, compute jsonb, position int)`,
    [pricelistId, JSON.stringify(rows)],
  );
}

export async function createPricelist(db: Db, actor: Actor, input: PricelistInput): Promise<Pricelist> {
  const id = uuidv7();
  return db.transaction(async (tx) => {
    await checkPricelist(tx, input);
    await tx.query(
      `INSERT INTO pricelists (id, name, site_ids, customer_group_ids, default_for_site_ids, sequence) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, input.name.trim(), [...(input.siteIds ?? [])], [...(input.customerGroupIds ?? [])], [...(input.defaultForSiteIds ?? [])], input.sequence ?? 10],
    );
    await insertItems(tx, id, input.items.map((item) => ({ ...item, id: uuidv7() })));
    await publishPricelists(tx, [id]);
    const [created] = await loadPricelists(tx, { ids: [id] });
    if (!created) throw new Error(`pricelist ${id} vanished in its own transaction`);
    await recordAudit(tx, actor, { action: 'pricelist.create', entity: 'pricelist', entityId: id, summary: `created pricelist "${created.rule.name}" with ${input.items.length} rule(s)`, after: created.rule });
    return created.rule;
  });
}

/**
 * Replaces a running pricelist with the edited one, in one transaction that publishes it: tills
 * re-price with it on their next pull, like a new one. Rules sent with their id keep it.
 */
export async function updatePricelist(db: Db, actor: Actor, id: string, input: PricelistUpdate): Promise<Pricelist> {
  return db.transaction(async (tx) => {
    const [before] = await loadPricelists(tx, { ids: [id] });
    if (!before?.active) throw notFound(`There is no running pricelist ${id}.`);
    const own = new Set(before.rule.items.map((i) => i.id));
    const sent = input.items.flatMap((i) => (i.id === undefined ? [] : [i.id]));
    const foreign = sent.filter((ruleId) => !own.has(ruleId));
    if (foreign.length) throw badRequest(`rule ${foreign.join(', ')} is not a rule of pricelist "${before.rule.name}" (send a new rule without an id)`);
    const twice = sent.filter((ruleId, i) => sent.indexOf(ruleId) !== i);
    if (twice.length) throw badRequest(`rule ${twice[0]} is sent twice`);
    await checkPricelist(tx, input);
    await tx.query(
      `UPDATE pricelists SET name = $2, site_ids = $3, customer_group_ids = $4, default_for_site_ids = $5, sequence = $6, updated_at = now() WHERE id = $1`,
      [id, input.name.trim(), [...(input.siteIds ?? [])], [...(input.customerGroupIds ?? [])], [...(input.defaultForSiteIds ?? [])], input.sequence ?? 10],
    );
    await tx.query('DELETE FROM pricelist_items WHERE pricelist_id = $1', [id]);
    await insertItems(tx, id, input.items.map((item) => ({ ...item, id: item.id ?? uuidv7() })));
    await publishPricelists(tx, [id]);
    const [after] = await loadPricelists(tx, { ids: [id] });
    if (!after) throw new Error(`pricelist ${id} vanished in its own transaction`);
    await recordAudit(tx, actor, {
      action: 'pricelist.update', entity: 'pricelist', entityId: id, summary: `edited pricelist "${after.rule.name}" (${after.rule.items.length} rule(s))`,
      before: before.rule, after: after.rule,
    });
    return after.rule;
  });
}

export async function listPromotions(q: Queryable): Promise<Promotion[]> {
  return (await loadPromotions(q, { activeOnly: true })).map((p) => p.rule);
}

function checkPromotion(input: PromotionInput): void {
  checkDates(`promotion "${input.name}"`, input);
  const r = input.reward;
  if (r.kind === 'order_threshold' && (r.percent === undefined) === (r.amount === undefined)) throw badRequest('an order-threshold promotion takes either a percent or an amount off');
}

const promotionColumns = (input: PromotionInput): SqlParam[] => [
  input.name.trim(), input.trigger, [...input.siteIds], [...input.channels], input.dateStart ?? null, input.dateEnd ?? null, input.priority, input.exclusive, JSON.stringify(input.reward),
];

export async function createPromotion(db: Db, actor: Actor, input: PromotionInput): Promise<Promotion> {
  checkPromotion(input);
  const id = uuidv7();
  return db.transaction(async (tx) => {
    await checkSites(tx, input.siteIds);
    await tx.query(
      `INSERT INTO promotions (id, name, trigger, site_ids, channels, date_start, date_end, priority, exclusive, reward)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, ...promotionColumns(input)],
    );
    await publishPromotions(tx, [id]);
    const [created] = await loadPromotions(tx, { ids: [id] });
    if (!created) throw new Error(`promotion ${id} vanished in its own transaction`);
    await recordAudit(tx, actor, { action: 'promotion.create', entity: 'promotion', entityId: id, summary: `created promotion "${created.rule.name}"`, after: created.rule });
    return created.rule;
  });
}

/**
 * Replaces a running promotion's fields with the edited ones, published in the same transaction
 * (tills re-price with it on their next pull). Its coupon codes stay, so it cannot stop taking them
 * while it has some.
 */
export async function updatePromotion(db: Db, actor: Actor, id: string, input: PromotionUpdate): Promise<Promotion> {
  checkPromotion(input);
  return db.transaction(async (tx) => {
    const [before] = await loadPromotions(tx, { ids: [id] });
    if (!before?.active) throw notFound(`There is no running promotion ${id}.`);
    await checkSites(tx, input.siteIds);
    if (input.trigger === 'automatic' && before.rule.trigger === 'coupon') {
      const [codes] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM coupons WHERE promotion_id = $1', [id]);
      if ((codes?.n ?? 0) > 0) throw badRequest(`promotion "${before.rule.name}" has ${codes?.n} coupon code(s): it must keep applying with a coupon (end it and create an automatic one instead)`);
    }
    await tx.query(
      `UPDATE promotions SET name = $2, trigger = $3, site_ids = $4, channels = $5, date_start = $6, date_end = $7, priority = $8, exclusive = $9, reward = $10,
              updated_at = now() WHERE id = $1`,
      [id, ...promotionColumns(input)],
    );
    await publishPromotions(tx, [id]);
    const [after] = await loadPromotions(tx, { ids: [id] });
    if (!after) throw new Error(`promotion ${id} vanished in its own transaction`);
    await recordAudit(tx, actor, { action: 'promotion.update', entity: 'promotion', entityId: id, summary: `edited promotion "${after.rule.name}"`, before: before.rule, after: after.rule });
    return after.rule;
  });
}

export async function listCoupons(q: Queryable): Promise<CouponList> {
  return { coupons: (await loadCoupons(q)).map(({ createdAt: _createdAt, ...c }) => c) };
}

export async function createCoupon(db: Db, actor: Actor, input: CouponInput): Promise<CouponList['coupons'][number]> {
  const code = normalizeCouponCode(input.code);
  if (!isCouponCodeFormat(code)) throw badRequest(`coupon code "${code}" must be 4–32 letters, digits or dashes, not starting or ending with a dash`);
  return db
    .transaction(async (tx) => {
      const [promotion] = await tx.query<{ name: string; trigger: string }>('SELECT name, trigger FROM promotions WHERE id = $1', [input.promotionId]);
      if (!promotion) throw badRequest(`no promotion ${input.promotionId}`);
      if (promotion.trigger !== 'coupon') throw badRequest(`promotion "${promotion.name}" applies by itself; it takes no coupon codes`);
      const maxUses = input.maxUses ?? 1;
      await tx.query('INSERT INTO coupons (code, promotion_id, max_uses) VALUES ($1, $2, $3)', [code, input.promotionId, maxUses]);
      await publishCoupons(tx, [code]);
      await recordAudit(tx, actor, { action: 'coupon.create', entity: 'coupon', entityId: code, summary: `created coupon ${code} for "${promotion.name}" (${maxUses === 1 ? 'single use' : `${maxUses} uses`})`, after: { code, promotionId: input.promotionId, maxUses } });
      return { code, promotionId: input.promotionId, maxUses, uses: 0 };
    })
    .catch((err: unknown) => {
      if (pgErrorCode(err) === '23505') throw new HttpError(409, 'code_taken', `coupon code ${code} already exists`);
      throw err;
    });
}

/**
 * Takes a pricelist or promotion off the tills: it stops pricing anything from their next pull,
 * and stays on the server (sales that used it still name it). Audited, published in its transaction.
 */
async function endRule(db: Db, actor: Actor, table: 'pricelists' | 'promotions', id: string): Promise<PricingRuleEnded> {
  const what = table === 'pricelists' ? 'pricelist' : 'promotion';
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ name: string }>(`UPDATE ${table} SET active = false, updated_at = now() WHERE id = $1 AND active RETURNING name`, [id]);
    if (!row) throw notFound(`There is no running ${what} ${id}.`);
    if (table === 'pricelists') await publishPricelists(tx, [id]);
    else await publishPromotions(tx, [id]);
    await recordAudit(tx, actor, { action: `${what}.end`, entity: what, entityId: id, summary: `ended ${what} "${row.name}": tills no longer apply it`, before: { active: true }, after: { active: false } });
    return { id, name: row.name };
  });
}

export const endPricelist = (db: Db, actor: Actor, id: string): Promise<PricingRuleEnded> => endRule(db, actor, 'pricelists', id);
export const endPromotion = (db: Db, actor: Actor, id: string): Promise<PricingRuleEnded> => endRule(db, actor, 'promotions', id);
