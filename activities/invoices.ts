// The invoice in the database and in the customer's mailbox: numbered from the invoice sequence, written
// once per shipment (the invoice workflow's ID is unique on it), composed with its PDF, marked delivered.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { invoicePdfFilename, renderInvoicePdf, type InvoiceContext } from '../documents/invoice.js';
import type { PdfRenderer } from '../documents/pdf-renderer.js';
import { invoiceRequestSchema, type InvoiceRequest } from '../domain/invoice-handoff.js';
import { draftInvoice, formatDocumentNumber } from '../domain/invoicing.js';
import { formatMoney, formatQuantity, money } from '../domain/money.js';
import { renderEmail } from '../mail/templates.js';
import { Prisma } from '../generated/prisma/client.js';
import { billingDeskAddresses } from './billing-desk.js';
import { findOutbound, storeOutbound } from './outbound-store.js';
import { orderReference } from './outbox.js';
import type { DeskSettings } from './settings.js';

export interface IssuedInvoice {
  invoiceId: string;
  number: string;
  customerNumber: string;
  currency: string;
  totalMinor: number;
  issueDate: string;
  dueDate: string;
  poNumber: string;
}

export interface InvoiceDelivery {
  outboundId: string;
  /** email: to the customer's billing contacts. desk: to our billing desk, to upload to a portal, post, or find a contact. */
  via: 'email' | 'desk';
  why?: string;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export function createInvoiceActivities({ db, settings, pdf }: { db: Db; settings: DeskSettings; pdf?: PdfRenderer }) {
  const billingAddress = settings.billingAddress ?? settings.ordersAddress;

  async function issued(workflowId: string): Promise<IssuedInvoice | undefined> {
    const found = await db.invoice.findUnique({ where: { workflowId }, include: { customer: true, order: true } });
    if (!found) return undefined;
    return {
      invoiceId: found.id, number: found.number, customerNumber: found.customer.number, currency: found.currency, totalMinor: Number(found.totalMinor),
      issueDate: isoDate(found.issueDate), dueDate: isoDate(found.dueDate), poNumber: found.poNumber ?? found.order?.poNumber ?? '',
    };
  }

  return {
    /**
     * Writes the invoice for a shipment under the next number, marks the shipment invoiced and, when it was
     * the order's last, the order too. A retry finds the invoice it already wrote (the workflow ID is unique).
     */
    async createInvoice(input: { request: InvoiceRequest; workflowId: string; issueDate: string }): Promise<IssuedInvoice> {
      const request = invoiceRequestSchema.parse(input.request);
      const already = await issued(input.workflowId);
      if (already) return already;
      const customer = await db.customer.findUnique({ where: { number: request.customerNumber }, include: { terms: true } });
      if (!customer) throw ApplicationFailure.nonRetryable(`customer ${request.customerNumber} is not in the customer master: shipment ${request.shipmentReference} cannot be invoiced`, 'UnknownCustomer');
      const draft = draftInvoice(request, input.issueDate, customer.terms);
      try {
        await db.$transaction(async (tx) => {
          // The sequence row is locked by the increment until commit: numbers are gap-free and never shared.
          const sequence = await tx.numberSequence.upsert({ where: { name: 'invoice' }, create: { name: 'invoice', prefix: settings.invoicePrefix ?? 'INV-', next: 2n }, update: { next: { increment: 1n } } });
          const number = formatDocumentNumber(sequence.prefix, sequence.next - 1n);
          const created = await tx.invoice.create({
            data: {
              number, customerId: customer.id, orderId: request.orderId ?? null, shipmentId: request.shipmentId ?? null, poNumber: request.poNumber, status: 'draft', workflowId: input.workflowId,
              issueDate: new Date(`${draft.issueDate}T00:00:00Z`), dueDate: new Date(`${draft.dueDate}T00:00:00Z`),
              discountDate: draft.discountDate ? new Date(`${draft.discountDate}T00:00:00Z`) : null, discountMinor: BigInt(draft.discountMinor),
              termsCode: customer.termsCode, currency: draft.currency, subtotalMinor: BigInt(draft.subtotalMinor), freightMinor: BigInt(draft.freightMinor),
              taxMinor: BigInt(draft.taxMinor), totalMinor: BigInt(draft.totalMinor), openMinor: BigInt(draft.totalMinor),
              lines: { create: draft.lines.map((l) => ({ lineNumber: l.lineNumber, kind: l.kind, sku: l.sku, description: l.description, quantity: (l.quantityMilli / 1000).toFixed(3), unitPriceMinor: BigInt(l.unitPriceMinor), amountMinor: BigInt(l.amountMinor) })) },
            },
          });
          if (request.shipmentId && request.orderId) {
            await tx.shipment.update({ where: { id: request.shipmentId }, data: { status: 'invoiced' } });
            // The order is invoiced once it has shipped in full and every shipment has its invoice.
            const open = await tx.shipment.count({ where: { orderId: request.orderId, status: { not: 'invoiced' } } });
            if (open === 0) await tx.order.updateMany({ where: { id: request.orderId, status: 'shipped' }, data: { status: 'invoiced' } });
          }
          if (request.ticketIds) {
            // Each ticket is billed once: one already on another invoice stops this one whole.
            const billed = await tx.serviceTicket.updateMany({ where: { id: { in: request.ticketIds }, customerId: customer.id, invoiceId: null, billable: true }, data: { invoiceId: created.id } });
            if (billed.count !== request.ticketIds.length) throw ApplicationFailure.nonRetryable(`${request.ticketIds.length - billed.count} of the ${request.ticketIds.length} tickets for ${request.shipmentReference} are billed already or not billable: nothing was invoiced`, 'TicketsAlreadyBilled');
          }
          await tx.auditEvent.create({ data: { actor: request.requestedBy, action: 'invoice_created', subjectType: 'invoice', subjectId: number, data: { shipmentId: request.shipmentId ?? null, tickets: request.ticketIds?.length ?? 0, totalMinor: draft.totalMinor, currency: draft.currency, dueDate: draft.dueDate } } });
        });
      } catch (err) {
        // Two attempts at once: the other wrote it. Anything else is retried by Temporal.
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      }
      const created = await issued(input.workflowId);
      if (!created) throw ApplicationFailure.retryable(`invoice for workflow ${input.workflowId} was not found after writing it`, 'InvoiceNotWritten');
      return created;
    },

    /**
     * The invoice email with its PDF, to the customer's billing contacts with the sales rep copied; or, for a
     * customer who takes invoices through a portal or by post (or has no billing contact), to our billing
     * desk with the PDF and what to do with it.
     */
    async composeInvoice(invoiceId: string): Promise<InvoiceDelivery> {
      const idempotencyKey = `invoice:${invoiceId}`;
      const invoice = await loadInvoiceForDocument(db, { id: invoiceId });
      const billing = invoice.customer.contacts.filter((c) => c.roles.includes('billing') || c.roles.includes('ap'));
      const why = invoice.customer.invoiceDelivery === 'portal' ? `${invoice.customer.name} takes invoices through its supplier portal: upload the attached PDF there`
        : invoice.customer.invoiceDelivery === 'postal' ? `${invoice.customer.name} takes invoices by post: print the attached PDF and mail it`
        : billing.length === 0 ? `${invoice.customer.name} (${invoice.customer.number}) has no billing contact: add one, and send them the attached PDF` : undefined;
      const found = await findOutbound(db, idempotencyKey);
      if (found) return { outboundId: found, via: why ? 'desk' : 'email', why };

      const { context, attachments } = await invoiceDocument(db, settings, pdf, invoice, billing[0]?.name ?? 'Accounts Payable');
      const rendered = renderEmail('invoice', context);
      if (why) {
        const { outboundId } = await storeOutbound(db, settings.messageIdDomain, {
          idempotencyKey, kind: 'invoice_for_desk', from: billingAddress, to: await billingDeskAddresses(db, settings), subject: `To deliver by hand: ${rendered.subject}`,
          text: `${why}.\n\nThe email the customer would have had:\n\n${rendered.text}`, html: rendered.html.replace(/(<body[^>]*>)/, `$1<p><strong>${escapeHtml(why)}.</strong></p><hr>`),
          customerId: invoice.customerId, orderId: invoice.orderId, attachments,
        });
        return { outboundId, via: 'desk', why };
      }
      const { outboundId } = await storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey, kind: 'invoice', from: billingAddress, to: billing.map((c) => c.email), cc: invoice.customer.salesRep ? [invoice.customer.salesRep.email] : [],
        subject: rendered.subject, text: rendered.text, html: rendered.html, customerId: invoice.customerId, orderId: invoice.orderId, attachments,
      });
      return { outboundId, via: 'email' };
    },

