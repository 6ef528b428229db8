import { describe, expect, it } from 'vitest';
import type { ConfigEntry } from '../../shared/schemas/index.ts';
import { defaultTenders, foldConfig } from './config-snapshot.ts';

const at = '2026-01-01T00:00:00Z';

describe('device configuration snapshot', () => {
  it('folds synced entries into site, taxes, tenders, users and thresholds', () => {
    const entries: ConfigEntry[] = [
      { id: 'site-2', kind: 'site', data: { code: 'OTHER', name: 'Other', kind: 'store', currency: 'USD' }, updatedAt: at },
      { id: 'site-1', kind: 'site', data: { code: 'STORE1', name: 'Demo', kind: 'store', currency: 'EUR' }, updatedAt: at },
      { id: 'vat', kind: 'tax', data: { name: 'VAT 20%', rate: 20 }, updatedAt: at },
      { id: 't1', kind: 'tender', data: { method: 'cash', label: 'Cash', isCash: true }, updatedAt: at },
      { id: 'u2', kind: 'user', data: { username: 'sam', displayName: 'Sam', role: 'supervisor', active: true }, updatedAt: at },
      { id: 'u1', kind: 'user', data: { username: 'alice', displayName: 'Alice', role: 'cashier', active: true }, updatedAt: at },
      { id: 'approvals', kind: 'approvals', data: { maxDiscountPercent: 5, maxPriceOverridePercent: 15 }, updatedAt: at },
    ];
    const snap = foldConfig(entries, 'site-1');
    expect(snap.site?.currency).toBe('EUR');
    expect(snap.taxes.get('vat')?.rate).toBe(20);
    expect(snap.tenders.map((t) => t.method)).toEqual(['cash']);
    expect(snap.users.map((u) => u.username)).toEqual(['alice', 'sam']);
    expect(snap.approvals.maxDiscountPercent).toBe(5);
  });

  it("merges a user's company-wide entry with the PIN-carrying entry of the device's site into one user", () => {
    const entries: ConfigEntry[] = [
      { id: 'u1', kind: 'user', data: { username: 'alice', displayName: 'Alice', role: 'cashier', active: true }, updatedAt: at },
      { id: 'u:abc', kind: 'user', data: { userId: 'u1', username: 'alice', displayName: 'Alice', role: 'cashier', active: true, pinHash: 'pbkdf2$1$a$b' }, updatedAt: at },
      { id: 'u:def', kind: 'user', data: { userId: 'u2', username: 'sam', displayName: 'Sam', role: 'supervisor', active: true, pinHash: 'pbkdf2$1$c$d' }, updatedAt: at },
      { id: 'u2', kind: 'user', data: { username: 'sam', displayName: 'Sam', role: 'supervisor', active: true }, updatedAt: at },
    ];
    const users = foldConfig(entries, 'site-1').users;
    expect(users).toEqual([
      { id: 'u1', username: 'alice', displayName: 'Alice', role: 'cashier', active: true, pinHash: 'pbkdf2$1$a$b' },
      { id: 'u2', username: 'sam', displayName: 'Sam', role: 'supervisor', active: true, pinHash: 'pbkdf2$1$c$d' },
    ]);
  });

  it('lists the users in reading order: accents in place, numbers as numbers', () => {
    const user = (id: string, displayName: string): ConfigEntry => ({ id, kind: 'user', data: { username: id, displayName, role: 'cashier', active: true }, updatedAt: at });
    const snap = foldConfig([user('t10', 'Temp 10'), user('zoe', 'Zoé'), user('t2', 'Temp 2'), user('eli', 'Élise'), user('ed', 'Ed')], null);
    expect(snap.users.map((u) => u.displayName)).toEqual(['Ed', 'Élise', 'Temp 2', 'Temp 10', 'Zoé']);
  });

  it("offers only the tenders the site accepts, in the site's order", () => {
    const entries: ConfigEntry[] = [
      { id: 'site-1', kind: 'site', data: { code: 'STORE1', name: 'Demo', kind: 'store', currency: 'EUR', tenders: ['card', 'cash'] }, updatedAt: at },
      { id: 't1', kind: 'tender', data: { method: 'cash', label: 'Cash', isCash: true }, updatedAt: at },
      { id: 't2', kind: 'tender', data: { method: 'voucher', label: 'Voucher', isCash: false }, updatedAt: at },
      { id: 't3', kind: 'tender', data: { method: 'card', label: 'Card', isCash: false }, updatedAt: at },
    ];
    expect(foldConfig(entries, 'site-1').tenders.map((t) => t.method)).toEqual(['card', 'cash']);
    const everyTender = entries.map((e) => (e.kind === 'site' ? { ...e, data: { code: 'STORE1', name: 'Demo', kind: 'store' as const, currency: 'EUR' } } : e));
    expect(foldConfig(everyTender, 'site-1').tenders.map((t) => t.method)).toEqual(['cash', 'voucher', 'card']);
  });

  it('falls back to cash and card before the first sync', () => {
    expect(foldConfig([], 'x').tenders).toEqual(defaultTenders);
  });
});
