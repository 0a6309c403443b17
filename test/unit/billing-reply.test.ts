// Customers' replies to our billing mail: what the AR desk sees for each (a promise, a dispute, a remittance, a request…).
import { describe, expect, it } from 'vitest';
import { KINDS, loadLabelledReplies, score } from '../../bench/reply-classification.js';
import { classifyBillingReply, type BillingReplyInput } from '../../parsers/billing-reply.js';
import { findAmounts, statedAmount } from '../../parsers/reply-amounts.js';
import { resolveDate } from '../../parsers/reply-dates.js';
import { findInvoiceNumbers } from '../../parsers/reply-invoices.js';
import { htmlToText, ownWords } from '../../parsers/reply-text.js';

const WED = '2026-12-02T15:04:00Z'; // a Wednesday
const REMINDER = [
  'On Tue, Dec 1, 2026 at 9:14 AM Arflow Billing <billing@arflow.example> wrote:',
  '> Invoice INV-000777 is 31 days overdue. Please remit payment, or reply if you dispute any charges.',
  '> A W-9 and our bank details are attached. Payment was not received as of today.',
].join('\n');
const reply = (text: string, more: Partial<BillingReplyInput> = {}): BillingReplyInput =>
  ({ subject: 'RE: Payment reminder: invoice INV-000777 is overdue', text: `${text}\n\n${REMINDER}\n`, html: null, receivedAt: WED, ...more });
const kind = (text: string, more: Partial<BillingReplyInput> = {}) => classifyBillingReply(reply(text, more)).kind;

describe('only the customer’s own words decide', () => {
  it('our quoted reminder ("overdue", "remit", "dispute", "W-9") never labels a reply', () => {
    expect(kind('Thanks, received.')).toBe('other');
    expect(kind('')).toBe('other');
    const outlook = 'Noted.\n\n________________________________\nFrom: Arflow Billing <billing@arflow.example>\nSent: Tuesday, December 1, 2026 9:14 AM\nTo: AP\nSubject: Payment reminder\n\nPlease remit payment or tell us if you dispute the invoice. W-9 attached.';
    expect(classifyBillingReply({ subject: 'RE: Payment reminder', text: outlook, html: null, receivedAt: WED }).kind).toBe('other');
    expect(ownWords('We paid today.\n\n-----Original Message-----\nFrom: Billing\nSent: Monday\nInvoice is overdue, please remit')).toBe('We paid today.');
    expect(ownWords('Will pay Friday.\nAm 01.12.2026 um 09:14 schrieb Arflow Billing <billing@arflow.example>:\n> überfällig')).toBe('Will pay Friday.');
  });

  it('cuts signatures, sign-offs and disclaimers, but not a "Thanks, we will…" sentence', () => {
    expect(ownWords('We will pay Friday.\nBest regards,\nDana\nAP | Northwind\nCONFIDENTIALITY NOTICE: disputes must be in writing')).toBe('We will pay Friday.');
    expect(ownWords('Hi Anna,\nThanks!\nWe will pay Friday.\n-- \nJoe')).toBe('Hi Anna,\nThanks!\nWe will pay Friday.');
    expect(ownWords('Thanks, we will pay Friday.\nSent from my iPhone')).toBe('Thanks, we will pay Friday.');
    expect(kind('Got it.\n\nKind regards\nPriya\n\nThis e-mail and any attachments may contain confidential information about payment disputes.')).toBe('other');
  });

  it('reads HTML-only mail: tags stripped, entities decoded, the Gmail blockquote and Outlook header block dropped', () => {
    const gmail = '<div dir="ltr"><div>We&nbsp;will pay on <b>Friday</b>.</div></div><div class="gmail_quote"><blockquote class="gmail_quote"><div>Your invoice is overdue, please remit or dispute.</div></blockquote></div>';
    const c = classifyBillingReply({ subject: 'RE: x', text: null, html: gmail, receivedAt: WED });
    expect(c).toMatchObject({ kind: 'promise_to_pay', promisedDate: '2026-12-04' });
    const outlook = '<p>Could you send a copy of inv 123?</p><hr><div id="divRplyFwdMsg"><b>From:</b> Arflow Billing &lt;billing@arflow.example&gt;<br><b>Sent:</b> Tuesday<br><b>Subject:</b> Reminder</div><div>Please send your W-9 and remit to our bank details.</div>';
    expect(classifyBillingReply({ subject: 'RE: x', text: null, html: outlook, receivedAt: WED })).toMatchObject({ kind: 'invoice_copy_request', invoiceNumbers: ['INV-000123'] });
    expect(htmlToText('<p>Caf&eacute; &amp; co &#8364;5 &#x2013; ok</p>')).toBe('Café & co €5 – ok');
  });
});

