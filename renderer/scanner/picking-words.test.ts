import { describe, expect, it } from 'vitest';
import { partnerText, pickingKindText, workKind } from './picking-words.ts';

describe('a picking\'s kind in words', () => {
  it('names the steps of a delivery route as the tasks they are, and other kinds by their kind', () => {
    expect(['pick', 'pack', 'ship'].map((step) => pickingKindText({ kind: 'delivery', step }))).toEqual(['Pick', 'Pack', 'Delivery']);
    expect(pickingKindText({ kind: 'receipt', step: 'receive' })).toBe('Receipt');
    expect(pickingKindText({ kind: 'transfer', step: 'transfer' })).toBe('Transfer');
    expect(pickingKindText({ kind: 'count', step: 'count' })).toBe('Count');
    // A step this station does not know yet still reads as its kind.
    expect(pickingKindText({ kind: 'delivery', step: 'load' })).toBe('Delivery');
  });

  it('names goods for or from another site as a transfer out or in, as the work list files them', () => {
    const toStore = { role: 'destination', name: 'Demo Store' } as const;
    expect(['pick', 'pack', 'ship'].map((step) => pickingKindText({ kind: 'delivery', step, partner: toStore }))).toEqual(['Pick', 'Pack', 'Transfer out']);
    expect(pickingKindText({ kind: 'receipt', step: 'receive', partner: { role: 'source', name: 'Demo Warehouse', reference: 'WH1/OUT/000002' } })).toBe('Transfer in');
    // Customers' deliveries and suppliers' receipts keep their kind.
    expect(pickingKindText({ kind: 'delivery', step: 'ship', partner: { role: 'customer', reference: 'WEB-3001' } })).toBe('Delivery');
    expect(pickingKindText({ kind: 'receipt', step: 'receive', partner: { role: 'supplier', name: 'Acme Foods' } })).toBe('Receipt');
  });
});

describe('whom or where a picking is for, in words', () => {
  it('names the customer and order, the supplier and purchase order, or the other site', () => {
    expect(partnerText({ partner: { role: 'customer', name: 'Lena Fischer', reference: 'WEB-3001' } })).toBe('Order WEB-3001 for Lena Fischer');
    expect(partnerText({ partner: { role: 'customer', reference: 'WEB-3002' } })).toBe('Order WEB-3002');
    // A receipt for a customer is goods they send back (a return by post).
    expect(partnerText({ kind: 'receipt', partner: { role: 'customer', name: 'Lena Fischer', reference: 'WEB-3001' } })).toBe('Return of order WEB-3001 from Lena Fischer');
    expect(pickingKindText({ kind: 'receipt', step: 'receive', partner: { role: 'customer', reference: 'WEB-3001' } })).toBe('Return');
    expect(partnerText({ partner: { role: 'supplier', name: 'Acme Foods', reference: 'PO/00012' } })).toBe('PO/00012 from Acme Foods');
    expect(partnerText({ partner: { role: 'destination', name: 'Demo Store' } })).toBe('Transfer to Demo Store');
    expect(partnerText({ partner: { role: 'source', name: 'Demo Warehouse', reference: 'WH1/OUT/000002' } })).toBe('Transfer WH1/OUT/000002 from Demo Warehouse');
    // A document of schema v5, a count or a move inside the site says nothing.
    expect(partnerText({})).toBeNull();
  });
});

describe('which kind of work a picking is listed under', () => {
  it('lists goods for or from another site as transfers, customers\' deliveries and suppliers\' receipts as themselves', () => {
    // An inter-site transfer at its source is a delivery route whose ship step goes to the other site.
    expect(workKind({ kind: 'delivery', partner: { role: 'destination', name: 'Demo Store' } })).toBe('transfer');
    // Its arrival at the destination is a receipt from the sending site.
    expect(workKind({ kind: 'receipt', partner: { role: 'source', name: 'Demo Warehouse', reference: 'WH1/OUT/000002' } })).toBe('transfer');
    expect(workKind({ kind: 'delivery', partner: { role: 'customer', reference: 'WEB-3001' } })).toBe('delivery');
    expect(workKind({ kind: 'receipt', partner: { role: 'supplier', name: 'Acme Foods' } })).toBe('receipt');
    // A move inside the site, a count, and documents of schema v5 (no partner) keep their kind.
    expect(workKind({ kind: 'transfer' })).toBe('transfer');
    expect(workKind({ kind: 'count' })).toBe('count');
    expect(workKind({ kind: 'delivery' })).toBe('delivery');
  });
});
