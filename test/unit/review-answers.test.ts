// A CSR answers the desk's questions in plain words in a reply; the desk applies exactly what was said.
import { describe, expect, it } from 'vitest';
import type { MasterDataSlice } from '../../domain/master-data.js';
import { decideIntake } from '../../domain/order-intake.js';
import type { ParsedPurchaseOrder } from '../../domain/purchase-order.js';
import { applyCorrections } from '../../domain/review-corrections.js';
import { ownWords, readReviewAnswer } from '../../parsers/review-answer.js';

const master: MasterDataSlice = {
  customers: [{ id: 'c1', number: 'C-1001', name: 'Acme', emailDomains: ['acme.example'], contactEmails: [], currency: 'USD', termsCode: 'NET30', salesRepId: null, priceListId: 'pl' }],
  products: [
    { id: 'p1', sku: 'WID-100', description: 'Steel widget', unitOfMeasure: 'EA', active: true },
    { id: 'p2', sku: 'FST-M8', description: 'Bolts', unitOfMeasure: 'BX', active: true },
  ],
  prices: [{ productId: 'p1', priceListId: 'pl', unitPriceMinor: 425, minQuantity: 1 }, { productId: 'p2', priceListId: 'pl', unitPriceMinor: 1875, minQuantity: 1 }],
  customerItems: [],
};
const f = <T>(value: T) => ({ value, confidence: 0.95, source: 'test' });
const po: ParsedPurchaseOrder = {
  documentKind: 'pdf_text', documentName: 'PO.pdf', poNumber: f('4500'), customerNumber: f('C-1001'), unreadableLines: ['FST M8 bolts   five   18.75'],
  lines: [
    { lineNumber: 1, itemCode: 'WID-1OO', description: '', quantityMilli: 10_000, confidence: 0.9, sourceText: '' },
    { lineNumber: 2, itemCode: 'WID-100', description: '', quantityMilli: 5_000, unitPriceMinor: 399, confidence: 0.9, sourceText: '' },
  ],
};

describe("the CSR's own words", () => {
  it('are what is above the quoted history and the signature, whatever the mail client', () => {
    expect(ownWords('line 1 item WID-100\n\nOn Mon, 23 Nov 2026 at 10:00, Orders <orders@x> wrote:\n> line 1: item "WID-1OO" is not in our catalogue')).toBe('line 1 item WID-100');
    expect(ownWords('use list prices\r\n\r\n-----Original Message-----\r\nFrom: Orders\r\nline 9 qty 4')).toBe('use list prices');
    expect(ownWords('confirmed\n________________________________\nFrom: Northwind orders <orders@x>\nSent: Monday')).toBe('confirmed');
    expect(ownWords('remove line 2\nThanks,\nCarla Chen\nCSR ext. 204')).toBe('remove line 2');
    expect(ownWords('add 5 x FST-M8\n-- \nCarla, ext 204')).toBe('add 5 x FST-M8');
  });
});