describe('labels', () => {
  it('promises to pay, with the date resolved against the day the reply arrived', () => {
    expect(classifyBillingReply(reply('We will pay INV-000123 next Friday.'))).toMatchObject({ kind: 'promise_to_pay', promisedDate: '2026-12-11' });
    expect(classifyBillingReply(reply('Payment will be made by the 15th.')).promisedDate).toBe('2026-12-15');
    expect(classifyBillingReply(reply("We won't be able to pay until the 15th."))).toMatchObject({ kind: 'promise_to_pay', promisedDate: '2026-12-15' });
    const noDate = classifyBillingReply(reply('We will pay this as soon as possible.'));
    expect(noDate.kind).toBe('promise_to_pay');
    expect(noDate.promisedDate).toBeUndefined();
    expect(noDate.confidence).toBeLessThan(classifyBillingReply(reply('We will pay on Friday.')).confidence);
  });

  it('disputes, including refusals and negations', () => {
    expect(kind('We are not paying until the damaged units are credited.')).toBe('dispute');
    expect(kind('The price on INV-000123 does not match our PO.')).toBe('dispute');
    expect(kind("We won't pay for the expedited freight.")).toBe('dispute');
    expect(kind('We do not dispute the invoice. We will pay on Friday.')).toBe('promise_to_pay');
    expect(kind('We will pay INV-000124 on Friday, but INV-000125 is disputed: the quantities are wrong.')).toBe('dispute');
  });

  it('remittance advice, also when it explains a short payment', () => {
    expect(classifyBillingReply(reply('Payment of $1,234.50 for inv 123 was sent today via ACH.'))).toMatchObject({ kind: 'remittance_advice', amountMinor: 123450 });
    expect(kind('We short-paid INV-000123 by $40.00 because 3 units arrived damaged; the rest went out by ACH.')).toBe('remittance_advice');
    expect(kind('We paid INV-000100 yesterday. INV-000101 is wrong, the price does not match our PO.')).toBe('dispute');
  });

  it('requests: W-9 before payment instructions before an invoice copy', () => {
    expect(kind('Please send the W-9 and a copy of INV-000123.')).toBe('w9_request');
    expect(kind('We will pay as soon as we receive your W-9.')).toBe('w9_request');
    expect(kind('Where should we send payment?')).toBe('payment_instructions_request');
    expect(kind('Can you resend the invoice? The attachment was blank.')).toBe('invoice_copy_request');
    expect(kind('We received your W-9, thank you.')).toBe('other');
  });

  it('auto-replies, from headers or wording, even when they quote the reminder', () => {
    expect(kind('Thanks for your message.', { headers: { 'auto-submitted': 'auto-replied' } })).toBe('auto_reply');
    expect(kind('Thanks for your message.', { headers: { 'auto-submitted': 'no' } })).toBe('other');
    expect(kind('Thanks for your message.', { headers: { precedence: 'bulk' } })).toBe('auto_reply');
    expect(kind('Thanks for your message.', { headers: { 'x-autoreply': 'yes' } })).toBe('auto_reply');
    expect(kind('We will pay on Friday.', { headers: { 'x-auto-response-suppress': 'All' } })).toBe('promise_to_pay');
    expect(kind('I am out of the office until Monday. For bank details please contact ap@northwind.example.')).toBe('auto_reply');
    expect(kind('Thanks', { subject: 'Automatic reply: Payment reminder' })).toBe('auto_reply');
    expect(kind('I was out of the office last week, sorry. We will pay on Friday.')).toBe('promise_to_pay');
  });

  it('German, French and Spanish replies', () => {
    expect(classifyBillingReply(reply('Wir werden die Rechnung Nr. 4567 bis Ende des Monats überweisen.'))).toMatchObject({ kind: 'promise_to_pay', promisedDate: '2026-12-31', invoiceNumbers: ['INV-004567', 'INV-000777'] });
    expect(kind('Nous contestons la facture n° 000789, le prix est incorrect.')).toBe('dispute');
    expect(kind('Por favor envíenos una copia de la factura 321.')).toBe('invoice_copy_request');
    expect(kind('Merci de nous transmettre votre RIB.')).toBe('payment_instructions_request');
    expect(kind('Bitte teilen Sie uns Ihre Bankverbindung mit.')).toBe('payment_instructions_request');
    expect(kind('Die Zahlung wurde heute überwiesen.')).toBe('remittance_advice');
    expect(kind('Ich bin bis zum 04.01.2027 nicht im Büro.', { subject: 'Abwesenheitsnotiz: Zahlungserinnerung' })).toBe('auto_reply');
    expect(classifyBillingReply(reply('El pago se realizará el 18 de diciembre.')).promisedDate).toBe('2026-12-18');
  });
});

