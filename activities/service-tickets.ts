// Service tickets in the database: a field-service system's feed (CSV or JSON mailed to the billing box
// from one of our own addresses) imported whole or not at all, each ticket once by its number; at a
// period's end, the unbilled tickets grouped into one invoice request per customer and currency.
import type { Db } from '../db/client.js';
import { invoiceRequestSchema, type InvoiceRequest } from '../domain/invoice-handoff.js';
import { emailDomain } from '../domain/master-data.js';
import { staleTickets, ticketInvoiceGroups, type StaleTicket, type UnbilledTicket } from '../domain/ticket-billing.js';
import { parseEmail } from '../parsers/email.js';
import { readServiceTicketFeed, type ServiceTicketRow } from '../parsers/service-tickets.js';
import { billingDeskAddresses } from './billing-desk.js';
import type { DeskSettings } from './settings.js';

export type TicketFeedImport =
  | { kind: 'not_feed' }
  | { kind: 'refused'; reason: string }
  | { kind: 'invalid'; documentName: string; problems: string[] }
  | { kind: 'imported'; documentName: string; created: number; alreadyKnown: number; billable: number };

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export function createServiceTicketActivities({ db, settings }: { db: Db; settings: DeskSettings }) {
  const ourDomains = new Set([emailDomain(settings.ordersAddress), emailDomain(settings.billingAddress ?? settings.ordersAddress)]);

  const unbilled = () => loadUnbilledTickets(db);

  return {
    /** Reads a ticket feed from the message's attachments, if it carries one, and records every ticket in it. */
    async importTicketFeed(inboundId: string): Promise<TicketFeedImport> {
      const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
      const email = await parseEmail(Buffer.from(message.raw));
      for (const doc of email.attachments) {
        const reading = readServiceTicketFeed({ filename: doc.filename ?? null, contentType: doc.contentType, content: doc.content });
        if (reading.kind === 'not_tickets') continue;
        const documentName = doc.filename ?? 'the attachment';
        // Billing data comes from our own systems: a feed from anywhere else is not taken.
        if (!email.from || !ourDomains.has(emailDomain(email.from))) return { kind: 'refused', reason: `${documentName} is a service ticket feed, but it came from ${email.from ?? 'no sender'}, not one of our own addresses` };
        if (reading.kind === 'invalid') return { kind: 'invalid', documentName, problems: reading.problems };
        return importRows(inboundId, documentName, reading.rows);
      }
      return { kind: 'not_feed' };
    },

    /** The invoice requests for a period: the customers' unbilled tickets of it (and earlier ones left over). */
    async ticketInvoiceRequests(period: string): Promise<InvoiceRequest[]> {
      return ticketInvoiceGroups(await unbilled(), period).map((g) => invoiceRequestSchema.parse({
        ticketIds: g.ticketIds, shipmentReference: g.reference, customerNumber: g.customerNumber, poNumber: g.poNumber, currency: g.currency,
        lines: g.lines, freightMinor: 0, shippedAt: lastDayOf(period), requestedBy: 'system:service-billing',
      }));
    },

    async recordTicketFeedImported(inboundId: string, what: string): Promise<void> {
      await db.inboundMessage.update({ where: { id: inboundId }, data: { status: 'tickets_imported', quarantineReason: what } });
    },

    async billingDeskAddresses(): Promise<string[]> {
      return billingDeskAddresses(db, settings);
    },

    async listStaleTickets(today: string, maxAgeDays: number): Promise<StaleTicket[]> {
      return staleTickets(await unbilled(), today, maxAgeDays);
    },
  };

  /** All rows or none: an unknown customer anywhere rejects the file with every such row named. */
  async function importRows(inboundId: string, documentName: string, rows: ServiceTicketRow[]): Promise<TicketFeedImport> {
    const customers = await db.customer.findMany({ where: { number: { in: [...new Set(rows.map((r) => r.customerNumber))] } }, select: { id: true, number: true } });
    const idOf = new Map(customers.map((c) => [c.number, c.id]));
    const unknown = rows.flatMap((r, i) => (idOf.has(r.customerNumber) ? [] : [`row ${i + 1}: customer ${r.customerNumber} is not in the customer master`]));
    if (unknown.length) return { kind: 'invalid', documentName, problems: unknown };
    const created = await db.serviceTicket.createMany({
      skipDuplicates: true, // the same ticket in a later feed is the ticket already recorded
      data: rows.map((r) => ({
        ticketNumber: r.ticketNumber, customerId: idOf.get(r.customerNumber)!, workDate: new Date(`${r.workDate}T00:00:00Z`), description: r.description,
        quantity: (r.quantityMilli / 1000).toFixed(3), unitPriceMinor: BigInt(r.unitPriceMinor), amountMinor: BigInt(r.amountMinor), currency: r.currency,
        poNumber: r.poNumber, technician: r.technician, billable: r.billable, sourceMessageId: inboundId,
      })),
    });
    await db.auditEvent.create({ data: { actor: 'system:service-tickets', action: 'tickets_imported', subjectType: 'inbound_message', subjectId: inboundId, data: { documentName, created: created.count, alreadyKnown: rows.length - created.count } } });
    return { kind: 'imported', documentName, created: created.count, alreadyKnown: rows.length - created.count, billable: rows.filter((r) => r.billable).length };
  }
}

/** Every ticket not yet on an invoice, as the billing and stale-ticket rules read them. */
export async function loadUnbilledTickets(db: Db): Promise<UnbilledTicket[]> {
  const rows = await db.serviceTicket.findMany({ where: { invoiceId: null }, include: { customer: { select: { number: true } } } });
  return rows.map((t) => ({
    id: t.id, ticketNumber: t.ticketNumber, customerNumber: t.customer.number, workDate: isoDate(t.workDate), description: t.description,
    quantityMilli: Math.round(Number(t.quantity) * 1000), unitPriceMinor: Number(t.unitPriceMinor), amountMinor: Number(t.amountMinor), currency: t.currency,
    poNumber: t.poNumber, billable: t.billable, billed: false,
  }));
}

function lastDayOf(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year!, month!, 0)).toISOString().slice(0, 10);
}
