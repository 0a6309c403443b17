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
    // The PO said 9.99: which price applies is the CSR's question, not a silent choice.
    expect(d.questions.map((q) => [q.code, q.lineNumber])).toEqual([['price_differs', 1]]);
    expect(d.questions[0]!.text).toContain("the PO's unit price for WID-100 is 9.99 USD, our price list says 4.00 USD");
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

  it('asks about every unusable line, not only the first, and enters none of them', () => {
    const d = decideIntake(po({ customerNumber: f('C-1001'), lines: [{ ...line('XYZ-1', 1) }, { ...line('OLD-9', 1), lineNumber: 2 }, { ...line('NOPRICE-1', 1), lineNumber: 3 }] }), {}, master);
    expect(d.kind).toBe('order');
    if (d.kind !== 'order') return;
    expect(d.lines).toEqual([]);
    expect(d.questions.map((q) => q.text)).toEqual([
      'Line 1: item "XYZ-1" is not in our catalogue. Which item is it? (Answer "line 1 item <our item>", or "remove line 1".)',
      'Line 2: item "OLD-9" is not in our catalogue (it is discontinued). Which item is it? (Answer "line 2 item <our item>", or "remove line 2".)',
      "Line 3: item NOPRICE-1 has no price on Acme Fabrication Inc.'s price list and none on the PO. What is the unit price? (Answer \"line 3 price <amount>\".)",
    ]);
  });

  it('quarantines a PO without a number; asks about one without lines or in the wrong currency', () => {
    expect(decideIntake(po({ poNumber: undefined }), {}, master)).toMatchObject({ code: 'no_po_number' });
    const noLines = decideIntake(po({ customerNumber: f('C-1001') }), {}, master);
    expect(noLines.kind === 'order' && noLines.questions.map((q) => q.code)).toEqual(['no_lines']);
    const euro = decideIntake(po({ customerNumber: f('C-1001'), currency: f('EUR'), lines: [line('WID-100', 1)] }), {}, master);
    expect(euro.kind === 'order' && euro.questions.map((q) => q.code)).toEqual(['currency_mismatch']);
  });

  it('asks a person to confirm what was read with too little confidence, and not again once confirmed', () => {
    const doubtfulPo = po({ customerNumber: f('C-1001'), poNumber: { value: 'PO-7', confidence: 0.6, source: 'OCR' }, lines: [{ ...line('WID-100', 5), confidence: 0.55, sourceText: 'WID-1OO 5' }] });
    const d = decideIntake(doubtfulPo, {}, master);
    expect(d.kind === 'order' && d.questions.map((q) => [q.code, q.lineNumber])).toEqual([['low_confidence', undefined], ['low_confidence', 1]]);
    const confirmed = decideIntake({ ...doubtfulPo, poNumber: { ...doubtfulPo.poNumber!, confirmedBy: 'carla@x' }, lines: doubtfulPo.lines.map((l) => ({ ...l, confirmedBy: 'carla@x' })) }, {}, master);
    expect(confirmed.kind === 'order' && confirmed.questions).toEqual([]);
  });

  it('asks when the PO total disagrees with its lines, once prices are settled', () => {
    const d = decideIntake(po({ customerNumber: f('C-1001'), totalMinor: f(5000), lines: [line('WID-100', 2, 425)] }), {}, master);
    expect(d.kind === 'order' && d.questions.map((q) => q.text)).toEqual(['The PO\'s total is 50.00 USD, but its lines come to 8.50 USD at the prices entered. Is a line missing or a price wrong? (Answer with the correction, or "total is fine" to enter the lines as they are.)']);
  });
});
