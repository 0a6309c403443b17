import { describe, expect, it } from 'vitest';
import { decideBillingReply, type BillingReplyContext } from '../../domain/billing-reply-routing.js';
import type { BillingReplyClassification } from '../../parsers/billing-reply.js';

const read = (over: Partial<BillingReplyClassification>): BillingReplyClassification => ({ kind: 'other', confidence: 0.85, invoiceNumbers: [], reasons: [], ...over });
const acme = { number: 'C-1001', name: 'Acme', openInvoices: [{ number: 'INV-000001', openMinor: 100_000 }, { number: 'INV-000002', openMinor: 50_000 }] };
const ctx = (classification: BillingReplyClassification, over: Partial<BillingReplyContext> = {}): BillingReplyContext => ({
  classification, from: 'ap@acme.example', customer: acme, senderIsContact: true, senderAtCustomerDomain: true, threadInvoices: [], ...over,
});

describe('what the billing desk does with a reply', () => {
  it('applies a dated promise from a known contact to the invoices it names, or the thread\'s', () => {
    expect(decideBillingReply(ctx(read({ kind: 'promise_to_pay', promisedDate: '2026-12-15', invoiceNumbers: ['INV-000002'] })))).toEqual({ kind: 'promise', invoiceNumbers: ['INV-000002'], promisedDate: '2026-12-15' });
    expect(decideBillingReply(ctx(read({ kind: 'promise_to_pay', promisedDate: '2026-12-15' }), { threadInvoices: ['INV-000001'] }))).toMatchObject({ invoiceNumbers: ['INV-000001'] });
  });

  it('never lets a stranger change an invoice: promises and disputes from unknown senders go to a person', () => {
    const stranger = { from: 'someone@gmail.example', senderIsContact: false, senderAtCustomerDomain: false };
    expect(decideBillingReply(ctx(read({ kind: 'dispute', invoiceNumbers: ['INV-000001'] }), stranger))).toMatchObject({ kind: 'review', reason: expect.stringMatching(/not a known contact/) });
    expect(decideBillingReply(ctx(read({ kind: 'promise_to_pay', promisedDate: '2026-12-15' }), { ...stranger, senderAtCustomerDomain: true }))).toMatchObject({ kind: 'review' });
    expect(decideBillingReply(ctx(read({ kind: 'w9_request' }), stranger))).toMatchObject({ kind: 'review' });
  });

  it('disputes a stated amount of one invoice, or the whole of each named invoice', () => {
    expect(decideBillingReply(ctx(read({ kind: 'dispute', invoiceNumbers: ['INV-000001'], amountMinor: 12_000 })))).toEqual({ kind: 'dispute', disputes: [{ invoiceNumber: 'INV-000001', amountMinor: 12_000 }] });
    expect(decideBillingReply(ctx(read({ kind: 'dispute', invoiceNumbers: ['INV-000001', 'INV-000002'] })))).toEqual({ kind: 'dispute', disputes: [{ invoiceNumber: 'INV-000001', amountMinor: 100_000 }, { invoiceNumber: 'INV-000002', amountMinor: 50_000 }] });
    // "We dispute the $45 freight" on a grouped reminder: not every invoice in full; a person decides which.
    expect(decideBillingReply(ctx(read({ kind: 'dispute', amountMinor: 4_500 }), { threadInvoices: ['INV-000001', 'INV-000002'] }))).toMatchObject({ kind: 'review', reason: expect.stringMatching(/on which of INV-000001, INV-000002/) });
    expect(decideBillingReply(ctx(read({ kind: 'dispute' })))).toMatchObject({ kind: 'review', reason: expect.stringMatching(/which invoice/) });
  });

  it('sends copies and the W-9 packet by itself; asks a person when unsure, undated or unmatched', () => {
    expect(decideBillingReply(ctx(read({ kind: 'invoice_copy_request', invoiceNumbers: ['INV-000002'] }), { senderIsContact: false }))).toEqual({ kind: 'invoice_copies', invoiceNumbers: ['INV-000002'] });
    expect(decideBillingReply(ctx(read({ kind: 'invoice_copy_request', invoiceNumbers: ['INV-000777'] })))).toMatchObject({ kind: 'review', reason: 'INV-000777 is not an open invoice of C-1001' });
    expect(decideBillingReply(ctx(read({ kind: 'payment_instructions_request' })))).toEqual({ kind: 'w9_packet' });
    expect(decideBillingReply(ctx(read({ kind: 'promise_to_pay' })))).toMatchObject({ kind: 'review', reason: expect.stringMatching(/without a date/) });
    expect(decideBillingReply(ctx(read({ kind: 'dispute', confidence: 0.5, reasons: ['says "not right"'] })))).toMatchObject({ kind: 'review', reason: expect.stringMatching(/not surely enough/) });
    expect(decideBillingReply(ctx(read({ kind: 'other' })))).toMatchObject({ kind: 'review' });
    expect(decideBillingReply(ctx(read({ kind: 'remittance_advice' }), { customer: undefined }))).toMatchObject({ kind: 'review', reason: expect.stringMatching(/not a contact of any customer/) });
    expect(decideBillingReply(ctx(read({ kind: 'auto_reply' }), { customer: undefined }))).toEqual({ kind: 'ignore', reason: 'an automatic reply' });
  });
});
