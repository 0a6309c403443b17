// A customer's reply in the billing mailbox: read it, find its customer and invoices (by the email it
// answers, else by who sent it), decide what it asks (domain/billing-reply-routing.ts), and the answers
// that need no judgement: invoice copies and the W-9 packet, in the customer's thread. What a person must
// read goes to the billing desk with the original attached and the reason.
import type { Db } from '../db/client.js';
import { decideBillingReply, type BillingReplyAction } from '../domain/billing-reply-routing.js';
import { emailDomain } from '../domain/master-data.js';
import { renderEmail } from '../mail/templates.js';
import { classifyBillingReply, type BillingReplyClassification } from '../parsers/billing-reply.js';
import { parseEmail } from '../parsers/email.js';
import { invoiceDocument, loadInvoiceForDocument } from './invoices.js';
import { billingDeskAddresses } from './billing-desk.js';
import { storeOutbound } from './outbound-store.js';
import { w9PacketContent } from './w9-packets.js';
import type { PdfRenderer } from '../documents/pdf-renderer.js';
import type { DeskSettings } from './settings.js';

export interface BillingReplyReading {
  from: string;
  subject: string;
  customerNumber: string | null;
  read: Pick<BillingReplyClassification, 'kind' | 'confidence' | 'invoiceNumbers' | 'promisedDate' | 'amountMinor' | 'reasons'>;
  action: BillingReplyAction;
}

