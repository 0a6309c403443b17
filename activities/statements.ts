// The statement of account, on request (an AR clerk in the console, `arflow statement`): the customer's
// open invoices and unapplied payments read now, rendered as an email with the statement PDF, to the
// billing contacts. Keyed by the caller, so a retried activity stores one message.
import type { Db } from '../db/client.js';
import { statementContext, statementPdfFilename, renderStatementPdf } from '../documents/account-statement.js';
import type { PdfRenderer } from '../documents/pdf-renderer.js';
import { buildStatement } from '../domain/account-statement.js';
import { renderEmail } from '../mail/templates.js';
import { ApplicationFailure } from '@temporalio/activity';
import { findOutbound, storeOutbound } from './outbound-store.js';
import type { DeskSettings } from './settings.js';

export interface StatementRequest { idempotencyKey: string; customerNumber: string; asOf: string; requestedBy: string }
export type StatementComposed = { outboundId: string; to: string[] } | { outboundId: undefined; skipped: string };

const OPEN = ['issued', 'partially_paid', 'disputed'] as const;
const UNAPPLIED = ['on_account', 'partially_applied', 'exception'] as const;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export function createStatementActivities({ db, settings, pdf }: { db: Db; settings: DeskSettings; pdf?: PdfRenderer }) {
  const billingAddress = settings.billingAddress ?? settings.ordersAddress;
  const remitTo = (settings.remitTo ?? `${settings.companyName}: reply to ${billingAddress} for payment instructions`).split('\n');
  return {
    async composeAccountStatement(r: StatementRequest): Promise<StatementComposed> {
      const found = await findOutbound(db, r.idempotencyKey);
      if (found) {
        const message = await db.outboundMessage.findUniqueOrThrow({ where: { id: found } });
        return { outboundId: found, to: message.toAddresses };
      }
      const customer = await db.customer.findUnique({ where: { number: r.customerNumber }, include: { contacts: true } });
      if (!customer) throw ApplicationFailure.nonRetryable(`no customer ${r.customerNumber}`, 'UnknownCustomer');
      const to = customer.contacts.filter((c) => c.roles.includes('billing') || c.roles.includes('ap'));
      if (to.length === 0) {
        const why = `${customer.number} has no billing or AP contact to send a statement to: add one to the customer's contacts`;
        await db.collectionNote.create({ data: { customerId: customer.id, author: r.requestedBy, text: `Statement not sent: ${why}` } });
        return { outboundId: undefined, skipped: why };
      }
      const [invoices, payments] = await Promise.all([
        db.invoice.findMany({ where: { customerId: customer.id, status: { in: [...OPEN] }, openMinor: { gt: 0 } }, include: { order: { select: { poNumber: true } }, disputes: { where: { status: 'open' } } } }),
        db.payment.findMany({ where: { customerId: customer.id, status: { in: [...UNAPPLIED] }, unappliedMinor: { gt: 0 } } }),
      ]);
      const statement = buildStatement(
        invoices.map((i) => ({ number: i.number, poNumber: i.poNumber ?? i.order?.poNumber ?? '', issueDate: isoDate(i.issueDate), dueDate: isoDate(i.dueDate), currency: i.currency, totalMinor: Number(i.totalMinor), openMinor: Number(i.openMinor), disputedMinor: i.disputes.reduce((s, d) => s + Number(d.amountMinor), 0) })),
        payments.map((p) => ({ reference: `${p.method.replace(/_/g, ' ')} ${p.externalRef}`, receivedOn: isoDate(p.receivedAt), currency: p.currency, unappliedMinor: Number(p.unappliedMinor) })),
        r.asOf,
      );
      const context = statementContext(statement, { company: { name: settings.companyName, billingAddress, remitTo }, customer: { number: customer.number, name: customer.name }, contact: { name: to[0]!.name } });
      const rendered = renderEmail('account-statement', context);
      // The PDF is what AP files; without a renderer (no Chromium) the email carries the same table.
      const attachments = pdf ? [{ filename: statementPdfFilename(customer.number, r.asOf), contentType: 'application/pdf', content: await renderStatementPdf(pdf, context) }] : [];
      const stored = await storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey: r.idempotencyKey, kind: 'account_statement', from: billingAddress, to: to.map((c) => c.email), subject: rendered.subject, text: rendered.text, html: rendered.html, customerId: customer.id, attachments,
      });
      await db.collectionNote.create({ data: { customerId: customer.id, author: r.requestedBy, text: `Statement of account on ${r.asOf} sent to ${to.map((c) => c.email).join(', ')}` } });
      return { outboundId: stored.outboundId, to: to.map((c) => c.email) };
    },
  };
}
