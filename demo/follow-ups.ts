// The rest of the demo story, told as the mail would arrive in real life: once Acme's PDF order
// (PO 4500012345) is acknowledged, the warehouse mails its packing slip; once the invoice for it is
// issued, Acme's accounts payable replies on the invoice's thread, asking for a copy and, in a second
// email, promising a date; then the bank's BAI2 file brings Acme's ACH and a stranger's wire. A newcomer
// sees the shipment invoiced, the copy sent, collections paused, the invoice paid, one payment for a person.
// Runs once per ARFLOW_HOME (a marker file), only on the embedded demo, and stops with arflow.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Db } from '../db/client.js';
import { orderReference } from '../activities/outbox.js';
import { addDays } from '../domain/invoicing.js';
import { acmeShipment, renderPackingSlipPdf } from './shipment-docs.js';
import { demoBankFile } from './bank-file.js';

const DEMO_PO = '4500012345';

const build = (options: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Buffer>((resolve, reject) => new MailComposer(options).compile().build((e, m) => (e ? reject(e) : resolve(m))));

export async function playDemoFollowUps(input: { db: Db; home: string; ordersIncoming: string; billingIncoming: string; remitIncoming: string; signal: AbortSignal; log: (line: string) => void }): Promise<void> {
  const marker = join(input.home, '.demo-follow-ups-delivered');
  if (existsSync(marker)) return;
  const until = async <T>(probe: () => Promise<T | undefined | null>): Promise<T | undefined> => {
    while (!input.signal.aborted) {
      const value = await probe();
      if (value) return value;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    return undefined;
  };

  const order = await until(() => input.db.order.findFirst({ where: { poNumber: DEMO_PO, status: 'acknowledged' } }));
  if (!order) return;
  const slip = { ...acmeShipment(orderReference(order.id)), shippedAt: new Date().toISOString().slice(0, 10) };
  writeFileSync(join(input.ordersIncoming, '10-acme-packing-slip.eml'), await build({
    from: 'Warehouse <warehouse@arflow.test>', to: 'orders@arflow.test', subject: `Shipped: ${slip.packingSlipNumber}`, messageId: '<demo-acme-slip@arflow.test>',
    text: 'Packing slip attached.', attachments: [{ filename: `${slip.packingSlipNumber}.pdf`, content: await renderPackingSlipPdf(slip), contentType: 'application/pdf' }],
  }));
  input.log('demo       the warehouse mailed the packing slip for Acme PO 4500012345');

  const invoice = await until(() => input.db.invoice.findFirst({ where: { orderId: order.id, status: 'issued' } }));
  if (!invoice) return;
  const sent = await input.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: `invoice:${invoice.id}` } });
  const reply = (n: number, text: string) => build({
    from: 'Acme Accounts Payable <ap@acme.example>', to: 'ar@arflow.test', subject: `RE: ${sent.subject}`, messageId: `<demo-acme-ap-${n}@acme.example>`,
    inReplyTo: sent.messageIdHeader, references: [sent.messageIdHeader], text,
  });
  const promised = new Date(`${addDays(new Date().toISOString().slice(0, 10), 14)}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  writeFileSync(join(input.billingIncoming, '11-acme-copy-request.eml'), await reply(1, `Hello,\n\nCould you please resend a copy of invoice ${invoice.number}? It did not come through to our AP system.\n\nThanks,\nMaria Lopez\nAcme Fabrication Accounts Payable`));
  writeFileSync(join(input.billingIncoming, '12-acme-promise.eml'), await reply(2, `Hi,\n\nInvoice ${invoice.number} is approved and will be paid on ${promised}.\n\nMaria`));
  input.log(`demo       Acme's AP replied to invoice ${invoice.number}: a copy request and a promise to pay`);

  // The next morning's bank file: Acme's ACH for the invoice, and a wire from a payer nobody knows.
  const replied = await until(async () => (await input.db.inboundMessage.count({ where: { mailbox: 'billing', status: { in: ['billing_reply_applied', 'billing_reply_review'] } } })) >= 2 || undefined);
  if (!replied) return;
  const today = new Date().toISOString().slice(0, 10);
  writeFileSync(join(input.remitIncoming, '13-bank-prior-day.eml'), await build({
    from: 'First National Bank <reports@firstnational.example>', to: 'remit@arflow.test', subject: `Prior day report ${today}`, messageId: '<demo-bai2@firstnational.example>',
    text: 'Your prior day BAI2 report is attached.', attachments: [{ filename: `BAI2-${today}.txt`, content: demoBankFile(today, invoice.number, Number(invoice.totalMinor)), contentType: 'text/plain' }],
  }));
  writeFileSync(marker, new Date().toISOString());
  input.log(`demo       the bank's BAI2 file arrived: Acme's ACH for ${invoice.number}, and a wire nobody recognises`);
}