const OPEN = ['issued', 'partially_paid', 'disputed'] as const;
/** Mail providers anyone can sign up to: an address there says nothing about which company it belongs to. */
const FREEMAIL = new Set(['gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 'mail.com', 'zoho.com', 'yandex.com', 'yandex.ru', 'free.fr', 'orange.fr', 'laposte.net', 'libero.it', 'qq.com', '163.com']);
export const isFreemail = (address: string) => FREEMAIL.has(emailDomain(address));
const INVOICE_NUMBER = /\bINV-\d{4,}\b/g;

export function createBillingReplyActivities({ db, settings, pdf }: { db: Db; settings: DeskSettings; pdf?: PdfRenderer }) {
  const billingAddress = settings.billingAddress ?? settings.ordersAddress;

  async function load(inboundId: string) {
    const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
    return { message, email: await parseEmail(Buffer.from(message.raw)) };
  }

  /** The reply's thread: the reply's own references back to our email, the customer it went to, the invoices it named. */
  async function threadOf(inReplyTo: string | undefined, references: string[]) {
    const ids = [...new Set([inReplyTo, ...references].filter((x): x is string => !!x))];
    if (ids.length === 0) return undefined;
    const ours = await db.outboundMessage.findMany({ where: { messageIdHeader: { in: ids }, customerId: { not: null } }, orderBy: { createdAt: 'desc' } });
    const latest = ours[0];
    if (!latest) return undefined;
    return { customerId: latest.customerId!, invoices: [...new Set(latest.subject.concat('\n', latest.textBody).match(INVOICE_NUMBER) ?? [])] };
  }

  async function thread(inboundId: string) {
    const { email } = await load(inboundId);
    // Answers go to the sender the decision was made about, never to a Reply-To it did not vouch for.
    return { inReplyTo: email.messageId ?? undefined, references: [...email.references, ...(email.messageId ? [email.messageId] : [])], to: email.from };
  }

  return {
    async readBillingReply(inboundId: string): Promise<BillingReplyReading> {
      const { message, email } = await load(inboundId);
      // Who it is, for anything that changes state, is the From address: a Reply-To is anyone's to write.
      const from = (email.from ?? '').toLowerCase();
      const read = classifyBillingReply({ subject: email.subject, text: email.text, html: null, receivedAt: message.receivedAt.toISOString() });
      const fromThread = await threadOf(email.inReplyTo, email.references);
      const customer = fromThread
        ? await db.customer.findUnique({ where: { id: fromThread.customerId }, include: { contacts: true } })
        : await db.customer.findFirst({ where: { OR: [{ contacts: { some: { email: { equals: from, mode: 'insensitive' } } } }, ...(isFreemail(from) ? [] : [{ emailDomains: { has: emailDomain(from) } }])] }, include: { contacts: true } });
      const openInvoices = customer ? await db.invoice.findMany({ where: { customerId: customer.id, status: { in: [...OPEN] } }, orderBy: { dueDate: 'asc' } }) : [];
      const action = decideBillingReply({
        classification: read, from,
        customer: customer ? { number: customer.number, name: customer.name, openInvoices: openInvoices.map((i) => ({ number: i.number, openMinor: Number(i.openMinor) })) } : undefined,
        senderIsContact: !!customer?.contacts.some((c) => c.email.toLowerCase() === from),
        senderAtCustomerDomain: !isFreemail(from) && !!customer?.emailDomains.includes(emailDomain(from)),
        threadInvoices: fromThread?.invoices ?? [],
      });
      return { from, subject: email.subject, customerNumber: customer?.number ?? null, read: { kind: read.kind, confidence: read.confidence, invoiceNumbers: read.invoiceNumbers, promisedDate: read.promisedDate, amountMinor: read.amountMinor, reasons: read.reasons }, action };
    },

    /** What became of the reply, on the message and the customer's collection notes. */
    async recordBillingReply(inboundId: string, outcome: { status: 'billing_reply_applied' | 'billing_reply_review' | 'ignored'; what: string; customerNumber: string | null }): Promise<void> {
      const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
      if (message.status === outcome.status) return;
      const customer = outcome.customerNumber ? await db.customer.findUnique({ where: { number: outcome.customerNumber } }) : null;
      await db.$transaction([
        db.inboundMessage.update({ where: { id: inboundId }, data: { status: outcome.status, quarantineReason: outcome.what } }),
        ...(customer ? [db.collectionNote.create({ data: { customerId: customer.id, author: message.fromAddress ?? 'unknown sender', text: `Reply "${message.subject ?? ''}": ${outcome.what}` } })] : []),
        db.auditEvent.create({ data: { actor: 'system:billing-replies', action: outcome.status, subjectType: 'inbound_message', subjectId: inboundId, data: { what: outcome.what, customer: outcome.customerNumber } } }),
      ]);
    },

    /** Copies of the invoices asked for, with their PDFs, to whoever asked, in their thread. */
    async composeInvoiceCopies(inboundId: string, invoiceNumbers: string[]): Promise<{ outboundId: string }> {
      const t = await thread(inboundId);
      const documents = [];
      for (const number of invoiceNumbers) {
        const invoice = await loadInvoiceForDocument(db, { number });
        documents.push({ invoice, ...(await invoiceDocument(db, settings, pdf, invoice, 'Accounts Payable')) });
      }
      const first = documents[0]!;
      const rendered = renderEmail('invoice', first.context);
      const list = documents.map((d) => `${d.invoice.number} (PO ${d.invoice.order?.poNumber ?? '—'}), ${d.context.invoice.total}, due ${d.context.invoice.dueDate}`);
      const notice = renderEmail('desk-notice', {
        company: { name: settings.companyName, team: 'accounts receivable' }, subject: `Copy of ${invoiceNumbers.join(', ')}`,
        paragraphs: [`As you asked, ${documents.length > 1 ? 'copies of these invoices are' : 'a copy of this invoice is'} attached:`], items: list,
        action: 'How to pay us: ' + first.context.company.remitTo.join(' · '),
      });
      return storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey: `invoice-copy:${inboundId}`, kind: 'invoice_copy', from: billingAddress, to: t.to ? [t.to] : [], subject: `Re: ${rendered.subject.replace(/^Invoice /, 'Copy of invoice ')}`,
        text: notice.text, html: notice.html, inReplyTo: t.inReplyTo, references: t.references,
        customerId: first.invoice.customerId, attachments: documents.flatMap((d) => d.attachments),
      });
    },

    /** Our W-9 and how to pay us, to whoever asked. Without a W-9 on file, nothing is sent: a person must. */
    async composeW9Packet(inboundId: string, customerNumber: string): Promise<{ outboundId?: string; missing?: string }> {
      if (!settings.w9Pdf) return { missing: 'no W-9 is on file (set ARFLOW_W9_PDF to the signed form)' };
      const t = await thread(inboundId);
      const customer = await db.customer.findUniqueOrThrow({ where: { number: customerNumber } });
      const { rendered: notice, attachments } = w9PacketContent(settings, 'requested');
      return storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey: `w9-packet:${inboundId}`, kind: 'w9_packet', from: billingAddress, to: t.to ? [t.to] : [], subject: `Re: ${settings.companyName} W-9 and payment instructions`,
        text: notice.text, html: notice.html, inReplyTo: t.inReplyTo, references: t.references,
        customerId: customer.id, attachments,
      });
    },

    /** A reply a person must read, to the billing desk with why, what arflow made of it, and the original attached. */
    async composeReplyForReview(inboundId: string, reading: BillingReplyReading, reason: string): Promise<{ outboundId: string }> {
      const { message } = await load(inboundId);
      const notice = renderEmail('desk-notice', {
        company: { name: settings.companyName, team: 'accounts receivable' }, subject: `To read: reply from ${reading.from} "${reading.subject}"`,
        paragraphs: [`A reply to our billing mail needs a person: ${reason}.`, `arflow read it as ${reading.read.kind.replace(/_/g, ' ')} (confidence ${reading.read.confidence.toFixed(2)})${reading.customerNumber ? ` from customer ${reading.customerNumber}` : ''}, and changed nothing.`],
        items: reading.read.reasons, action: 'The original message is attached.',
      });
      const customer = reading.customerNumber ? await db.customer.findUnique({ where: { number: reading.customerNumber } }) : null;
      return storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey: `billing-review:${inboundId}`, kind: 'billing_reply_review', from: billingAddress, to: await billingDeskAddresses(db, settings), subject: notice.subject, text: notice.text, html: notice.html,
        customerId: customer?.id ?? null, attachments: [{ filename: 'original.eml', contentType: 'message/rfc822', content: new Uint8Array(message.raw) }],
      });
    },
  };
}