describe('reading an answer', () => {
  it('understands the phrasings CSRs use, one instruction a line', () => {
    const { instructions, notUnderstood } = readReviewAnswer([
      'Hi team,', 'Line 1 should be WID-100', '- line 2: qty 12', 'line 2 price $4.10', 'Add 5 x FST-M8 @ 18.75', 'ignore the other rows',
      'ship to: 12 Dock Rd, Tacoma WA 98421', 'need by 12/10/2026', 'use list prices', 'total is fine', 'Looks good!', 'line 7 frobnicate 3',
    ].join('\n'));
    expect(instructions).toEqual([
      { kind: 'set_item', lineNumber: 1, itemCode: 'WID-100' },
      { kind: 'set_quantity', lineNumber: 2, quantityMilli: 12_000 },
      { kind: 'set_price', lineNumber: 2, unitPriceMinor: 410 },
      { kind: 'add_line', itemCode: 'FST-M8', quantityMilli: 5_000, unitPriceMinor: 1875 },
      { kind: 'ignore_unreadable_rows' },
      { kind: 'set_ship_to', shipTo: '12 Dock Rd, Tacoma WA 98421' },
      { kind: 'set_requested_date', date: '2026-12-10' },
      { kind: 'use_list_price' },
      { kind: 'accept_total' },
      { kind: 'confirm_all' },
    ]);
    // What looks like an instruction but is not understood goes back to the CSR; greetings do not.
    expect(notUnderstood).toEqual(['line 7 frobnicate 3']);
  });

  it('reads a cancellation with its reason, and "cancel line 2" as removing a line', () => {
    expect(readReviewAnswer('Cancel this order: customer placed it twice').instructions).toEqual([{ kind: 'cancel', reason: 'customer placed it twice' }]);
    expect(readReviewAnswer('cancel the order because the customer went elsewhere').instructions).toEqual([{ kind: 'cancel', reason: 'the customer went elsewhere' }]);
    expect(readReviewAnswer('cancel line 2').instructions).toEqual([{ kind: 'remove_line', lineNumber: 2 }]);
  });

  it('never cancels the whole order for words about one line, and asks for one change a line', () => {
    const r = readReviewAnswer('cancel order line 3\nline 2 qty 300 price 4.25');
    expect(r.instructions).toEqual([]);
    expect(r.notUnderstood).toEqual(['cancel order line 3', 'line 2 qty 300 price 4.25 (one change a line, please: e.g. "line 2 item WID-100" and "line 2 qty 5" on two lines)']);
  });
});

describe('applying an answer and reviewing again', () => {
  it('leaves no question once every one is answered, and the order enters exactly what the CSR said', () => {
    const first = decideIntake(po, {}, master);
    expect(first.kind === 'order' && first.questions.map((q) => q.code)).toEqual(['unreadable_line', 'unknown_item', 'price_differs']);
    const answer = readReviewAnswer('line 1 item WID-100\nline 2 PO price\nadd 5 x FST-M8');
    const corrected = applyCorrections(po, answer.instructions, 'carla@arflow.test');
    expect(corrected.applied).toEqual(['line 1: item WID-100', "line 2: the PO's price", 'line 3 added: 5 x FST-M8']);
    const second = decideIntake(corrected.po, {}, master);
    expect(second.kind).toBe('order');
    if (second.kind !== 'order') return;
    expect(second.questions).toEqual([]);
    expect(second.lines.map((l) => [l.sku, l.quantityMilli, l.unitPriceMinor, l.priceSource])).toEqual([
      ['WID-100', 10_000, 425, 'price_list'], ['WID-100', 5_000, 399, 'purchase_order'], ['FST-M8', 5_000, 1875, 'price_list'],
    ]);
    expect(corrected.po.lines[0]).toMatchObject({ confirmedBy: 'carla@arflow.test', confidence: 1 });
  });

  it('refuses an instruction about a line that does not exist, and says which lines there are', () => {
    const r = applyCorrections(po, readReviewAnswer('line 9 qty 3').instructions, 'carla@arflow.test');
    expect(r.refused).toEqual(['There is no line 9 on PO 4500 (it has lines 1, 2), so "quantity 3" was not applied.']);
    expect(r.po).toEqual(po);
  });

  it('asks only what is still open after a partial answer', () => {
    const r = applyCorrections(po, readReviewAnswer('use list prices\nignore the unreadable rows').instructions, 'carla@arflow.test');
    const d = decideIntake(r.po, {}, master);
    expect(d.kind === 'order' && d.questions.map((q) => [q.code, q.lineNumber])).toEqual([['unknown_item', 1]]);
  });

  it('takes a cancellation as the whole answer', () => {
    const r = applyCorrections(po, readReviewAnswer('line 1 item WID-100\ncancel order - duplicate of 4499').instructions, 'carla@arflow.test');
    expect(r.cancel).toEqual({ reason: 'duplicate of 4499' });
  });
});
