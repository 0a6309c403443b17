// The W-9 and payment-instructions packet: our signed W-9 and how to pay us, sent on request (billing
// replies), with a customer's first invoice, and to every customer when the remit-to details change.
// Every packet is an outbound message with the customer on it, so delivery is tracked per customer.
// The bank details come from configuration only, never from anything a customer or stranger sent.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import { renderEmail } from '../mail/templates.js';
import { storeOutbound } from './outbound-store.js';
import type { DeskSettings } from './settings.js';

export type PacketOccasion = 'requested' | 'first_invoice' | 'remit_to_changed';

const WHY: Record<PacketOccasion, string> = {
  requested: 'As you asked, here are our W-9 and payment instructions.',
  first_invoice: 'Welcome aboard: for your vendor records, here are our W-9 and payment instructions.',
  remit_to_changed: 'Our payment instructions have changed. Please update your vendor records with the details below.',
};

/** The subject, text, HTML and attachment of a packet; without a W-9 on file, the instructions alone. */
export function w9PacketContent(settings: DeskSettings, occasion: PacketOccasion) {
  const remitTo = (settings.remitTo ?? '').split('\n').filter(Boolean);
  const rendered = renderEmail('desk-notice', {
    company: { name: settings.companyName, team: 'accounts receivable' }, subject: `${settings.companyName}: W-9 and payment instructions`,
    paragraphs: [WHY[occasion], settings.w9Pdf ? `Our signed W-9 is attached (${settings.w9Pdf.filename}).` : 'Ask us for our W-9 if you need it.', 'How to pay us:'],
    items: remitTo,
    action: occasion === 'remit_to_changed'
      ? 'Before you change anything, call our accounts receivable team on the number you already have for us to confirm this change: fraudsters send "new bank details" emails.'
      : 'Our payment details only ever change by a letter signed by our controller, never by email alone: if you receive an email asking you to pay to a different account, call us before paying.',
  });
  const attachments = settings.w9Pdf ? [{ filename: settings.w9Pdf.filename, contentType: 'application/pdf', content: settings.w9Pdf.content }] : [];
  return { rendered, attachments };
}

/** What the current remit-to details and W-9 are, as a short fingerprint: a change is a new version. */
export function remitToVersion(settings: DeskSettings): string {
  const hash = createHash('sha256').update(settings.remitTo ?? '').update('\0').update(settings.w9Pdf?.content ?? new Uint8Array());
  return hash.digest('hex').slice(0, 16);
}

export function createW9PacketActivities({ db, settings }: { db: Db; settings: DeskSettings }) {
  const billingAddress = settings.billingAddress ?? settings.ordersAddress;
  return {
    /**
     * A packet to the customer's billing contacts for this occasion, once: a first-invoice packet only if
     * the customer never had one, a remit-to packet once per version of the details.
     */
    async composeW9PacketFor(input: { customerNumber: string; occasion: Exclude<PacketOccasion, 'requested'>; version?: string }): Promise<{ outboundId?: string; skipped?: string }> {
      const customer = await db.customer.findUniqueOrThrow({ where: { number: input.customerNumber }, include: { contacts: true } });
      if (input.occasion === 'first_invoice') {
        if (!settings.w9Pdf) return { skipped: 'no W-9 is on file (ARFLOW_W9_PDF)' };
        const had = await db.outboundMessage.findFirst({ where: { customerId: customer.id, kind: 'w9_packet' }, select: { id: true } });
        if (had) return { skipped: `${customer.number} already has our W-9` };
      }
      const to = customer.contacts.filter((c) => c.roles.includes('billing') || c.roles.includes('ap'));
      if (to.length === 0) return { skipped: `${customer.number} has no billing contact` };
      const { rendered, attachments } = w9PacketContent(settings, input.occasion);
      const key = input.occasion === 'first_invoice' ? `w9-packet:first:${customer.number}` : `w9-packet:remit:${input.version}:${customer.number}`;
      return storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey: key, kind: 'w9_packet', from: billingAddress, to: to.map((c) => c.email), subject: rendered.subject, text: rendered.text, html: rendered.html, customerId: customer.id, attachments,
      });
    },

    /** Customers with someone to send billing mail to: who gets a remit-to change. */
    async listBilledCustomers(): Promise<string[]> {
      const customers = await db.customer.findMany({ where: { contacts: { some: { OR: [{ roles: { has: 'billing' } }, { roles: { has: 'ap' } }] } } }, select: { number: true }, orderBy: { number: 'asc' } });
      return customers.map((c) => c.number);
    },

    async recordRemitToAnnounced(version: string, customers: number): Promise<void> {
      await db.auditEvent.create({ data: { actor: 'system:remit-to', action: 'remit_to_announced', subjectType: 'settings', subjectId: version, data: { customers } } });
    },
  };
}
