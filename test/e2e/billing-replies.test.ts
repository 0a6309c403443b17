// Customers' replies to an invoice on the real stack: an Acme order ships and is invoiced, then replies
// arrive in the billing mailbox (Dovecot) on the invoice's thread. A promise from Acme's AP contact pauses
// collections; a dispute of part of it is recorded and the sales rep told; copies and the W-9 go out by
// themselves; a stranger's "dispute" changes nothing and goes to a person with the original attached.
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { orderReference } from '../../activities/outbox.js';
import { acmeShipment } from '../../demo/shipment-docs.js';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import { addDays } from '../../domain/invoicing.js';
import { collectionsQuery } from '../../workflows/collections.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { recordHistory } from '../support/histories.js';
import { acknowledgedAcmeOrder, addresses, buildEmail, mailPackingSlip, pdfText } from '../support/shipping.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('billing_replies'); });
afterAll(async () => { await desk?.stop(); });
beforeEach(async () => { await desk.emptyMailboxes(); });

/** An Acme invoice, issued and under collections: its number, open amount and the Message-ID of the email it went in. */
async function issuedInvoice() {
  const { po, order } = await acknowledgedAcmeOrder(desk);
  const slip = { ...acmeShipment(orderReference(order.id)), poNumber: po, packingSlipNumber: `PS-${uniqueSuffix()}` };
  await mailPackingSlip(desk, slip, `<slip-${po}@arflow.test>`);
  const invoice = await eventually(async () => { const i = await desk.db.invoice.findFirst({ where: { orderId: order.id } }); return i?.status === 'issued' ? i : undefined; }, 'the invoice issued');
  const mail = await desk.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: `invoice:${invoice.id}` } });
  await eventually(async () => (await collections().query(collectionsQuery).catch(() => undefined))?.invoices.some((i) => i.number === invoice.number), 'the invoice under collections');
  return { po, invoice, invoiceMessageId: mail.messageIdHeader };
}

const collections = () => desk.temporal.workflow.getHandle(collectionsWorkflowId('C-1001'));

async function reply(from: string, inReplyTo: string, subject: string, text: string) {
  const messageId = `<reply-${uniqueSuffix()}@acme.example>`;
  await desk.send(await buildEmail({ from, to: 'billing@arflow.test', subject, messageId, inReplyTo, references: [inReplyTo], text }), 'billing@arflow.test');
  return eventually(async () => { const m = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: messageId } }); return m && m.status !== 'received' ? m : undefined; }, `the reply ${subject} handled`);
}

const inTenDays = () => addDays(new Date().toISOString().slice(0, 10), 10);
const spelled = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

