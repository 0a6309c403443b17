// What the desk does with mail it cannot use and with the same mail twice: nothing is lost, nothing is
// done twice, and the sender hears exactly why.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acmePo, forwardedPdfOrder, typedOrder } from '../../demo/emails.js';
import { renderPoPdf } from '../../demo/po-pdf.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('bad_mail'); });
afterAll(async () => { await desk?.stop(); });
beforeEach(async () => { await desk.emptyMailboxes(); });

const build = (options: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Buffer>((resolve, reject) => new MailComposer(options).compile().build((e, m) => (e ? reject(e) : resolve(m))));

async function quarantined(messageId: string) {
  return eventually(async () => {
    const row = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: messageId } });
    return row?.status === 'quarantined' ? row : undefined;
  }, `message ${messageId} to be quarantined`);
}

describe('mail that cannot become an order', () => {
  it('with no PO in it is kept, filed in Quarantine, and the CSR is told why in a threaded reply', async () => {
    const id = `<no-po-${uniqueSuffix()}@arflow.test>`;
    const email = await typedOrder({ messageId: id, subject: 'Lead times?', text: 'Hi team, what is the lead time on stainless widgets?\n\nCarla' });
    await desk.send(email.raw);
    const row = await quarantined(id);
    expect(row.quarantineCode).toBe('no_purchase_order');
    expect(row.quarantineReason).toContain('no attachment and its body has no PO number or order lines');
    expect(row.raw.length).toBeGreaterThan(email.raw.length - 1); // kept whole (plus delivery headers)
    const notice = await eventually(async () => (await desk.messages('catchall')).find((m) => m.inReplyTo === id), 'the notice to the CSR');
    expect(notice.to && !Array.isArray(notice.to) ? notice.to.value[0]?.address : '').toBe('carla.csr@arflow.test');
    expect(notice.subject).toBe('Not entered: Lead times?');
    expect(notice.text).toContain('no attachment and its body has no PO number or order lines');
    expect(notice.text).toContain(row.dedupeKey);
    await eventually(async () => (await desk.messages('orders', 'Quarantine')).some((m) => m.messageId === id), 'the message in the Quarantine folder');
    expect(await desk.db.order.count({ where: { inboundMessageId: row.id } })).toBe(0);
  });

  it('from a stranger is quarantined without a notice: a Reply-To could be anyone\'s address', async () => {
    const id = `<stranger-${uniqueSuffix()}@elsewhere.example>`;
    const raw = await build({ from: 'promo@elsewhere.example', replyTo: 'victim@target.example', to: 'orders@arflow.test', subject: 'Cheap watches', messageId: id, text: 'Buy now!' });
    await desk.send(raw);
    const row = await quarantined(id);
    expect(row.quarantineCode).toBe('no_purchase_order');
    await eventually(async () => (await desk.messages('orders', 'Quarantine')).some((m) => m.messageId === id), 'the message in Quarantine');
    expect(await desk.db.outboundMessage.count({ where: { inReplyTo: id } })).toBe(0);
  });

  it('from a customer we do not know names what was tried', async () => {
    const po = `77${uniqueSuffix()}`;
    const doc = { ...acmePo(po), buyerCompany: 'Zenith Tools GmbH', customerNumber: undefined };
    const email = await forwardedPdfOrder(doc, { messageId: `<unknown-${po}@arflow.test>`, customerEmail: 'buyer@zenith.example' });
    await desk.send(email.raw);
    const row = await quarantined(email.messageId);
    expect(row.quarantineCode).toBe('unknown_customer');
    expect(row.quarantineReason).toBe('No customer on file matches the sender buyer@zenith.example, company name "Zenith Tools GmbH".');
  });

  it('with a damaged PDF says which attachment and why, and keeps the document', async () => {
    const id = `<damaged-${uniqueSuffix()}@arflow.test>`;
    const pdf = await renderPoPdf(acmePo('123456'));
    const raw = await build({
      from: 'Carla Chen <carla.csr@arflow.test>', to: 'orders@arflow.test', subject: 'Fwd: PO', messageId: id, text: 'Please enter.',
      attachments: [{ filename: 'PO_123456.pdf', content: pdf.subarray(0, 600), contentType: 'application/pdf' }],
    });
    await desk.send(raw);
    const row = await quarantined(id);
    expect(row.quarantineCode).toBe('unreadable_document');
    expect(row.quarantineReason).toMatch(/^PO_123456\.pdf cannot be read: /);
    const docs = await desk.db.inboundDocument.findMany({ where: { messageId: row.id } });
    expect(docs.map((d) => [d.filename, d.size])).toEqual([['PO_123456.pdf', 600]]);
  });
});