    /** Sent (or handed to the desk): the invoice is issued and its dunning clock runs from its due date. */
    async markInvoiceIssued(invoiceId: string, via: InvoiceDelivery['via']): Promise<void> {
      const invoice = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } });
      if (invoice.status !== 'draft') return;
      await db.$transaction([
        db.invoice.update({ where: { id: invoiceId }, data: { status: 'issued', deliveredAt: new Date() } }),
        db.auditEvent.create({ data: { actor: `system:${invoice.workflowId}`, action: 'invoice_issued', subjectType: 'invoice', subjectId: invoice.number, data: { via } } }),
      ]);
    },

    /**
     * Writes an approved credit memo against the invoice under the next credit memo number: the open amount
     * falls by it, an open dispute by as much, and an invoice credited in full is closed. Once per request key.
     */
    async createCreditMemo(input: { invoiceId: string; requestKey: string; amountMinor: number; reason: string; requestedBy: string; approvedBy: string }): Promise<{ number: string; openMinor: number; disputedMinor: number }> {
      const result = async () => {
        const memo = await db.creditMemo.findUniqueOrThrow({ where: { requestKey: input.requestKey }, include: { invoice: { include: { disputes: { where: { status: 'open' } } } } } });
        return { number: memo.number, openMinor: Number(memo.invoice.openMinor), disputedMinor: memo.invoice.disputes.reduce((sum, d) => sum + Number(d.amountMinor), 0) };
      };
      if (await db.creditMemo.findUnique({ where: { requestKey: input.requestKey } })) return result();
      try {
        await db.$transaction(async (tx) => {
          const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: input.invoiceId }, include: { disputes: { where: { status: 'open' } } } });
          if (BigInt(input.amountMinor) > invoice.openMinor) throw ApplicationFailure.nonRetryable(`a credit memo of ${input.amountMinor} is more than the ${invoice.openMinor} open on ${invoice.number}`, 'CreditMemoTooLarge');
          const sequence = await tx.numberSequence.upsert({ where: { name: 'credit_memo' }, create: { name: 'credit_memo', prefix: 'CM-', next: 2n }, update: { next: { increment: 1n } } });
          const number = formatDocumentNumber(sequence.prefix, sequence.next - 1n);
          await tx.creditMemo.create({ data: { number, invoiceId: invoice.id, amountMinor: BigInt(input.amountMinor), currency: invoice.currency, reason: input.reason, status: 'issued', requestKey: input.requestKey, requestedBy: input.requestedBy, approvedBy: input.approvedBy } });
          const openMinor = invoice.openMinor - BigInt(input.amountMinor);
          // The credit settles open disputes first (a credit memo is how most disputes end).
          let credit = BigInt(input.amountMinor);
          let stillDisputed = 0n;
          for (const dispute of invoice.disputes) {
            const settled = credit >= dispute.amountMinor ? dispute.amountMinor : credit;
            credit -= settled;
            stillDisputed += dispute.amountMinor - settled;
            await tx.dispute.update({ where: { id: dispute.id }, data: settled === dispute.amountMinor ? { status: 'resolved', resolvedAt: new Date() } : { amountMinor: dispute.amountMinor - settled } });
          }
          // Nothing owed any more is settled ('paid' in the ledger's terms; the credit memo says how).
          const status = openMinor === 0n ? 'paid' : stillDisputed > 0n ? 'disputed' : openMinor < invoice.totalMinor ? 'partially_paid' : 'issued';
          await tx.invoice.update({ where: { id: invoice.id }, data: { openMinor, status } });
          await tx.collectionNote.create({ data: { customerId: invoice.customerId, invoiceId: invoice.id, author: input.approvedBy, text: `Credit memo ${number} for ${formatMoney(money(input.amountMinor, invoice.currency))} against ${invoice.number}: ${input.reason} (asked by ${input.requestedBy})` } });
          await tx.auditEvent.create({ data: { actor: input.approvedBy, action: 'credit_memo_issued', subjectType: 'invoice', subjectId: invoice.number, data: { creditMemo: number, amountMinor: input.amountMinor, reason: input.reason, requestedBy: input.requestedBy } } });
        });
      } catch (err) {
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      }
      return result();
    },

    /** The credit memo to the customer's billing contacts, referencing its invoice, with the new balance. */
    async composeCreditMemo(creditMemoNumber: string): Promise<{ outboundId: string }> {
      const memo = await db.creditMemo.findUniqueOrThrow({ where: { number: creditMemoNumber }, include: { invoice: { include: { customer: { include: { contacts: true, salesRep: true } }, order: true } } } });
      const { invoice } = memo;
      const to = invoice.customer.contacts.filter((c) => c.roles.includes('billing') || c.roles.includes('ap'));
      const m = (minor: bigint) => formatMoney(money(Number(minor), memo.currency));
      const rendered = renderEmail('desk-notice', {
        company: { name: settings.companyName, team: 'accounts receivable' }, subject: `Credit memo ${memo.number} for invoice ${invoice.number} (your PO ${invoice.order?.poNumber ?? '—'}): ${m(memo.amountMinor)}`,
        paragraphs: [`We have issued credit memo ${memo.number} for ${m(memo.amountMinor)} against invoice ${invoice.number}: ${memo.reason}.`, `The balance of invoice ${invoice.number} is now ${m(invoice.openMinor)}.`],
        items: [], action: invoice.openMinor > 0n ? `Please pay the remaining ${m(invoice.openMinor)} quoting ${invoice.number}.` : 'Nothing more is owed on this invoice.',
      });
      return storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey: `credit-memo:${memo.number}`, kind: 'credit_memo', from: billingAddress, to: to.length ? to.map((c) => c.email) : [billingAddress],
        cc: invoice.customer.salesRep ? [invoice.customer.salesRep.email] : [], subject: rendered.subject,
        text: rendered.text, html: rendered.html, customerId: invoice.customerId, orderId: invoice.orderId,
      });
    },

    /** A payment applied (cash application records the application itself): the invoice's open amount and status follow. */
    /**
     * The invoice workflow's balance after a payment. `applicationId` (the cash application's key) is marked
     * counted in the same transaction, so cash application knows which of its applications the balance holds.
     */
    async recordInvoiceBalance(invoiceId: string, openMinor: number, applicationId?: string): Promise<void> {
      const invoice = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: { disputes: { where: { status: 'open' }, select: { id: true } } } });
      const counted = applicationId ? [db.paymentApplication.updateMany({ where: { key: applicationId }, data: { recordedOnInvoice: true } })] : [];
      if (invoice.status === 'written_off' || invoice.status === 'void') { await db.$transaction(counted); return; }
      // Still owed and still in dispute: it stays disputed (collections do not chase it), else paid in part.
      const status = openMinor <= 0 ? 'paid' : invoice.disputes.length > 0 ? 'disputed' : openMinor < Number(invoice.totalMinor) ? 'partially_paid' : invoice.status;
      // Paid in full, disputed amount and all: the customer settled the dispute by paying it.
      const settled = status === 'paid' && invoice.disputes.length > 0
        ? [db.dispute.updateMany({ where: { invoiceId, status: 'open' }, data: { status: 'paid', resolvedAt: new Date() } })] : [];
      await db.$transaction([db.invoice.update({ where: { id: invoiceId }, data: { openMinor: BigInt(Math.max(0, openMinor)), status } }), ...settled, ...counted]);
    },
  };
}