describe('a reply to an invoice', () => {
  it("from Acme's AP contact promising a date pauses collections until then; a stranger's dispute changes nothing and goes to a person", async () => {
    const { invoice, invoiceMessageId } = await issuedInvoice();
    const promised = inTenDays();
    const handled = await reply('Acme Accounts Payable <ap@acme.example>', invoiceMessageId, `RE: Invoice ${invoice.number}`, `Hi,\n\nThis is approved and we will pay it on ${spelled(promised)}.\n\nThanks,\nMaria\n\n> Please find our invoice ${invoice.number}`);
    expect(handled.status).toBe('billing_reply_applied');
    expect(handled.quarantineReason).toBe(`promise to pay ${invoice.number} by ${promised}: reminders paused`);
    const state = await collections().query(collectionsQuery);
    expect(state.invoices.find((i) => i.number === invoice.number)?.promisedUntil).toBe(promised);
    expect(await desk.db.collectionNote.count({ where: { text: { startsWith: `Promise to pay ${invoice.number} by ${promised}` } } })).toBe(1);

    const stranger = await reply('Someone <someone@freemail.example>', invoiceMessageId, `RE: Invoice ${invoice.number}`, `We dispute invoice ${invoice.number}: the widgets arrived damaged, we will not pay it.`);
    expect(stranger.status).toBe('billing_reply_review');
    expect(stranger.quarantineReason).toMatch(/someone@freemail\.example is not a known contact of C-1001/);
    expect((await collections().query(collectionsQuery)).invoices.find((i) => i.number === invoice.number)?.disputedMinor).toBe(0);
    expect(await desk.db.dispute.count({ where: { invoiceId: invoice.id } })).toBe(0);
    const forPerson = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject === `To read: reply from someone@freemail.example "RE: Invoice ${invoice.number}"`), 'the reply put in front of a person');
    expect(forPerson.text).toMatch(/not a known contact of C-1001/);
    // The original rides along whole (mailparser unfolds message/rfc822 parts, so look at the source).
    const source = forPerson.source.toString('latin1');
    expect(source).toMatch(/Content-Type: message\/rfc822;?\s+name=original\.eml/i);
    expect(source).toContain('the widgets arrived damaged');

    const id = (await desk.db.inboundMessage.findUniqueOrThrow({ where: { id: handled.id } })).workflowId;
    const history = await desk.temporal.workflow.getHandle(id).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, history, id);
    recordHistory('inbound-email-billing-reply', history);
  });

  it('from the contact disputing part of it records the dispute, tells the sales rep, and chases only the rest', async () => {
    const { invoice, invoiceMessageId } = await issuedInvoice();
    const handled = await reply('ap@acme.example', invoiceMessageId, `RE: Invoice ${invoice.number}`, `We dispute $120.00 on ${invoice.number}: three brackets arrived damaged. Please send a credit memo.`);
    expect(handled.status).toBe('billing_reply_applied');
    const dispute = await desk.db.dispute.findFirstOrThrow({ where: { invoiceId: invoice.id } });
    expect(dispute.amountMinor).toBe(12_000n);
    expect((await desk.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe('disputed');
    expect((await collections().query(collectionsQuery)).invoices.find((i) => i.number === invoice.number)).toMatchObject({ disputedMinor: 12_000, openMinor: Number(invoice.openMinor) });
    const toRep = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject === `Dispute: ${invoice.number} of Acme Fabrication Inc., 120.00 USD`), 'the sales rep told');
    expect(addresses(toRep.to)).toEqual(['sam.reyes@arflow.test']);
  });

  it('asking for a copy and for the W-9 gets them by return, in the thread, from the billing address', async () => {
    const { invoice, invoiceMessageId, po } = await issuedInvoice();
    const copyRequest = await reply('ap@acme.example', invoiceMessageId, `RE: Invoice ${invoice.number}`, `Hello, could you please resend a copy of invoice ${invoice.number}? We cannot find it in our system.`);
    expect(copyRequest.status).toBe('billing_reply_applied');
    const copy = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject?.startsWith(`Re: Copy of invoice ${invoice.number}`)), 'the copy');
    expect([copy.from?.value[0]?.address, addresses(copy.to), copy.inReplyTo]).toEqual(['billing@arflow.test', ['ap@acme.example'], copyRequest.messageIdHeader]);
    const pdf = copy.attachments.find((a) => a.filename === `Invoice-${invoice.number}.pdf`);
    expect(await pdfText(pdf!.content)).toContain(po);

    const w9Request = await reply('ap@acme.example', invoiceMessageId, 'W-9 needed', 'Before we can release payment our vendor team needs your current W-9 form. Please send it.');
    expect(w9Request.status).toBe('billing_reply_applied');
    const packet = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject === 'Re: Northwind Components W-9 and payment instructions'), 'the W-9 packet');
    expect(packet.attachments.map((a) => a.filename)).toEqual(['Northwind-Components-W-9.pdf']);
    expect(packet.text).toContain('Lockbox 4410');
    expect(await desk.db.outboundMessage.count({ where: { kind: 'w9_packet', customerId: (await desk.db.customer.findUniqueOrThrow({ where: { number: 'C-1001' } })).id } })).toBeGreaterThanOrEqual(1);
  });
});