describe('values', () => {
  it('dates: weekdays, "next", day of month, month end, offsets, numeric dates disambiguated by value', () => {
    const at = (s: string, opts = {}) => resolveDate(s, WED, opts);
    expect(at('Friday')).toBe('2026-12-04'); // the coming one
    expect(at('next Friday')).toBe('2026-12-11'); // the one in the following week
    expect(at('by the 15th')).toBe('2026-12-15');
    expect(at('by the 1st')).toBe('2027-01-01');
    expect(at('end of month')).toBe('2026-12-31');
    expect(at('in 2 weeks')).toBe('2026-12-16');
    expect(at('15/01/2027')).toBe('2027-01-15');
    expect(at('01/15/2027')).toBe('2027-01-15');
    expect(at('03/04/2027')).toBe('2027-03-04'); // ambiguous: month first (a US desk)…
    expect(at('03/04/2027', { dayFirst: true })).toBe('2027-04-03'); // …day first in German/French/Spanish text
    expect(at('am 15.01.2027')).toBe('2027-01-15');
    expect(at('January 8')).toBe('2027-01-08');
    expect(at('fin du mois')).toBe('2026-12-31');
    expect(at('vendredi prochain')).toBe('2026-12-04');
    expect(at('we will look at it')).toBeUndefined();
  });

  it('amounts in integer minor units, whatever the separators', () => {
    const one = (s: string) => statedAmount(findAmounts(s.toLowerCase()));
    expect(one('we paid 1,234.50 USD')).toBe(123450);
    expect(one('$1.234,50')).toBe(123450);
    expect(one('USD 1234.5')).toBe(123450);
    expect(one('1 234,50 €')).toBe(123450);
    expect(one('the amount of 980.00')).toBe(98000);
    expect(one('$100.00 and $200.00, total $300.00')).toBe(30000);
    expect(one('$100.00 and $200.00')).toBeUndefined();
    expect(one('check #10234 for PO 4500123')).toBeUndefined();
    for (const a of findAmounts('$19.99 and 0.10 eur and 1,000,000.01 usd')) expect(Number.isInteger(a.minor)).toBe(true);
  });

  it('invoice references in our format, from the customer’s words and the subject, not the quote', () => {
    const refs = (s: string) => findInvoiceNumbers(s.toLowerCase()).map((f) => f.number);
    expect(refs('inv 123, Invoice #000124, INV000125 and INV-000126')).toEqual(['INV-000123', 'INV-000124', 'INV-000125', 'INV-000126']);
    expect(refs('invoices 123, 124 and 125')).toEqual(['INV-000123', 'INV-000124', 'INV-000125']);
    expect(refs('PO 4500123 dated 11/02/2026, check 5531')).toEqual([]);
    expect(classifyBillingReply(reply('Please send a copy of inv 55.')).invoiceNumbers).toEqual(['INV-000055', 'INV-000777']);
    expect(classifyBillingReply(reply('Thanks', { subject: 'Question' })).invoiceNumbers).toEqual([]); // INV-000777 is only in the quote
  });
});

describe('the labelled set', () => {
  it('is labelled well enough: accuracy at least 0.9 and no class below 0.85 precision (the bench prints the figures)', () => {
    const set = loadLabelledReplies();
    expect(set.length).toBeGreaterThanOrEqual(160);
    for (const k of KINDS) expect(set.filter((r) => r.expected.kind === k).length).toBeGreaterThanOrEqual(15);
    const s = score(set.map((r) => ({ id: r.id, expected: r.expected.kind, got: classifyBillingReply(r.input).kind })));
    expect(s.accuracy).toBeGreaterThanOrEqual(0.9);
    for (const k of KINDS) expect(s.perClass[k].precision, k).toBeGreaterThanOrEqual(0.85);
  });
});

describe('a month/day date at the end of a sentence', () => {
  it('is read: "on 12/15." is the 15th of December, "12/15.5" is not a date', async () => {
    const { findDates } = await import('../../parsers/reply-dates.js');
    const received = '2026-12-02T10:00:00Z';
    expect(findDates('we will pay on 12/15.', received).map((d) => d.date)).toContain('2026-12-15');
    expect(findDates('ratio 12/15.5 of the load', received).map((d) => d.date)).not.toContain('2026-12-15');
  });
});
