// What the billing desk does with a customer's reply, once it is read (parsers/billing-reply.ts) and its
// customer found (by the thread it answers, else by the sender). Pure.
//   • Answers that need no judgement go out by themselves: invoice copies, the W-9 and payment
//     instructions packet. Only to the customer's own people (a contact, or an address at its domain).
//   • What changes an invoice's state (a promise to pay, a dispute) is applied only when the sender is a
//     known contact of that customer: anyone can write "we dispute INV-000123" from anywhere.
//   • Everything else (not understood, unsure, no customer, a stranger, a promise with no date) goes to a
//     person with the reason, and nothing changes. Auto-replies are ignored.
import type { BillingReplyClassification } from '../parsers/billing-reply.js';

/** Below this the reader's label is a guess: a person reads the reply. */
export const ACT_ON_CONFIDENCE = 0.7;

export interface BillingReplyContext {
  classification: BillingReplyClassification;
  from: string;
  customer?: { number: string; name: string; openInvoices: { number: string; openMinor: number }[] };
  senderIsContact: boolean;
  senderAtCustomerDomain: boolean;
  /** The invoices the email it answers was about (the invoice, or the reminder's list). */
  threadInvoices: string[];
}

export type BillingReplyAction =
  | { kind: 'promise'; invoiceNumbers: string[]; promisedDate: string }
  | { kind: 'dispute'; disputes: { invoiceNumber: string; amountMinor: number }[] }
  | { kind: 'remittance'; invoiceNumbers: string[] }
  | { kind: 'w9_packet' }
  | { kind: 'invoice_copies'; invoiceNumbers: string[] }
  | { kind: 'ignore'; reason: string }
  | { kind: 'review'; reason: string };

export function decideBillingReply(c: BillingReplyContext): BillingReplyAction {
  const { classification: read, customer } = c;
  if (read.kind === 'auto_reply') return { kind: 'ignore', reason: 'an automatic reply' };
  if (!customer) return { kind: 'review', reason: `${c.from} is not a contact of any customer and the reply answers none of our emails` };
  if (read.kind === 'other') return { kind: 'review', reason: 'the reply is not a promise, a dispute, a remittance or a request arflow acts on' };
  if (read.confidence < ACT_ON_CONFIDENCE) return { kind: 'review', reason: `the reply reads as ${words(read.kind)}, but not surely enough to act on (${read.reasons.join('; ') || 'no clear signal'})` };

  const open = new Set(customer.openInvoices.map((i) => i.number));
  const named = read.invoiceNumbers.filter((n) => open.has(n));
  const unknown = read.invoiceNumbers.filter((n) => !open.has(n));
  const fromThread = c.threadInvoices.filter((n) => open.has(n));
  const invoices = named.length ? named : fromThread.length ? fromThread : customer.openInvoices.length === 1 ? [customer.openInvoices[0]!.number] : [];
  const ours = c.senderIsContact || c.senderAtCustomerDomain;

  switch (read.kind) {
    case 'remittance_advice':
      return { kind: 'remittance', invoiceNumbers: invoices };
    case 'w9_request':
    case 'payment_instructions_request':
      return ours ? { kind: 'w9_packet' } : { kind: 'review', reason: `${c.from} asks for our W-9 or payment details but is not at ${customer.name}` };
    case 'invoice_copy_request': {
      if (!ours) return { kind: 'review', reason: `${c.from} asks for invoice copies but is not at ${customer.name}` };
      const wanted = named.length ? named : fromThread;
      if (unknown.length && !named.length) return { kind: 'review', reason: `${unknown.join(', ')} is not an open invoice of ${customer.number}` };
      return wanted.length ? { kind: 'invoice_copies', invoiceNumbers: wanted } : { kind: 'review', reason: 'the reply asks for a copy but does not say of which invoice' };
    }
    case 'promise_to_pay':
      if (!c.senderIsContact) return { kind: 'review', reason: `${c.from} is not a known contact of ${customer.number}: a promise from them changes nothing until a person checks it` };
      if (!read.promisedDate) return { kind: 'review', reason: 'a promise to pay without a date: ask when' };
      return { kind: 'promise', invoiceNumbers: named.length ? named : fromThread.length ? fromThread : customer.openInvoices.map((i) => i.number), promisedDate: read.promisedDate };
    case 'dispute': {
      if (!c.senderIsContact) return { kind: 'review', reason: `${c.from} is not a known contact of ${customer.number}: a dispute from them changes nothing until a person checks it` };
      if (invoices.length === 0) return { kind: 'review', reason: 'a dispute, but of which invoice is not clear' };
      // An amount with several invoices in play (a reply to a grouped reminder) could be any of them: a person decides.
      if (read.amountMinor !== undefined && invoices.length > 1) return { kind: 'review', reason: `a dispute of ${read.amountMinor} minor units, but on which of ${invoices.join(', ')} is not clear` };
      const openOf = (n: string) => customer.openInvoices.find((i) => i.number === n)!.openMinor;
      // A stated amount belongs to a single invoice; otherwise the whole of each invoice is in dispute.
      if (read.amountMinor !== undefined && invoices.length === 1 && read.amountMinor > 0 && read.amountMinor <= openOf(invoices[0]!)) {
        return { kind: 'dispute', disputes: [{ invoiceNumber: invoices[0]!, amountMinor: read.amountMinor }] };
      }
      return { kind: 'dispute', disputes: invoices.map((n) => ({ invoiceNumber: n, amountMinor: openOf(n) })) };
    }
  }
}

function words(kind: BillingReplyClassification['kind']): string {
  return kind.replace(/_/g, ' ');
}