describe('the same PO or the same message twice', () => {
  it('a second delivery of the same Message-ID does nothing: one order, one acknowledgement', async () => {
    const po = `46${uniqueSuffix()}`;
    const email = await forwardedPdfOrder(acmePo(po), { messageId: `<twice-${po}@arflow.test>` });
    await desk.send(email.raw);
    await desk.send(email.raw);
    await eventually(async () => (await desk.messages('catchall')).some((m) => m.subject?.includes(po)), 'the acknowledgement');
    const inbound = await desk.db.inboundMessage.findFirstOrThrow({ where: { messageIdHeader: email.messageId } });
    await eventually(async () => (await desk.db.auditEvent.count({ where: { action: 'duplicate_delivery_ignored', subjectId: inbound.id } })) === 1, 'the duplicate delivery to be recorded');
    await eventually(async () => (await desk.messages('orders', 'INBOX')).length === 0, 'both copies out of the inbox');
    expect(await desk.db.inboundMessage.count({ where: { messageIdHeader: email.messageId } })).toBe(1);
    expect(await desk.db.order.count({ where: { poNumber: po } })).toBe(1);
    expect((await desk.messages('catchall')).filter((m) => m.subject?.includes(po))).toHaveLength(1);
  });

  it('the same PO number in a new email is quarantined as a duplicate PO, not entered twice', async () => {
    const po = `47${uniqueSuffix()}`;
    const first = await forwardedPdfOrder(acmePo(po), { messageId: `<first-${po}@arflow.test>` });
    await desk.send(first.raw);
    await eventually(async () => (await desk.messages('catchall')).some((m) => m.subject?.includes(po)), 'the first acknowledgement');
    const second = await forwardedPdfOrder(acmePo(po), { messageId: `<second-${po}@arflow.test>`, layout: 'boxed-header' });
    await desk.send(second.raw);
    const row = await quarantined(second.messageId);
    expect(row.quarantineCode).toBe('duplicate_po');
    expect(row.quarantineReason).toContain(`PO ${po} from Acme Fabrication Inc. (C-1001) was already entered`);
    expect(await desk.db.order.count({ where: { poNumber: po } })).toBe(1);
  });
});

describe('automatic mail in the orders mailbox', () => {
  it('an out-of-office reply is recorded and filed, and gets no reply', async () => {
    const id = `<ooo-${uniqueSuffix()}@acme.example>`;
    const raw = await build({
      from: 'Jane Buyer <jane.buyer@acme.example>', to: 'orders@arflow.test', subject: 'Automatic reply: Order acknowledgement: your PO 4500012345',
      messageId: id, headers: { 'Auto-Submitted': 'auto-replied' }, text: 'I am out of the office until Monday.',
    });
    await desk.send(raw);
    const row = await eventually(async () => { const r = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: id } }); return r?.status === 'ignored' ? r : undefined; }, 'the auto-reply to be recorded as ignored');
    expect(row.quarantineReason).toContain('An automatic reply');
    await eventually(async () => (await desk.messages('orders', 'Processed')).some((m) => m.messageId === id), 'the auto-reply filed in Processed');
    expect(await desk.db.outboundMessage.count({ where: { inReplyTo: id } })).toBe(0);
  });

  it('a bounce of our own mail is quarantined for a person, without a reply to the mailer daemon', async () => {
    const id = `<bounce-${uniqueSuffix()}@mx.acme.example>`;
    const raw = await build({
      from: 'Mail Delivery System <MAILER-DAEMON@mx.acme.example>', to: 'orders@arflow.test', subject: 'Undeliverable: Order acknowledgement: your PO 4500012345',
      messageId: id, text: 'Your message to jane.buyer@acme.example could not be delivered: mailbox full.',
    });
    await desk.send(raw);
    const row = await quarantined(id);
    expect(row.quarantineCode).toBe('bounce');
    expect(row.quarantineReason).toContain('a message we sent did not arrive');
    expect(await desk.db.outboundMessage.count({ where: { inReplyTo: id } })).toBe(0);
  });
});
