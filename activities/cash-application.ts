// The ledger side of cash application (PostgreSQL through Prisma): gather what the matching engine needs for
// one payment, record its decision, and write applications so that a retry never applies twice.
// The decisions themselves are domain/cash-matching.ts's.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { matchPayment, OpenItems, referencesInMemo, type CashDecision, type MatchProposal, type OpenInvoice, type PaymentToMatch, type ProposedApplication } from '../domain/cash-matching.js';
import { DEFAULT_CASH_POLICY, type CashPolicy } from '../domain/cash-policy.js';
import { compactReference, poKey, referenceKey } from '../domain/invoice-reference.js';
import { formatDocumentNumber, INVOICE_NUMBER_WIDTH } from '../domain/invoicing.js';
import { formatMoney, money } from '../domain/money.js';
import { accountKey, identifyPayer } from '../domain/payer-identity.js';
import type { RemittanceLine } from '../domain/payment-documents.js';
import type { Prisma } from '../generated/prisma/client.js';
import { joinRemittanceAdvice } from './remittance-records.js';

/** What the workflow needs to know of the decision (the full candidates are on the exception's approval). */
export interface CashMatchSummary {
  paymentNumber: string;
  decision: CashDecision['kind'];
  customerNumber: string | null;
  amountMinor: number;
  currency: string;
  proposal?: MatchProposal;
  candidates: MatchProposal[];
  reason: string;
}

/** An application as the ledger writes it: the matching engine's proposal, by invoice number. */
export type ApplicationToWrite = Omit<ProposedApplication, 'invoiceId'>;

/** One application as the invoice and collections workflows must hear of it. */
export interface AppliedToInvoice {
  applicationId: string;
  invoiceNumber: string;
  invoiceWorkflowId: string;
  customerNumber: string;
  /** What comes off the invoice's balance: cash, discount and a written-off deduction. */
  effectMinor: number;
  /** A deduction too large to write off: disputed on the invoice. */
  disputeMinor: number;
  disputeReason?: string;
}

const OPEN_STATUSES = ['issued', 'partially_paid', 'disputed'] as const;

