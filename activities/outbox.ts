// Composes the desk's outgoing emails and stores each in the outbox table under an idempotency key,
// before any send is tried. Composing twice returns the stored message; it is never written anew.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { outboundMessageId } from '../domain/ids.js';
import { BOUNCE_SENDER } from '../domain/inbound-classification.js';
import { emailDomain } from '../domain/master-data.js';
import type { QuarantineCode } from '../domain/order-intake.js';
import { formatMoney, formatQuantity, money } from '../domain/money.js';
import { renderEmail } from '../mail/templates.js';
import { parseEmail } from '../parsers/email.js';
import type { DeskSettings } from './settings.js';

const NOTICES_PER_ADDRESS_PER_DAY = 5;

export function orderReference(orderId: string): string {
  return `SO-${orderId.slice(0, 8).toUpperCase()}`;
}

export function createOutboxActivities({ db, settings }: { db: Db; settings: DeskSettings }) {
  async function existing(idempotencyKey: string): Promise<string | undefined> {
    return (await db.outboundMessage.findUnique({ where: { idempotencyKey }, select: { id: true } }))?.id;
  }

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
    async composeOrderAcknowledgement(orderId: string): Promise<{ outboundId: string }> {
      const idempotencyKey = `order-ack:${orderId}:1`;
      const found = await existing(idempotencyKey);
      if (found) return { outboundId: found };
      const order = await db.order.findUniqueOrThrow({
        where: { id: orderId },
        include: { lines: { orderBy: { lineNumber: 'asc' } }, customer: { include: { contacts: true, terms: true } }, salesRep: true, inboundMessage: true },
      });
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
      const rendered = renderEmail('order-acknowledgement', {
        company: { name: settings.companyName, ordersAddress: settings.ordersAddress },
        contact: { name: to[0]!.name },
        salesRep: order.salesRep ? { name: order.salesRep.name, email: order.salesRep.email } : null,
        order: {
          poNumber: order.poNumber, reference: orderReference(order.id),
          orderDate: order.orderDate?.toISOString().slice(0, 10) ?? null,
          requestedShipDate: order.requestedShipDate?.toISOString().slice(0, 10) ?? null,
          shipTo: order.shipTo, total: m(order.totalMinor), terms: order.customer.terms.description,
        },
        lines: order.lines.map((l) => ({
          lineNumber: l.lineNumber, sku: l.sku, customerSku: l.customerSku, description: l.description,
          quantity: formatQuantity(Math.round(Number(l.quantity) * 1000)), unitOfMeasure: l.unitOfMeasure,
          unitPrice: m(l.unitPriceMinor), amount: m(l.amountMinor),
        })),
      });
      const created = await db.outboundMessage.create({
        data: {
          idempotencyKey, messageIdHeader: outboundMessageId(idempotencyKey, settings.messageIdDomain), kind: 'order_acknowledgement',
          toAddresses: to.map((c) => c.email), ccAddresses: order.salesRep ? [order.salesRep.email] : [],
          subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html,
          inReplyTo: thread?.inReplyTo ?? null, references: thread?.references ?? [],
          orderId: order.id, customerId: order.customerId,
        },
      });
      return { outboundId: created.id };
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
        problems,
        reference: message.dedupeKey,
      });
      const created = await db.outboundMessage.create({
        data: {
          idempotencyKey, messageIdHeader: outboundMessageId(idempotencyKey, settings.messageIdDomain), kind: 'quarantine_notice',
          toAddresses: [replyTo], ccAddresses: [], subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html,
          inReplyTo: email?.messageId ?? null, references: email?.messageId ? [...(email.references ?? []), email.messageId] : [],
        },
      });
      return { outboundId: created.id };
    },
  };
}
