// Builds the order emails CSRs forward to the orders mailbox, as real RFC 822 messages (nodemailer's
// composer): a PO PDF forwarded inline, a customer's email forwarded as an attachment, an order typed
// in the body, and one with no order in it at all.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { renderPoPdf, type PoDocument, type PoLayout } from './po-pdf.js';
import { CSR_ADDRESS, ORDERS_ADDRESS } from './master-data.js';

export interface BuiltEmail { messageId: string; raw: Buffer }

async function build(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new Promise((resolve, reject) => new MailComposer(options).compile().build((err, message) => (err ? reject(err) : resolve(message))));
}

export function acmePo(poNumber: string): PoDocument {
  return {
    buyerCompany: 'Acme Fabrication Inc.', buyerAddress: ['100 Main St', 'Springfield, IL 62701'], customerNumber: 'C-1001',
    poNumber, orderDate: '11/20/2026', requestedDate: '12/05/2026',
    shipTo: ['Acme Fabrication Dock 3', '200 Industrial Way', 'Springfield, IL 62702'],
    lines: [
      { itemCode: 'WID-100', description: 'Steel widget, zinc plated', quantity: '250', uom: 'EA', unitPrice: '4.25', amount: '1,062.50' },
      { itemCode: 'AC-77812', description: 'Mounting bracket 2in', quantity: '1,000', uom: 'EA', unitPrice: '0.85', amount: '850.00' },
    ],
    total: '1,912.50', buyerName: 'Jane Buyer',
  };
}

/** A CSR forwards the customer's PO PDF with the customer's mail quoted inline below. */
export async function forwardedPdfOrder(po: PoDocument, opts: { messageId: string; layout?: PoLayout; customerEmail?: string; date?: Date }): Promise<BuiltEmail> {
  const pdf = await renderPoPdf(po, opts.layout ?? 'classic');
  const customer = opts.customerEmail ?? 'jane.buyer@acme.example';
  const raw = await build({
    from: `Carla Chen <${CSR_ADDRESS}>`, to: ORDERS_ADDRESS, subject: `Fwd: Purchase Order ${po.poNumber}`,
    messageId: opts.messageId, date: opts.date ?? new Date('2026-11-20T15:04:00Z'),
    text: `Please enter, thanks.\n\nCarla\n\n---------- Forwarded message ---------\nFrom: ${po.buyerName} <${customer}>\nDate: Fri, Nov 20, 2026 at 9:58 AM\nSubject: Purchase Order ${po.poNumber}\nTo: Carla Chen <${CSR_ADDRESS}>\n\nHi Carla, our PO ${po.poNumber} is attached.\n`,
    attachments: [{ filename: `PO_${po.poNumber}.pdf`, content: pdf, contentType: 'application/pdf' }],
  });
  return { messageId: opts.messageId, raw };
}

/** A CSR forwards the customer's email whole (message/rfc822), so the customer's Message-ID survives. */
export async function forwardedAsAttachmentOrder(opts: { messageId: string; customerMessageId: string; body: string; customerEmail: string; subject: string }): Promise<BuiltEmail> {
  const customerMail = await build({
    from: opts.customerEmail, to: CSR_ADDRESS, subject: opts.subject, messageId: opts.customerMessageId,
    date: new Date('2026-11-20T14:00:00Z'), text: opts.body,
  });
  const raw = await build({
    from: `Carla Chen <${CSR_ADDRESS}>`, to: ORDERS_ADDRESS, subject: `Fwd: ${opts.subject}`, messageId: opts.messageId,
    date: new Date('2026-11-20T15:10:00Z'), text: 'Order from Birch & Stone, forwarded as attachment.',
    attachments: [{ filename: 'order.eml', content: customerMail, contentType: 'message/rfc822' }],
  });
  return { messageId: opts.messageId, raw };
}