export function createCashApplicationActivities({ db, policy = DEFAULT_CASH_POLICY, invoicePrefix = 'INV-' }: { db: Db; policy?: CashPolicy; invoicePrefix?: string }) {
  const fmt = (minor: number, currency: string) => formatMoney(money(minor, currency));

  async function paymentOf(paymentNumber: string) {
    const payment = await db.payment.findUnique({ where: { number: paymentNumber }, include: { customer: true } });
    if (!payment) throw ApplicationFailure.nonRetryable(`payment ${paymentNumber} is not recorded`, 'UnknownPayment');
    return payment;
  }

  /** Open invoices a payment could pay: the customer's, and any its references could name. */
  async function candidateInvoices(customerId: string | undefined, lines: readonly RemittanceLine[], currency: string): Promise<{ items: OpenItems; byNumber: Map<string, string> }> {
    const numbers = new Set<string>();
    const pos = new Set<string>();
    for (const line of lines) {
      numbers.add(line.reference.trim().toUpperCase());
      const key = referenceKey(line.reference).key;
      if (key) numbers.add(formatDocumentNumber(invoicePrefix, BigInt(key), INVOICE_NUMBER_WIDTH));
      pos.add(line.reference.trim());
      pos.add(poKey(line.reference));
    }
    const rows = await db.invoice.findMany({
      where: { currency, OR: [...(customerId ? [{ customerId }] : []), { number: { in: [...numbers] } }, { poNumber: { in: [...pos] } }] },
      include: { applications: { where: { recordedOnInvoice: false } } },
    });
    const open: OpenInvoice[] = [];
    const closed = new Map<string, string>();
    for (const r of rows) {
      // Applications written but not yet counted by the invoice's workflow are already spoken for.
      const pending = r.applications.reduce((s, a) => s + Number(a.amountMinor + a.discountMinor) + (a.writtenOff ? Number(a.deductionMinor) : 0), 0);
      const openMinor = Number(r.openMinor) - pending;
      if ((OPEN_STATUSES as readonly string[]).includes(r.status) && openMinor > 0) {
        open.push({
          id: r.id, number: r.number, customerId: r.customerId, currency: r.currency, openMinor, totalMinor: Number(r.totalMinor),
          dueDate: r.dueDate.toISOString().slice(0, 10), discountMinor: Number(r.discountMinor),
          ...(r.discountDate ? { discountDate: r.discountDate.toISOString().slice(0, 10) } : {}), ...(r.poNumber ? { poNumber: r.poNumber } : {}),
        });
      } else {
        closed.set(compactReference(r.number), `${r.number} is ${r.status.replace('_', ' ')}`);
      }
    }
    return { items: new OpenItems(open, closed), byNumber: new Map(rows.map((r) => [r.id, r.number])) };
  }

  /** What applications not yet counted by the invoice's workflow take off its balance. */
  async function pendingOn(client: Pick<Db, 'paymentApplication'>, invoiceId: string): Promise<number> {
    const pending = await client.paymentApplication.findMany({ where: { invoiceId, recordedOnInvoice: false } });
    return pending.reduce((s, p) => s + Number(p.amountMinor + p.discountMinor) + (p.writtenOff ? Number(p.deductionMinor) : 0), 0);
  }

  /** Why the ledger refuses this application, or null: the invoice must be the customer's, open, in the payment's currency, and owe that much. */
  function refuseApplication(
    a: ApplicationToWrite,
    invoice: { number: string; status: string; currency: string; customerId: string; openMinor: bigint; discountMinor: bigint; customer: { number: string } },
    payment: { currency: string },
    customer: { id: string; number: string } | null,
    pendingMinor: number,
  ): string | null {
    if (invoice.currency !== payment.currency) return `${invoice.number} is in ${invoice.currency}, the payment in ${payment.currency}`;
    if (customer && invoice.customerId !== customer.id) return `${invoice.number} belongs to ${invoice.customer.number}, not ${customer.number}: name the customer whose invoices these are`;
    const available = Number(invoice.openMinor) - pendingMinor;
    if (!(OPEN_STATUSES as readonly string[]).includes(invoice.status) || available <= 0) return `${invoice.number} is ${invoice.status.replace('_', ' ')}: nothing is open on it`;
    const taking = a.amountMinor + a.discountMinor + a.deductionMinor;
    if (taking > available) return `${invoice.number} has ${fmt(available, invoice.currency)} open, less than the ${fmt(taking, invoice.currency)} this applies`;
    // A discount is the one the terms offered, no more: anything beyond it is a deduction, with its reason and authority.
    if (a.discountMinor > Number(invoice.discountMinor)) return `${invoice.number}'s terms offer a discount of ${fmt(Number(invoice.discountMinor), invoice.currency)}, not ${fmt(a.discountMinor, invoice.currency)}: put the rest as a deduction with its reason`;
    return null;
  }

  return {
    /** Identifies the payer, joins any remittance advice, and decides: apply, ask a person, or hold. */
    async proposeCashMatch(paymentNumber: string): Promise<CashMatchSummary> {
      const payment = await paymentOf(paymentNumber);
      const currency = payment.currency;
      const amountMinor = Number(payment.amountMinor);
      let remittance = payment.remittance as unknown as RemittanceLine[];
      let amountReliable = payment.amountReliable;
      let customerId = payment.customerId ?? undefined;
      const notes: string[] = [];
      let joined = false;

      if (!customerId) {
        const [accounts, customers] = await Promise.all([db.payerAccount.findMany(), db.customer.findMany({ select: { id: true, name: true, number: true } })]);
        const identity = identifyPayer({ ...(payment.payerName ? { name: payment.payerName } : {}), ...(payment.payerAccount ? { accountRef: payment.payerAccount } : {}) }, payment.memo, {
          accounts: new Map(accounts.map((a) => [a.accountKey, a.customerId])), numbers: new Map(customers.map((c) => [c.number.toUpperCase(), c.id])), customers,
        });
        if (identity.by === 'unknown') notes.push(identity.reason); else { customerId = identity.customerId; notes.push(`payer identified by ${identity.by.replace('_', ' ')}`); }
      }
      if (!remittance.length) {
        const advice = await joinRemittanceAdvice(db, { paymentId: payment.id, customerId, payerName: payment.payerName, amountMinor, currency, externalRef: payment.externalRef, memo: payment.memo });
        if (advice) {
          remittance = advice.lines;
          joined = true;
          amountReliable &&= advice.reliable;
          customerId ??= advice.customerId ?? undefined;
          notes.push(`remittance advice ${advice.description} joined`);
        }
      }
      const { items } = await candidateInvoices(customerId, remittance.length ? remittance : referencesInMemo(payment.memo), currency);
      const toMatch: PaymentToMatch = {
        amountMinor, currency, receivedOn: payment.receivedAt.toISOString().slice(0, 10), ...(customerId ? { customerId } : {}),
        remittance, memo: payment.memo, amountReliable, feesPossible: payment.method === 'wire' || payment.method === 'ach',
      };
      const decision = matchPayment(toMatch, items, policy);
      const decidedCustomer = decision.kind === 'auto_apply' ? decision.proposal.customerId : decision.kind === 'on_account' ? decision.customerId : customerId;
      const customer = decidedCustomer ? await db.customer.findUnique({ where: { id: decidedCustomer }, select: { number: true } }) : null;
      const reason = [...notes, decision.kind === 'auto_apply' ? decision.proposal.explanation.join('; ') : decision.reason].filter(Boolean).join('; ');
      if (decision.kind !== 'auto_apply') {
        await db.auditEvent.create({ data: { actor: 'arflow', action: 'cash_needs_person', subjectType: 'payment', subjectId: paymentNumber, data: { decision: decision.kind, reason, candidates: decision.kind === 'exception' ? decision.candidates.length : 0 } } });
      }
      await db.payment.update({
        where: { id: payment.id },
        data: {
          customerId: decidedCustomer ?? null, matchNote: reason,
          status: decision.kind === 'auto_apply' ? 'received' : decision.kind === 'exception' ? 'exception' : decision.kind,
          ...(joined ? { remittance: remittance as unknown as Prisma.InputJsonValue, amountReliable } : {}),
        },
      });
      return {
        paymentNumber, decision: decision.kind, customerNumber: customer?.number ?? null, amountMinor, currency, reason,
        ...(decision.kind === 'auto_apply' ? { proposal: decision.proposal } : {}),
        candidates: decision.kind === 'exception' ? decision.candidates : [],
      };
    },

    /**
     * Writes the applications of one decision (`decisionKey`: 'auto', or the person's Update), checking each
     * invoice still has that much open and the payment that much unapplied. Retried, it finds its own rows.
     */
    async applyCashToInvoices(input: { paymentNumber: string; decisionKey: string; by: string; confidence: number; customerNumber?: string; applications: ApplicationToWrite[]; leaveRest?: 'on_account' | 'suspense'; note?: string }): Promise<{ applied: AppliedToInvoice[]; unappliedMinor: number }> {
      return db.$transaction(async (tx) => {
        // Lock the payment: two decisions on one payment are written one after the other.
        await tx.$queryRaw`SELECT id FROM "Payment" WHERE number = ${input.paymentNumber} FOR UPDATE`;
        const payment = await tx.payment.findUniqueOrThrow({ where: { number: input.paymentNumber } });
        const customer = input.customerNumber ? await tx.customer.findUnique({ where: { number: input.customerNumber } }) : payment.customerId ? await tx.customer.findUnique({ where: { id: payment.customerId } }) : null;
        if (input.customerNumber && !customer) throw ApplicationFailure.nonRetryable(`customer ${input.customerNumber} is not in the customer master`, 'UnknownCustomer');
        if (input.leaveRest === 'on_account' && !customer) throw ApplicationFailure.nonRetryable(`${input.paymentNumber}'s payer is unknown: name the customer whose account it goes on, or leave it in suspense`, 'NoCustomer');
        const out: AppliedToInvoice[] = [];
        let unapplied = Number(payment.unappliedMinor);
        for (const a of input.applications) {
          const key = `${input.paymentNumber}:${input.decisionKey}:${a.invoiceNumber}`;
          const effect = a.amountMinor + a.discountMinor + (a.writeOff ? a.deductionMinor : 0);
          const dispute = a.writeOff ? 0 : a.deductionMinor;
          const done = await tx.paymentApplication.findUnique({ where: { key } });
          // Lock the invoice before reading it: its balance and its pending applications are read as one.
          await tx.$queryRaw`SELECT id FROM "Invoice" WHERE number = ${a.invoiceNumber} FOR UPDATE`;
          const invoice = await tx.invoice.findUnique({ where: { number: a.invoiceNumber }, include: { customer: true } });
          if (!invoice) throw ApplicationFailure.nonRetryable(`invoice ${a.invoiceNumber} does not exist`, 'UnknownInvoice');
          if (!done) {
            const refusal = refuseApplication(a, invoice, payment, customer, await pendingOn(tx, invoice.id));
            if (refusal) throw ApplicationFailure.nonRetryable(refusal, 'ApplicationRefused');
            if (a.amountMinor > unapplied) throw ApplicationFailure.nonRetryable(`${input.paymentNumber} has only ${fmt(unapplied, payment.currency)} left to apply`, 'PaymentExhausted');
            await tx.paymentApplication.create({
              data: {
                key, paymentId: payment.id, invoiceId: invoice.id, amountMinor: BigInt(a.amountMinor), discountMinor: BigInt(a.discountMinor), deductionMinor: BigInt(a.deductionMinor),
                deductionReason: a.deductionReason ?? null, writtenOff: a.writeOff && a.deductionMinor > 0, appliedBy: input.by, confidence: Math.round(input.confidence),
              },
            });
            unapplied -= a.amountMinor;
          }
          // Collections hold one disputed amount per invoice: what every deduction on it not written off adds up to.
          const disputed = dispute > 0 ? (await tx.paymentApplication.findMany({ where: { invoiceId: invoice.id, writtenOff: false } })).reduce((s, p) => s + Number(p.deductionMinor), 0) : 0;
          out.push({ applicationId: key, invoiceNumber: invoice.number, invoiceWorkflowId: invoice.workflowId, customerNumber: invoice.customer.number, effectMinor: effect, disputeMinor: disputed, ...(dispute ? { disputeReason: a.deductionReason ?? 'short paid' } : {}) });
        }
        const applied = unapplied < Number(payment.amountMinor);
        const status = unapplied === 0 ? 'applied' : input.leaveRest ?? (applied ? 'partially_applied' : payment.status);
        await tx.payment.update({ where: { id: payment.id }, data: { unappliedMinor: BigInt(unapplied), status, customerId: customer?.id ?? payment.customerId, ...(input.note ? { matchNote: input.note } : {}) } });
        // A person's application to a customer's invoices teaches arflow the payer's bank account: its next
        // payment is recognised. Not from a card's last four digits, which many payers share.
        if (input.by !== 'auto' && customer && payment.payerAccount && input.applications.length > 0 && payment.method !== 'card') {
          const accountRef = accountKey(payment.payerAccount);
          if (accountRef.length > 4) await tx.payerAccount.upsert({ where: { accountKey: accountRef }, create: { accountKey: accountRef, customerId: customer.id, learnedFrom: input.paymentNumber }, update: {} });
        }
        await tx.auditEvent.create({ data: { actor: input.by, action: 'cash_applied', subjectType: 'payment', subjectId: input.paymentNumber, data: { decisionKey: input.decisionKey, confidence: input.confidence, applications: input.applications, leaveRest: input.leaveRest ?? null } as unknown as Prisma.InputJsonValue } });
        return { applied: out, unappliedMinor: unapplied };
      }, { timeout: 60_000, maxWait: 10_000 });
    },

    /** Takes back an application its invoice could not take (the invoice's workflow had ended): the money is the payment's again. */
    async undoCashApplication(applicationId: string): Promise<{ unappliedMinor: number }> {
      return db.$transaction(async (tx) => {
        const application = await tx.paymentApplication.findUnique({ where: { key: applicationId }, include: { payment: true } });
        if (!application) {
          const paymentNumber = applicationId.split(':')[0]!;
          return { unappliedMinor: Number((await tx.payment.findUniqueOrThrow({ where: { number: paymentNumber } })).unappliedMinor) };
        }
        if (application.recordedOnInvoice) return { unappliedMinor: Number(application.payment.unappliedMinor) }; // the invoice did count it
        await tx.$queryRaw`SELECT id FROM "Payment" WHERE id = ${application.paymentId} FOR UPDATE`;
        await tx.paymentApplication.delete({ where: { id: application.id } });
        const payment = await tx.payment.update({ where: { id: application.paymentId }, data: { unappliedMinor: { increment: application.amountMinor }, status: 'exception' } });
        await tx.auditEvent.create({ data: { actor: 'arflow', action: 'cash_application_undone', subjectType: 'payment', subjectId: payment.number ?? payment.id, data: { applicationId, amountMinor: Number(application.amountMinor) } } });
        return { unappliedMinor: Number(payment.unappliedMinor) };
      });
    },

    /** Checks a person's decision against the ledger before the workflow accepts it; the refusal is theirs to read. */
    async checkCashDecision(input: { paymentNumber: string; customerNumber?: string; applications: ApplicationToWrite[]; leaveRest?: 'on_account' | 'suspense' }): Promise<string | null> {
      const payment = await paymentOf(input.paymentNumber);
      const unapplied = Number(payment.unappliedMinor);
      const total = input.applications.reduce((s, a) => s + a.amountMinor, 0);
      if (total > unapplied) return `${input.paymentNumber} has ${fmt(unapplied, payment.currency)} left to apply, not ${fmt(total, payment.currency)}`;
      const customer = input.customerNumber ? await db.customer.findUnique({ where: { number: input.customerNumber } }) : payment.customer;
      if (input.customerNumber && !customer) return `customer ${input.customerNumber} is not in the customer master`;
      if (!customer && !input.customerNumber && input.leaveRest === 'on_account') return `${input.paymentNumber}'s payer is unknown: name the customer whose account it goes on, or leave it in suspense`;
      for (const a of input.applications) {
        const invoice = await db.invoice.findUnique({ where: { number: a.invoiceNumber }, include: { customer: true } });
        if (!invoice) return `invoice ${a.invoiceNumber} does not exist`;
        const refusal = refuseApplication(a, invoice, payment, customer, await pendingOn(db, invoice.id));
        if (refusal) return refusal;
      }
      return null;
    },

    /** Records how the rest of a payment stays (on account, suspense) when nothing more is applied. */
    async recordPaymentStatus(paymentNumber: string, status: 'on_account' | 'suspense' | 'exception'): Promise<void> {
      await db.payment.updateMany({ where: { number: paymentNumber, unappliedMinor: { gt: 0 } }, data: { status } });
    },
  };
}

export type CashApplicationActivities = ReturnType<typeof createCashApplicationActivities>;
