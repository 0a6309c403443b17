import { describe, expect, it } from 'vitest';
import { draftInvoice, earlyPaymentDiscountMinor, formatDocumentNumber, invoiceDates } from '../../domain/invoicing.js';
import type { InvoiceRequest } from '../../domain/invoice-handoff.js';

const request: InvoiceRequest = {
  orderId: 'o1', shipmentId: 's1', shipmentReference: 'PS-1', customerNumber: 'C-1001', poNumber: 'PO-1', currency: 'USD', shippedAt: '2026-12-01', requestedBy: 'arflow', freightMinor: 1_250,
  lines: [{ sku: 'WID-100', description: 'Widget', quantityMilli: 10_000, unitPriceMinor: 425, amountMinor: 4_250 }, { sku: 'BOLT-7', description: 'Bolt', quantityMilli: 3_000, unitPriceMinor: 333, amountMinor: 999 }],
};

describe('invoice arithmetic', () => {
  it('dates a 2/10 Net 30 invoice and figures the discount on goods only', () => {
    const draft = draftInvoice(request, '2026-12-01', { netDays: 30, discountBasisPoints: 200, discountDays: 10 });
    expect(draft).toMatchObject({ issueDate: '2026-12-01', dueDate: '2030-12-31'.replace('2030', '2026'), discountDate: '2026-12-11', subtotalMinor: 5_249, freightMinor: 1_250, totalMinor: 6_499, discountMinor: 105 });
    expect(draft.lines.map((l) => [l.lineNumber, l.kind, l.amountMinor])).toEqual([[1, 'item', 4_250], [2, 'item', 999], [3, 'freight', 1_250]]);
  });

  it('puts the tax the ERP figured on a line of its own, after freight, and in the total', () => {
    const draft = draftInvoice({ ...request, taxMinor: 433 }, '2026-12-01', { netDays: 30, discountBasisPoints: 0, discountDays: 0 });
    expect(draft.lines.map((l) => [l.lineNumber, l.kind, l.amountMinor])).toEqual([[1, 'item', 4_250], [2, 'item', 999], [3, 'freight', 1_250], [4, 'tax', 433]]);
    expect([draft.taxMinor, draft.totalMinor]).toEqual([433, 6_932]);
  });

  it('Net 30 across a year end and a leap day; due on receipt is due the day it is issued', () => {
    expect(invoiceDates('2027-12-15', { netDays: 30, discountBasisPoints: 0, discountDays: 0 })).toEqual({ issueDate: '2027-12-15', dueDate: '2028-01-14', discountDate: null });
    expect(invoiceDates('2028-02-15', { netDays: 14, discountBasisPoints: 0, discountDays: 0 }).dueDate).toBe('2028-02-29');
    expect(invoiceDates('2026-12-01', { netDays: 0, discountBasisPoints: 0, discountDays: 0 }).dueDate).toBe('2026-12-01');
  });

  it('rounds a discount half up in whole cents and numbers documents with zero padding', () => {
    expect(earlyPaymentDiscountMinor(125, { netDays: 30, discountBasisPoints: 200, discountDays: 10 })).toBe(3); // 2.5 → 3
    expect(earlyPaymentDiscountMinor(124, { netDays: 30, discountBasisPoints: 200, discountDays: 10 })).toBe(2);
    expect(formatDocumentNumber('INV-', 123n)).toBe('INV-000123');
    expect(formatDocumentNumber('INV-', 1_234_567)).toBe('INV-1234567');
  });
});
