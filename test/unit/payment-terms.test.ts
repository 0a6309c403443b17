// Payment terms a PO asks for, against the account's: a difference is a question, answered by keeping the account's.
import { describe, expect, it } from 'vitest';
import type { MasterDataSlice } from '../../domain/master-data.js';
import { decideIntake } from '../../domain/order-intake.js';
import { readTermsText } from '../../domain/payment-terms.js';
import type { ParsedPurchaseOrder } from '../../domain/purchase-order.js';
import { applyCorrections } from '../../domain/review-corrections.js';
import { acmePo } from '../../demo/emails.js';
import { renderPoPdf } from '../../demo/po-pdf.js';
import { readPdfLayout } from '../../parsers/pdf-layout.js';
import { readPurchaseOrder } from '../../parsers/po-reader.js';
import { readReviewAnswer } from '../../parsers/review-answer.js';

describe('payment terms as POs write them', () => {
  it.each([
    ['Net 30', { netDays: 30, discountBasisPoints: 0, discountDays: 0 }],
    ['NET45', { netDays: 45, discountBasisPoints: 0, discountDays: 0 }],
    ['2% 10 Net 30', { netDays: 30, discountBasisPoints: 200, discountDays: 10 }],
    ['2/10 N30', { netDays: 30, discountBasisPoints: 200, discountDays: 10 }],
    ['1.5% 15 days, net 60', { netDays: 60, discountBasisPoints: 150, discountDays: 15 }],
    ['30 days net', { netDays: 30, discountBasisPoints: 0, discountDays: 0 }],
    ['Due on receipt', { netDays: 0, discountBasisPoints: 0, discountDays: 0 }],
  ])('%s', (text, terms) => expect(readTermsText(text)).toEqual(terms));

  it('reads nothing from words that state no terms', () => {
    expect(readTermsText('see contract')).toBeUndefined();
  });

  it('are read from a PO that prints them in a field grid', async () => {
    const layout = await readPdfLayout(await renderPoPdf(acmePo('4500012345'), 'small-business'));
    expect(readPurchaseOrder(layout.lines, 'pdf_text', 'po.pdf').paymentTerms?.value).toBe('Net 30');
  });
});

describe('a PO asking for other terms than the account', () => {
  const master: MasterDataSlice = {
    customers: [{ id: 'c1', number: 'C-1001', name: 'Acme', emailDomains: [], contactEmails: [], currency: 'USD', termsCode: 'NET30', salesRepId: 'r1', priceListId: 'pl' }],
    products: [{ id: 'p1', sku: 'WID-100', description: 'Steel widget', unitOfMeasure: 'EA', active: true }],
    prices: [{ productId: 'p1', priceListId: 'pl', unitPriceMinor: 425, minQuantity: 1 }],
    customerItems: [],
    terms: [{ code: 'NET30', description: 'Net 30 days', netDays: 30, discountBasisPoints: 0, discountDays: 0 }],
  };
  const f = <T>(value: T) => ({ value, confidence: 0.95, source: 't' });
  const po = (terms: string): ParsedPurchaseOrder => ({
    documentKind: 'pdf_text', documentName: 'po.pdf', poNumber: f('P-1'), customerNumber: f('C-1001'), paymentTerms: f(terms), unreadableLines: [],
    lines: [{ lineNumber: 1, itemCode: 'WID-100', description: '', quantityMilli: 1000, confidence: 0.95, sourceText: '' }],
  });

  it('is asked about, and goes ahead on the account terms once the CSR says so', () => {
    const d = decideIntake(po('Net 60'), {}, master);
    expect(d.kind === 'order' && d.questions.map((q) => q.text)).toEqual([
      `The PO asks for payment terms "Net 60", but Acme's account is on Net 30 days. The order is entered on the account's terms; other terms need an AR lead to change the account. (Answer "account terms" to go ahead, or "cancel order: <reason>".)`,
    ]);
    const answered = applyCorrections(po('Net 60'), readReviewAnswer('keep account terms').instructions, 'carla@arflow.test');
    const again = decideIntake(answered.po, {}, master);
    expect(again.kind === 'order' && again.questions).toEqual([]);
    expect(again.kind === 'order' && again.termsCode).toBe('NET30');
  });

  it('is not asked about when the PO states the account terms in its own words', () => {
    const d = decideIntake(po('30 days net'), {}, master);
    expect(d.kind === 'order' && d.questions).toEqual([]);
  });
});
