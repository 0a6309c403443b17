// Collections in the database and the customer's mailbox: the grouped reminder for a customer's overdue
// invoices (amounts read fresh, so a payment made since the workflow planned it is never chased), the
// credit hold that stops new orders, write-offs an AR lead decided, and the collection notes behind them.
import type { Db } from '../db/client.js';
import { REMINDER_WORDING } from '../documents/dunning-reminder.js';
import { daysPastDue, type DunningStepName } from '../domain/dunning-policy.js';
import { formatMoney, money } from '../domain/money.js';
import { renderEmail } from '../mail/templates.js';
import { billingDeskAddresses } from './billing-desk.js';
import { storeOutbound, findOutbound } from './outbound-store.js';
import type { DeskSettings } from './settings.js';

export interface DunningReminderRequest {
  idempotencyKey: string;
  customerNumber: string;
  step: keyof typeof REMINDER_WORDING;
  invoiceNumbers: string[];
  withStatement: boolean;
  today: string;
}

const OPEN = ['issued', 'partially_paid', 'disputed'] as const;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export interface CreditHoldChange { customerNumber: string; onHold: boolean; reason: string; by: string }

/**
 * Puts a customer on credit hold or takes them off it, with a note and an audit event; collections and
 * an AR lead in the console both set it this way. Says whether it changed, was already so, or was kept: a
 * hold a person placed, which collections may not lift.
 */
export async function setCreditHold(db: Db, input: CreditHoldChange): Promise<'changed' | 'already' | 'kept'> {
  return db.$transaction(async (tx) => {
    const customer = await tx.customer.findUniqueOrThrow({ where: { number: input.customerNumber } });
    // Collections lift only a hold collections placed: one a person put on stays until a person takes it off.
    if (!input.onHold && input.by.startsWith('system:')) {
      const placed = await tx.auditEvent.findFirst({ where: { action: 'credit_hold_placed', subjectType: 'customer', subjectId: customer.number }, orderBy: { id: 'desc' } });
      if (placed && !placed.actor.startsWith('system:')) {
        if (!customer.onCreditHold) return 'already';
        await tx.collectionNote.create({ data: { customerId: customer.id, author: input.by, text: `Not released from credit hold (${input.reason}): ${placed.actor} put the account on hold, and only a person takes it off.` } });
        return 'kept';
      }
    }
    // Changed only if it was the other way: two people (or a person and collections) at once change it once.
    const changed = await tx.customer.updateMany({ where: { id: customer.id, onCreditHold: !input.onHold }, data: { onCreditHold: input.onHold } });
    if (changed.count === 0) return 'already';
    await tx.collectionNote.create({ data: { customerId: customer.id, author: input.by, text: `${input.onHold ? 'Put on' : 'Released from'} credit hold: ${input.reason}` } });
    await tx.auditEvent.create({ data: { actor: input.by, action: input.onHold ? 'credit_hold_placed' : 'credit_hold_released', subjectType: 'customer', subjectId: customer.number, data: { reason: input.reason } } });
    return 'changed';
  });
}

