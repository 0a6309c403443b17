// Composes the desk's outgoing emails and stores each in the outbox table under an idempotency key,
// before any send is tried. Composing twice returns the stored message; it is never written anew.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { acknowledgementPdfFilename, acknowledgementRevision, renderAcknowledgementPdf, type AcknowledgementContext } from '../documents/order-acknowledgement.js';
import type { PdfRenderer } from '../documents/pdf-renderer.js';
import { BOUNCE_SENDER } from '../domain/inbound-classification.js';
import { emailDomain } from '../domain/master-data.js';
import type { QuarantineCode } from '../domain/order-intake.js';
import { formatMoney, formatQuantity, money } from '../domain/money.js';
import { renderEmail } from '../mail/templates.js';
import { parseEmail } from '../parsers/email.js';
import { findOutbound, storeOutbound } from './outbound-store.js';
import type { DeskSettings } from './settings.js';

const NOTICES_PER_ADDRESS_PER_DAY = 5;

/** How a notice names what happened: most quarantined mail is an order not entered, some is not an order at all. */
const QUARANTINE_OUTCOME: Partial<Record<QuarantineCode, { subject: string; sentence: string; retry: string }>> & { default: { subject: string; sentence: string; retry: string } } = {
  default: { subject: 'Not entered', sentence: 'The order you forwarded on {when} ("{subject}") was not entered', retry: "Reply to this email with the corrected order (or forward the customer's corrected PO) and it will be processed again." },
  unauthorised_reply: { subject: 'Not applied', sentence: 'Your reply of {when} ("{subject}") was not applied to the order', retry: 'Ask the person the questions went to, or a colleague, to answer them.' },
  stale_reply: { subject: 'Not applied', sentence: 'Your reply of {when} ("{subject}") was not applied to the order', retry: 'If the order needs a change, reply to its acknowledgement with what changed.' },
  vendor_invoice: { subject: 'Not an order', sentence: 'The message you forwarded on {when} ("{subject}") was not entered as an order', retry: 'Nothing more is needed from the order desk.' },
  unreadable_shipment: { subject: 'Shipment not recorded', sentence: 'The shipment confirmation of {when} ("{subject}") was not recorded', retry: 'Reply with a corrected packing slip or feed and it will be processed again.' },
  unmatched_shipment: { subject: 'Shipment not recorded', sentence: 'The shipment confirmation of {when} ("{subject}") was not recorded', retry: 'Reply with the packing slip showing our order reference (SO-…) or the customer PO number.' },
};

function noticeWords(code: QuarantineCode, subject: string, when: string) {
  const words = QUARANTINE_OUTCOME[code] ?? QUARANTINE_OUTCOME.default;
  return { outcome: { subject: words.subject, sentence: words.sentence.replace('{when}', when).replace('{subject}', subject), retry: words.retry } };
}

export function orderReference(orderId: string): string {
  return `SO-${orderId.slice(0, 8).toUpperCase()}`;
}

/** The acknowledgement of one revision of an order. Revision 1 keeps the key running workflows already used. */
export function acknowledgementKey(orderId: string, revision: number): string {
  return `order-ack:${orderId}:${revision}`;
}