/** A CSR types an order the customer phoned in. */
export async function typedOrder(opts: { messageId: string; text: string; subject: string; from?: string }): Promise<BuiltEmail> {
  const raw = await build({
    from: opts.from ?? `Carla Chen <${CSR_ADDRESS}>`, to: ORDERS_ADDRESS, subject: opts.subject, messageId: opts.messageId,
    date: new Date('2026-11-20T16:00:00Z'), text: opts.text,
  });
  return { messageId: opts.messageId, raw };
}

/**
 * The demo mailbox's first contents: orders that flow (a PDF, a forwarded email, a typed phone order, an EDI
 * 850, an Order-X PDF, a CSV), one the desk has questions about, one over its customer's credit line, and one
 * with no order in it at all.
 */
export async function demoInbox(): Promise<{ name: string; email: BuiltEmail }[]> {
  const { structuredDemoInbox } = await import('./structured-pos.js');
  return [
    { name: '01-acme-po-pdf.eml', email: await forwardedPdfOrder(acmePo('4500012345'), { messageId: '<demo-acme-4500012345@arflow.test>' }) },
    {
      name: '02-birch-forwarded.eml', email: await forwardedAsAttachmentOrder({
        messageId: '<demo-birch-fwd@arflow.test>', customerMessageId: '<po-88231@birchstone.example>', customerEmail: 'Omar Haddad <omar@birchstone.example>',
        subject: 'PO 88231 - restock', body: 'Hello,\n\nPlease ship the following on PO 88231:\n\n- 40 x WID-200 stainless widgets\n- 12 x CBL-050 cable rolls\n- 5 boxes of FST-M8\n\nNeed by 12/10/2026.\n\nThanks,\nOmar',
      }),
    },
    {
      name: '03-cobalt-typed.eml', email: await typedOrder({
        messageId: '<demo-cobalt-phone@arflow.test>', subject: 'Phone order Cobalt Marine PO CM-5512',
        text: 'Phoned in by Lena Ortiz at Cobalt Marine Supply.\n\nCustomer #: C-1003\nPO Number: CM-5512\n\nGSK-310 x 60\nWID-100 x 100 @ 4.25\n',
      }),
    },
    {
      name: '04-no-po.eml', email: await typedOrder({
        messageId: '<demo-question@arflow.test>', subject: 'Question about lead times',
        text: 'Hi team, do we know the lead time on stainless widgets this month?\n\nCarla',
      }),
    },
    ...(await structuredDemoInbox()),
    {
      name: '08-birch-questions.eml', email: await typedOrder({
        messageId: '<demo-birch-questions@arflow.test>', subject: 'Birch & Stone order 88240',
        text: 'Customer #: C-1002\nPO Number: 88240\n\nWID-2OO x 25\nCBL-050 x 4 @ 35.00\n',
      }),
    },
    {
      name: '09-cobalt-credit-hold.eml', email: await typedOrder({
        messageId: '<demo-cobalt-big@arflow.test>', subject: 'Cobalt Marine stock order CM-5600',
        text: 'Customer #: C-1003\nPO Number: CM-5600\n\nWID-200 x 1200\n',
      }),
    },
  ];
}

/** Someone answers one of the desk's emails from their mail client: threaded on it, the original quoted below. */
export async function replyTo(original: { messageId: string; references?: string[]; subject: string; text?: string }, opts: { messageId: string; from: string; text: string; attachments?: { filename: string; content: Buffer; contentType: string }[] }): Promise<BuiltEmail> {
  const quoted = (original.text ?? '').split('\n').map((l) => `> ${l}`).join('\n');
  const raw = await build({
    from: opts.from, to: ORDERS_ADDRESS, subject: /^re:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`,
    messageId: opts.messageId, inReplyTo: original.messageId, references: [...(original.references ?? []), original.messageId],
    date: new Date('2026-11-21T09:30:00Z'),
    text: `${opts.text}\n\nOn Fri, Nov 20, 2026 at 4:05 PM Northwind orders <${ORDERS_ADDRESS}> wrote:\n${quoted}\n`,
    attachments: opts.attachments,
  });
  return { messageId: opts.messageId, raw };
}