export function createCollectionActivities({ db, settings }: { db: Db; settings: DeskSettings }) {
  const billingAddress = settings.billingAddress ?? settings.ordersAddress;
  const remitTo = (settings.remitTo ?? `${settings.companyName}: reply to ${billingAddress} for payment instructions`).split('\n');

  async function note(customerId: string, invoiceId: string | null, author: string, text: string) {
    await db.collectionNote.create({ data: { customerId, invoiceId, author, text } });
  }

  return {
    /**
     * One reminder for a customer's invoices at this step. Returns no message when, read now, none of them
     * is still owed (paid since), or when the customer has no one to send it to (a note says so).
     */
    async composeDunningReminder(r: DunningReminderRequest): Promise<{ outboundId: string | undefined; skipped?: string }> {
      const found = await findOutbound(db, r.idempotencyKey);
      if (found) return { outboundId: found };
      const customer = await db.customer.findUniqueOrThrow({ where: { number: r.customerNumber }, include: { contacts: true } });
      const open = await db.invoice.findMany({ where: { customerId: customer.id, status: { in: [...OPEN] } }, include: { order: true, disputes: { where: { status: 'open' } } }, orderBy: { dueDate: 'asc' } });
      const disputedOf = (inv: (typeof open)[number]) => inv.disputes.reduce((sum, d) => sum + d.amountMinor, 0n);
      const chased = open.filter((inv) => r.invoiceNumbers.includes(inv.number) && inv.openMinor - disputedOf(inv) > 0n);
      if (chased.length === 0) return { outboundId: undefined, skipped: 'nothing is owed on these invoices any more' };
      const to = customer.contacts.filter((c) => c.roles.includes('billing') || c.roles.includes('ap'));
      if (to.length === 0) {
        const why = `no billing contact: the ${r.step} reminder for ${chased.map((i) => i.number).join(', ')} was not sent`;
        await note(customer.id, null, 'system:collections', why);
        return { outboundId: undefined, skipped: why };
      }
      // Each amount in its own currency; totals per currency, never added across them.
      const m = (minor: bigint, currency: string) => formatMoney(money(Number(minor), currency));
      const totals = (items: { amount: bigint; currency: string }[]) => [...new Set(items.map((i) => i.currency))].sort()
        .map((c) => m(items.filter((i) => i.currency === c).reduce((s, i) => s + i.amount, 0n), c)).join(' + ');
      const wording = REMINDER_WORDING[r.step];
      const invoices = chased.map((inv) => {
        const disputed = disputedOf(inv);
        return { number: inv.number, poNumber: inv.poNumber ?? inv.order?.poNumber ?? '', dueDate: isoDate(inv.dueDate), daysPastDue: daysPastDue({ dueDate: isoDate(inv.dueDate) }, r.today), open: m(inv.openMinor, inv.currency), disputed: disputed > 0n ? m(disputed, inv.currency) : null, amount: inv.openMinor - disputed, currency: inv.currency };
      });
      const rendered = renderEmail('dunning-reminder', {
        company: { name: settings.companyName, billingAddress, remitTo }, customer: { name: customer.name, number: customer.number }, contact: { name: to[0]!.name },
        heading: wording.heading, paragraphs: wording.paragraphs(customer.name), invoices, plural: invoices.length > 1, chasedTotal: totals(invoices), today: r.today,
        statement: r.withStatement ? open.map((inv) => ({ number: inv.number, issueDate: isoDate(inv.issueDate), dueDate: isoDate(inv.dueDate), open: m(inv.openMinor, inv.currency) })) : null,
        statementTotal: totals(open.map((inv) => ({ amount: inv.openMinor, currency: inv.currency }))),
      });
      const stored = await storeOutbound(db, settings.messageIdDomain, {
        idempotencyKey: r.idempotencyKey, kind: `dunning_${r.step}`, from: billingAddress, to: to.map((c) => c.email), subject: rendered.subject, text: rendered.text, html: rendered.html, customerId: customer.id,
      });
      await note(customer.id, null, 'system:collections', `${wording.heading} sent for ${invoices.map((i) => i.number).join(', ')} (${totals(invoices)})`);
      return stored;
    },

    /** A payment plan's installment: coming up, due today, or late; to the billing contacts. */
    async composePlanReminder(r: { idempotencyKey: string; customerNumber: string; invoiceNumbers: string[]; installment: number; kind: 'upcoming' | 'due' | 'late'; dueDate: string; amountMinor: number; stillDueMinor: number }): Promise<{ outboundId: string | undefined; skipped?: string }> {
      const found = await findOutbound(db, r.idempotencyKey);
      if (found) return { outboundId: found };
      const customer = await db.customer.findUniqueOrThrow({ where: { number: r.customerNumber }, include: { contacts: true } });
      const to = customer.contacts.filter((c) => c.roles.includes('billing') || c.roles.includes('ap'));
      if (to.length === 0) {
        await note(customer.id, null, 'system:collections', `no billing contact: the ${r.kind} note for plan installment ${r.installment} was not sent`);
        return { outboundId: undefined, skipped: 'no billing contact' };
      }
      const m = (minor: number) => formatMoney(money(minor, customer.currency));
      const sentence = { upcoming: `Installment ${r.installment} of your payment plan, ${m(r.amountMinor)}, is due on ${r.dueDate}.`, due: `Installment ${r.installment} of your payment plan is due today: ${m(r.stillDueMinor)}.`, late: `Installment ${r.installment} of your payment plan, due ${r.dueDate}, is a week late: ${m(r.stillDueMinor)} is still unpaid. If it is not paid within a week the plan lapses and the invoices fall due in full.` }[r.kind];
      const rendered = renderEmail('desk-notice', {
        company: { name: settings.companyName, team: 'accounts receivable' }, subject: `Payment plan: installment ${r.installment} ${r.kind === 'late' ? 'overdue' : `due ${r.dueDate}`} (${customer.name})`,
        paragraphs: [sentence, `The plan covers ${r.invoiceNumbers.join(', ')}. Please quote them with your payment.`], items: remitTo, action: '',
      });
      const stored = await storeOutbound(db, settings.messageIdDomain, { idempotencyKey: r.idempotencyKey, kind: `plan_${r.kind}`, from: billingAddress, to: to.map((c) => c.email), subject: rendered.subject, text: rendered.text, html: rendered.html, customerId: customer.id });
      await note(customer.id, null, 'system:collections', `Plan installment ${r.installment} ${r.kind} note sent (${m(r.stillDueMinor)})`);
      return stored;
    },

    /** New orders from the customer wait for an AR lead (the order desk's credit check reads this flag). */
    /** Whether the flag changed, was already so, or was kept (a hold a person placed, not collections'). */
    async setCustomerCreditHold(input: CreditHoldChange): Promise<'changed' | 'already' | 'kept'> {
      return setCreditHold(db, input);
    },

    /** An AR lead's decision on invoices collections gave up on: written off, placed with an agency, or chased on. */
    async recordCollectionDecision(input: { customerNumber: string; invoiceNumbers: string[]; decision: 'write_off' | 'collection_agency' | 'keep_chasing'; by: string; reason: string }): Promise<void> {
      const customer = await db.customer.findUniqueOrThrow({ where: { number: input.customerNumber } });
      const invoices = await db.invoice.findMany({ where: { customerId: customer.id, number: { in: input.invoiceNumbers } } });
      const words = { write_off: 'Written off', collection_agency: 'Placed with a collection agency', keep_chasing: 'Kept in collections' }[input.decision];
      await db.$transaction([
        // Only what is still open is written off: an invoice paid since the question was asked stays paid.
        ...(input.decision === 'write_off' ? invoices.filter((i) => (OPEN as readonly string[]).includes(i.status)).map((i) => db.invoice.update({ where: { id: i.id }, data: { status: 'written_off', openMinor: 0n } })) : []),
        // Written off: nothing is left to dispute.
        ...(input.decision === 'write_off' ? [db.dispute.updateMany({ where: { invoiceId: { in: invoices.map((i) => i.id) }, status: 'open' }, data: { status: 'written_off', resolvedAt: new Date() } })] : []),
        ...invoices.map((i) => db.collectionNote.create({ data: { customerId: customer.id, invoiceId: i.id, author: input.by, text: `${words}: ${input.reason}` } })),
        db.auditEvent.create({ data: { actor: input.by, action: `collections_${input.decision}`, subjectType: 'customer', subjectId: customer.number, data: { invoices: input.invoiceNumbers, reason: input.reason, openMinor: invoices.map((i) => Number(i.openMinor)) } } }),
      ]);
    },

    /**
     * A dispute closed without a credit memo: the amount is owed, the invoice is chased for it again, and the
     * customer's billing contacts are told why (the message is returned for delivery, keyed by the dispute).
     */
    async closeInvoiceDispute(input: { invoiceNumber: string; disputeId?: string; by: string; reason: string; outcome: 'rejected' }): Promise<{ closed: true; noticeId?: string } | { closed: false; why: string }> {
      const invoice = await db.invoice.findUniqueOrThrow({ where: { number: input.invoiceNumber }, include: { customer: { include: { contacts: true } }, order: true } });
      const dispute = input.disputeId
        ? await db.dispute.findFirst({ where: { id: input.disputeId, invoiceId: invoice.id } })
        : await db.dispute.findFirst({ where: { invoiceId: invoice.id, status: 'open' } });
      if (!dispute) return { closed: false, why: `no open dispute on ${invoice.number}` };
      const m = formatMoney(money(Number(dispute.amountMinor), invoice.currency));
      if (dispute.status === 'open') {
        // Closed only if still open: two people rejecting it at once close it once.
        const done = await db.$transaction(async (tx) => {
          const changed = await tx.dispute.updateMany({ where: { id: dispute.id, status: 'open' }, data: { status: input.outcome, resolvedAt: new Date() } });
          if (changed.count === 0) return false;
          // Back to what its balance says, unless something else moved it on (paid, written off) meanwhile.
          await tx.invoice.updateMany({ where: { id: invoice.id, status: 'disputed' }, data: { status: invoice.openMinor < invoice.totalMinor ? 'partially_paid' : 'issued' } });
          await tx.collectionNote.create({ data: { customerId: invoice.customerId, invoiceId: invoice.id, author: input.by, text: `Dispute of ${m} rejected, the amount is owed: ${input.reason}` } });
          await tx.auditEvent.create({ data: { actor: input.by, action: 'dispute_rejected', subjectType: 'invoice', subjectId: invoice.number, data: { disputeId: dispute.id, amountMinor: Number(dispute.amountMinor), reason: input.reason } } });
          return true;
        });
        if (!done) return { closed: false, why: `the dispute on ${invoice.number} was settled meanwhile` };
      } else if (dispute.status !== input.outcome) {
        return { closed: false, why: `the dispute on ${invoice.number} is already ${dispute.status}` };
      } // else: a retry after this very rejection; its notice is found below
      const key = `dispute-outcome:${dispute.id}`;
      const found = await findOutbound(db, key);
      if (found) return { closed: true, noticeId: found };
      const to = invoice.customer.contacts.filter((c) => c.roles.includes('billing') || c.roles.includes('ap'));
      if (to.length === 0) {
        await note(invoice.customerId, invoice.id, 'system:collections', `no billing contact: the customer was not told that the dispute of ${m} on ${invoice.number} was rejected`);
        return { closed: true };
      }
      const notice = renderEmail('desk-notice', {
        company: { name: settings.companyName, team: 'accounts receivable' }, subject: `Your dispute of ${m} on invoice ${invoice.number}`,
        paragraphs: [
          `We have looked into your dispute of ${m} on invoice ${invoice.number}${invoice.order?.poNumber ? ` (your PO ${invoice.order.poNumber})` : ''}: "${dispute.reason}".`,
          `The amount is owed: ${input.reason}`,
          'It is part of what we ask you to pay again. If you see it differently, reply to this email with what supports it and we will look at it with you.',
        ],
        items: [], action: '',
      });
      const stored = await storeOutbound(db, settings.messageIdDomain, { idempotencyKey: key, kind: 'dispute_outcome', from: billingAddress, to: to.map((c) => c.email), subject: notice.subject, text: notice.text, html: notice.html, customerId: invoice.customerId });
      return { closed: true, noticeId: stored.outboundId };
    },

    /** A customer disputes part (or all) of an invoice: the dispute is opened and the sales rep told; what is disputed is not chased. */
    async openInvoiceDispute(input: { invoiceNumber: string; amountMinor: number; by: string; reason: string }): Promise<{ noticeId?: string }> {
      const invoice = await db.invoice.findUniqueOrThrow({ where: { number: input.invoiceNumber }, include: { customer: { include: { salesRep: true } }, order: true } });
      const open = await db.dispute.findFirst({ where: { invoiceId: invoice.id, status: 'open' } });
      const noticeKey = `dispute:${invoice.number}:${input.amountMinor}:${input.reason.slice(0, 40)}`;
      if (open && open.amountMinor === BigInt(input.amountMinor) && open.reason === input.reason) return { noticeId: await findOutbound(db, noticeKey) }; // a retry
      const m = formatMoney(money(input.amountMinor, invoice.currency));
      await db.$transaction([
        ...(open ? [db.dispute.update({ where: { id: open.id }, data: { amountMinor: BigInt(input.amountMinor), reason: input.reason } })] : [db.dispute.create({ data: { invoiceId: invoice.id, amountMinor: BigInt(input.amountMinor), reason: input.reason } })]),
        db.invoice.update({ where: { id: invoice.id }, data: { status: 'disputed' } }),
        db.collectionNote.create({ data: { customerId: invoice.customerId, invoiceId: invoice.id, author: input.by, text: `Dispute of ${m}: ${input.reason}` } }),
        db.auditEvent.create({ data: { actor: input.by, action: 'dispute_opened', subjectType: 'invoice', subjectId: invoice.number, data: { amountMinor: input.amountMinor, reason: input.reason } } }),
      ]);
      const rep = invoice.customer.salesRep;
      if (!rep) return {};
      {
        const notice = renderEmail('desk-notice', { company: { name: settings.companyName, team: 'accounts receivable' }, subject: `Dispute: ${invoice.number} of ${invoice.customer.name}, ${m}`, paragraphs: [`${invoice.customer.name} (${invoice.customer.number}) disputes ${m} of invoice ${invoice.number} (PO ${invoice.order?.poNumber ?? 'none'}): "${input.reason}". Recorded by ${input.by}.`, 'Reminders leave the disputed amount out until it is resolved. Please help the billing desk settle it with the customer (a credit memo, or the evidence that the amount is owed).'], items: [], action: '' });
        const stored = await storeOutbound(db, settings.messageIdDomain, { idempotencyKey: noticeKey, kind: 'dispute_notice', from: billingAddress, to: [rep.email], cc: await billingDeskAddresses(db, settings), subject: notice.subject, text: notice.text, html: notice.html, customerId: invoice.customerId });
        return { noticeId: stored.outboundId };
      }
    },

    async recordCollectionNote(input: { customerNumber: string; invoiceNumber?: string; author: string; text: string }): Promise<void> {
      const customer = await db.customer.findUniqueOrThrow({ where: { number: input.customerNumber } });
      const invoice = input.invoiceNumber ? await db.invoice.findUnique({ where: { number: input.invoiceNumber } }) : null;
      await note(customer.id, invoice?.id ?? null, input.author, input.text);
    },
  };
}