export function createOutboxActivities({ db, settings, pdf }: { db: Db; settings: DeskSettings; pdf?: PdfRenderer }) {
  const existing = (idempotencyKey: string) => findOutbound(db, idempotencyKey);

  /** Threading: reply to the customer's own message when the CSR forwarded it whole, else to the forward. */
  async function threadOf(raw: Uint8Array) {
    const email = await parseEmail(Buffer.from(raw));
    const parent = email.forwarded?.messageId ?? email.messageId;
    const ancestry = email.forwarded?.messageId ? email.forwarded.references : email.references;
    return { email, inReplyTo: parent, references: parent ? [...ancestry, parent] : ancestry };
  }

  /** Our own domain, or a customer's contact or domain: the only addresses a notice may go to. */
  async function isKnownAddress(address: string): Promise<boolean> {
    const domain = emailDomain(address);
    if (domain === emailDomain(settings.ordersAddress)) return true;
    const customer = await db.customer.findFirst({ where: { OR: [{ emailDomains: { has: domain } }, { contacts: { some: { email: { equals: address, mode: 'insensitive' } } } }] }, select: { id: true } });
    return customer !== null;
  }

  return {
    /**
     * The acknowledgement of an order's revision (1 for the order as entered, higher after amendments),
     * with its PDF attached when a renderer is there. Message and attachment are stored together, once.
     */
    async composeOrderAcknowledgement(orderId: string, revision = 1): Promise<{ outboundId: string }> {
      const idempotencyKey = acknowledgementKey(orderId, revision);
      const found = await existing(idempotencyKey);
      if (found) return { outboundId: found };
      const order = await db.order.findUniqueOrThrow({
        where: { id: orderId },
        include: { lines: { orderBy: { lineNumber: 'asc' } }, customer: { include: { contacts: true, terms: true } }, salesRep: true, inboundMessage: true },
      });
      if (revision > order.revision) {
        throw ApplicationFailure.nonRetryable(`PO ${order.poNumber} is at revision ${order.revision}: revision ${revision} cannot be acknowledged before the amendment is recorded`, 'RevisionNotRecorded');
      }
      const thread = order.inboundMessage ? await threadOf(order.inboundMessage.raw) : undefined;
      const originalSender = thread?.email.forwarded?.from ?? thread?.email.from;
      // To the customer's order contacts; failing those, whoever sent the PO; failing that (an order a
      // CSR typed for a customer with no contacts), the CSR, who can pass it on.
      const orderContacts = order.customer.contacts.filter((c) => c.roles.includes('order'));
      const senderContact = order.customer.contacts.find((c) => c.email.toLowerCase() === originalSender);
      const fallback = originalSender ?? thread?.email.from;
      const to = orderContacts.length ? orderContacts
        : senderContact ? [senderContact]
        : fallback ? [{ name: thread?.email.forwarded ? 'customer' : 'colleague', email: fallback }] : [];
      if (to.length === 0) {
        throw ApplicationFailure.nonRetryable(`PO ${order.poNumber} of ${order.customer.number} has no one to acknowledge it to: no order contact and no sender`, 'NoOrderContact');
      }
      const m = (minor: bigint) => formatMoney(money(Number(minor), order.currency));
      const context: AcknowledgementContext = {
        company: { name: settings.companyName, ordersAddress: settings.ordersAddress },
        customer: { name: order.customer.name, number: order.customer.number },
        contact: { name: to[0]!.name },
        salesRep: order.salesRep ? { name: order.salesRep.name, email: order.salesRep.email } : null,
        document: acknowledgementRevision(revision, new Date()),
        order: {
          poNumber: order.poNumber, reference: orderReference(order.id), revision,
          orderDate: order.orderDate?.toISOString().slice(0, 10) ?? null,
          requestedShipDate: order.requestedShipDate?.toISOString().slice(0, 10) ?? null,
          shipTo: order.shipTo, total: m(order.totalMinor), terms: order.customer.terms.description,
        },
        lines: order.lines.map((l) => ({
          lineNumber: l.lineNumber, sku: l.sku, customerSku: l.customerSku, description: l.description,
          quantity: formatQuantity(Math.round(Number(l.quantity) * 1000)), unitOfMeasure: l.unitOfMeasure,
          unitPrice: m(l.unitPriceMinor), amount: m(l.amountMinor),
        })),
        attachment: null,
      };
      // Without Chromium (a machine where it is not installed) the email goes alone and says nothing of a PDF.
      // A render that fails with Chromium there is retried (the renderer relaunches a crashed browser).
      let attachment: { filename: string; contentType: string; content: Uint8Array<ArrayBuffer> } | undefined;
      if (pdf) {
        const filename = acknowledgementPdfFilename(order.poNumber, revision);
        const content = await renderAcknowledgementPdf(pdf, { ...context, attachment: { filename } }).catch((err: Error) => {
          throw ApplicationFailure.retryable(`the acknowledgement PDF for PO ${order.poNumber} could not be rendered: ${err.message}`, 'PdfRenderFailed');
        });
        attachment = { filename, contentType: 'application/pdf', content };
        context.attachment = { filename };
      }
      const rendered = renderEmail('order-acknowledgement', context);
      // One write: the message and its attachment exist together or not at all; a racing retry gets the first.
      return storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey, kind: 'order_acknowledgement', to: to.map((c) => c.email), cc: order.salesRep ? [order.salesRep.email] : [],
        subject: rendered.subject, text: rendered.text, html: rendered.html, inReplyTo: thread?.inReplyTo ?? null, references: thread?.references ?? [],
        orderId: order.id, customerId: order.customerId, attachments: attachment ? [attachment] : undefined,
      });
    },

    /**
     * Tells whoever sent a message we could not use exactly why. Returns no message for automatic mail
     * (auto-replies, bounces) and for our own addresses, so two robots never answer each other forever.
     */
    async composeQuarantineNotice(inboundId: string, code: QuarantineCode, problems: string[]): Promise<{ outboundId: string | undefined; skipped?: string }> {
      const idempotencyKey = `quarantine-notice:${inboundId}`;
      const found = await existing(idempotencyKey);
      if (found) return { outboundId: found };
      const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
      let email;
      try { email = await parseEmail(Buffer.from(message.raw)); } catch { email = undefined; }
      const replyTo = email?.replyTo ?? email?.from;
      const skip = !replyTo ? 'the message has no sender address'
        : code === 'bounce' ? 'the message is a delivery failure report'
        : email?.autoSubmitted ? 'the message is automatic mail'
        : replyTo.toLowerCase() === settings.ordersAddress.toLowerCase() ? 'the message came from our own address'
        : BOUNCE_SENDER.test(replyTo) || /^no-?reply@/i.test(replyTo) ? `the sender ${replyTo} does not take replies`
        : !(await isKnownAddress(replyTo)) ? `${replyTo} is neither one of us nor a known customer (no notices to strangers: they could be anyone's address)`
        : undefined;
      if (skip || !replyTo) return { outboundId: undefined, skipped: skip };
      // A last guard against mail loops with a sender that answers everything.
      const recent = await db.outboundMessage.count({ where: { kind: 'quarantine_notice', toAddresses: { has: replyTo }, createdAt: { gte: new Date(Date.now() - 86_400_000) } } });
      if (recent >= NOTICES_PER_ADDRESS_PER_DAY) return { outboundId: undefined, skipped: `${replyTo} already had ${recent} notices in the last 24 hours` };
      const rendered = renderEmail('quarantine-notice', {
        company: { name: settings.companyName },
        original: { subject: email?.subject || '(no subject)', receivedAt: message.receivedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' },
        ...noticeWords(code, email?.subject || '(no subject)', message.receivedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'),
        problems,
        reference: message.dedupeKey,
      });
      return storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey, kind: 'quarantine_notice', to: [replyTo], subject: rendered.subject, text: rendered.text, html: rendered.html,
        inReplyTo: email?.messageId ?? null, references: email?.messageId ? [...(email.references ?? []), email.messageId] : [],
      });
    },
  };
}
