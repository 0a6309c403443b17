import { describe, expect, it } from 'vitest';
import type { MasterDataSlice } from '../../domain/master-data.js';
import { decideIntake } from '../../domain/order-intake.js';
import type { ParsedPurchaseOrder } from '../../domain/purchase-order.js';

const master: MasterDataSlice = {
  customers: [
    { id: 'c1', number: 'C-1001', name: 'Acme Fabrication Inc.', emailDomains: ['acme.example'], contactEmails: ['jane@acme.example'], currency: 'USD', termsCode: 'NET30', salesRepId: 'r1', priceListId: 'pl' },
    { id: 'c2', number: 'C-1002', name: 'Birch & Stone Builders LLC', emailDomains: ['birchstone.example'], contactEmails: [], currency: 'USD', termsCode: 'NET30', salesRepId: null, priceListId: 'pl' },
  ],
  products: [
    { id: 'p1', sku: 'WID-100', description: 'Steel widget', unitOfMeasure: 'EA', active: true },
    { id: 'p2', sku: 'OLD-9', description: 'Discontinued', unitOfMeasure: 'EA', active: false },
    { id: 'p3', sku: 'NOPRICE-1', description: 'Unpriced', unitOfMeasure: 'EA', active: true },
  ],
  prices: [
    { productId: 'p1', priceListId: 'pl', unitPriceMinor: 425, minQuantity: 1 },
    { productId: 'p1', priceListId: 'pl', unitPriceMinor: 400, minQuantity: 100 },
  ],
  customerItems: [{ customerId: 'c1', customerSku: 'AC-1', productId: 'p1' }],
};

const f = <T>(value: T) => ({ value, confidence: 0.9, source: 'test' });
function po(partial: Partial<ParsedPurchaseOrder>): ParsedPurchaseOrder {
  return { documentKind: 'email_body', documentName: 'the email body', poNumber: f('PO-1'), lines: [], unreadableLines: [], ...partial };
}
const line = (itemCode: string, qty: number, price?: number) => ({ lineNumber: 1, itemCode, description: '', quantityMilli: qty * 1000, unitPriceMinor: price, confidence: 0.9, sourceText: '' });

describe('order intake', () => {
  it('enters at the price list, with the quantity break, through the customer\'s own part number', () => {
    const d = decideIntake(po({ customerNumber: f('C-1001'), lines: [{ ...line('ac-1', 150, 999) }] }), {}, master);
    expect(d.kind).toBe('order');
    if (d.kind !== 'order') return;
    expect(d.lines[0]).toMatchObject({ sku: 'WID-100', customerSku: 'ac-1', unitPriceMinor: 400, amountMinor: 60000, priceSource: 'price_list' });
    expect(d.totalMinor).toBe(60000);
    expect(d.notes[0]).toMatch(/differs from the price list/);
  });

  it('knows the customer by a contact, then by domain', () => {
    const byContact = decideIntake(po({ lines: [line('WID-100', 1)] }), { originalSender: 'jane@acme.example' }, master);
    expect(byContact.kind === 'order' && byContact.customerVia).toBe('sent by contact jane@acme.example');
    const byDomain = decideIntake(po({ lines: [line('WID-100', 1)] }), { originalSender: 'someone@birchstone.example' }, master);
    expect(byDomain.kind === 'order' && byDomain.customerNumber).toBe('C-1002');
  });

  it('sends conflicting evidence about the customer to a person', () => {
    const d = decideIntake(po({ customerNumber: f('C-1002'), lines: [line('WID-100', 1)] }), { originalSender: 'jane@acme.example' }, master);
    expect(d).toMatchObject({ kind: 'quarantine', code: 'conflicting_customer' });
  });

  it('lists every unusable line, not only the first', () => {
    const d = decideIntake(po({ customerNumber: f('C-1001'), lines: [{ ...line('XYZ-1', 1) }, { ...line('OLD-9', 1), lineNumber: 2 }, { ...line('NOPRICE-1', 1), lineNumber: 3 }] }), {}, master);
    expect(d).toEqual({ kind: 'quarantine', code: 'unknown_item', problems: [
      'Line 1: item "XYZ-1" is not in our catalogue.',
      'Line 2: item "OLD-9" is not in our catalogue (it is discontinued).',
      "Line 3: item NOPRICE-1 has no price on Acme Fabrication Inc.'s price list and none on the PO.",
    ] });
  });

  it('refuses a PO without a number, without lines, or in the wrong currency', () => {
    expect(decideIntake(po({ poNumber: undefined }), {}, master)).toMatchObject({ code: 'no_po_number' });
    expect(decideIntake(po({ customerNumber: f('C-1001') }), {}, master)).toMatchObject({ code: 'no_lines' });
    expect(decideIntake(po({ customerNumber: f('C-1001'), currency: f('EUR'), lines: [line('WID-100', 1)] }), {}, master)).toMatchObject({ code: 'currency_mismatch' });
  });
});