type InvoiceWithParts = Prisma.InvoiceGetPayload<{ include: { lines: true; customer: { include: { contacts: true; terms: true; salesRep: true } }; order: true } }>;

export async function loadInvoiceForDocument(db: Db, where: { id: string } | { number: string }): Promise<InvoiceWithParts> {
  return db.invoice.findUniqueOrThrow({ where, include: { lines: { orderBy: { lineNumber: 'asc' } }, customer: { include: { contacts: true, terms: true, salesRep: true } }, order: true } }) as Promise<InvoiceWithParts>;
}

/** The invoice's template context and, with a renderer, its PDF: the same document every time it is sent. */
export async function invoiceDocument(db: Db, settings: DeskSettings, pdf: PdfRenderer | undefined, invoice: InvoiceWithParts, contactName: string) {
  const billingAddress = settings.billingAddress ?? settings.ordersAddress;
  const remitTo = (settings.remitTo ?? `${settings.companyName}: reply to ${billingAddress} for payment instructions`).split('\n');
  const m = (minor: bigint) => formatMoney(money(Number(minor), invoice.currency));
  const shipment = invoice.shipmentId ? await db.shipment.findUnique({ where: { id: invoice.shipmentId } }) : null;
  const tickets = shipment ? [] : await db.serviceTicket.findMany({ where: { invoiceId: invoice.id }, select: { workDate: true }, orderBy: { workDate: 'asc' } });
  const basis = shipment ? `shipped on ${isoDate(shipment.shippedAt)} (${shipment.reference})`
    : tickets.length ? `service work from ${isoDate(tickets[0]!.workDate)} to ${isoDate(tickets.at(-1)!.workDate)} (${tickets.length} ticket${tickets.length > 1 ? 's' : ''})` : 'as listed below';
  const context: InvoiceContext = {
    company: { name: settings.companyName, billingAddress, remitTo },
    customer: { name: invoice.customer.name, number: invoice.customer.number },
    contact: { name: contactName },
    salesRep: invoice.customer.salesRep ? { name: invoice.customer.salesRep.name, email: invoice.customer.salesRep.email } : null,
    invoice: {
      number: invoice.number, issueDate: isoDate(invoice.issueDate), dueDate: isoDate(invoice.dueDate), poNumber: invoice.poNumber ?? invoice.order?.poNumber ?? '',
      orderReference: invoice.orderId ? orderReference(invoice.orderId) : '', basis,
      terms: invoice.customer.terms.description, subtotal: m(invoice.subtotalMinor),
      freight: invoice.freightMinor > 0n ? m(invoice.freightMinor) : null, tax: invoice.taxMinor > 0n ? m(invoice.taxMinor) : null, total: m(invoice.totalMinor),
      discount: invoice.discountMinor > 0n && invoice.discountDate ? { amount: m(invoice.discountMinor), by: isoDate(invoice.discountDate) } : null,
    },
    lines: invoice.lines.map((l) => ({ lineNumber: l.lineNumber, sku: l.sku, description: l.description, quantity: formatQuantity(Math.round(Number(l.quantity) * 1000)), unitPrice: m(l.unitPriceMinor), amount: m(l.amountMinor) })),
    attachment: null,
  };
  const attachments: { filename: string; contentType: string; content: Uint8Array<ArrayBuffer> }[] = [];
  if (pdf) {
    const filename = invoicePdfFilename(invoice.number);
    const content = await renderInvoicePdf(pdf, { ...context, attachment: { filename } }).catch((err: Error) => {
      throw ApplicationFailure.retryable(`the PDF of invoice ${invoice.number} could not be rendered: ${err.message}`, 'PdfRenderFailed');
    });
    attachments.push({ filename, contentType: 'application/pdf', content });
    context.attachment = { filename };
  }
  return { context, attachments };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
