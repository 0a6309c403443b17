// Cash application reports, read from the database: the reconciliation of the AR ledger with its open
// items (domain/ar-reconciliation.ts), and the exception queue a cash applier works through.
import type { Db } from '../db/client.js';
import { CASH_AGE_BUCKETS, reconcileLedger, type Reconciliation } from '../domain/ar-reconciliation.js';
import { DEPOSIT_CREDIT_WINDOW_DAYS } from '../domain/bank-import.js';
import { formatMoney, money } from '../domain/money.js';

export async function arReconciliation(db: Db, today: string): Promise<Reconciliation> {
  const [invoices, unapplied, deposits] = await Promise.all([
    db.invoice.findMany({ where: { status: { notIn: ['draft', 'void', 'written_off'] } }, include: { customer: { select: { number: true } }, applications: true, creditMemos: { where: { status: 'issued' } } } }),
    db.payment.findMany({ where: { unappliedMinor: { gt: 0 } }, include: { customer: { select: { number: true } } } }),
    db.depositBatch.findMany({ include: { payments: { select: { amountMinor: true } } } }),
  ]);
  return reconcileLedger({
    today,
    invoices: invoices.map((i) => ({
      number: i.number, customerNumber: i.customer.number, currency: i.currency, totalMinor: Number(i.totalMinor), openMinor: Number(i.openMinor),
      applications: i.applications.map((a) => ({ key: a.key, recordedOnInvoice: a.recordedOnInvoice || a.key === null, effectMinor: Number(a.amountMinor + a.discountMinor) + (a.writtenOff ? Number(a.deductionMinor) : 0) })),
      creditMemosMinor: i.creditMemos.reduce((s, m) => s + Number(m.amountMinor), 0),
    })),
    unapplied: unapplied.map((p) => ({ number: p.number ?? p.id, customerNumber: p.customer?.number ?? null, currency: p.currency, unappliedMinor: Number(p.unappliedMinor), receivedOn: p.receivedAt.toISOString().slice(0, 10), status: p.status })),
    deposits: deposits.map((d) => ({ number: d.number, depositDate: d.depositDate.toISOString().slice(0, 10), currency: d.currency, totalMinor: Number(d.totalMinor), checksMinor: d.payments.reduce((s, p) => s + Number(p.amountMinor), 0), status: d.status })),
    depositWindowDays: DEPOSIT_CREDIT_WINDOW_DAYS,
  });
}

export function formatReconciliation(r: Reconciliation): string {
  const m = (minor: number, currency: string) => formatMoney(money(minor, currency)).padStart(16);
  const out = [`AR reconciliation on ${r.today}`, `${'currency'.padEnd(10)}${['ledger', 'open items', 'difference', 'unapplied cash', 'suspense'].map((h) => h.padStart(16)).join('')}`];
  for (const t of r.totals) out.push(`${t.currency.padEnd(10)}${m(t.ledgerMinor, t.currency)}${m(t.openItemsMinor, t.currency)}${m(t.differenceMinor, t.currency)}${m(t.unappliedCashMinor, t.currency)}${m(t.suspenseMinor, t.currency)}`);
  out.push('', r.differences.length ? `${r.differences.length} invoice(s) differ:` : 'every invoice agrees with its applications and credit memos');
  for (const d of r.differences) out.push(`  ${d.invoiceNumber.padEnd(12)} ${d.customerNumber.padEnd(8)} ledger ${m(d.ledgerMinor, d.currency).trim()}, invoice ${m(d.openMinor, d.currency).trim()}: ${d.cause}`);
  if (r.unappliedCash.length) {
    out.push('', `unapplied cash by age (days)${' '.repeat(4)}${CASH_AGE_BUCKETS.map((b) => b.padStart(16)).join('')}`);
    for (const c of r.unappliedCash) out.push(`  ${(c.customerNumber ?? 'suspense').padEnd(30)}${CASH_AGE_BUCKETS.map((b) => m(c.buckets[b], c.currency)).join('')}  ${c.payments.join(', ')}`);
  }
  if (r.deposits.length) out.push('', 'deposits:', ...r.deposits.map((d) => `  ${d.number}: ${d.problem}`));
  return out.join('\n');
}

export interface CashException { payment: string; status: string; amount: string; unapplied: string; payer: string; customerNumber: string | null; receivedOn: string; reason: string; candidates: unknown }

/** Payments a person must decide, oldest first, with what the matcher proposed. */
export async function cashExceptions(db: Db): Promise<CashException[]> {
  const payments = await db.payment.findMany({ where: { status: { in: ['exception', 'on_account', 'suspense', 'partially_applied'] }, unappliedMinor: { gt: 0 } }, include: { customer: { select: { number: true } } }, orderBy: { receivedAt: 'asc' } });
  // A payment's exception may be opened more than once (PMT-000123, then PMT-000123/2): the pending one counts.
  const approvals = await db.approval.findMany({ where: { kind: 'cash_exception', status: 'pending' } });
  const pendingFor = (number: string | null) => approvals.find((a) => a.subjectId === number || a.subjectId.startsWith(`${number}/`));
  return payments.map((p) => ({
    payment: p.number ?? p.id, status: p.status, amount: formatMoney(money(Number(p.amountMinor), p.currency)), unapplied: formatMoney(money(Number(p.unappliedMinor), p.currency)),
    payer: p.payerName ?? '(no name)', customerNumber: p.customer?.number ?? null, receivedOn: p.receivedAt.toISOString().slice(0, 10), reason: p.matchNote ?? '',
    candidates: (pendingFor(p.number)?.context as { candidates?: unknown } | null)?.candidates ?? [],
  }));
}

export function formatCashExceptions(rows: CashException[]): string {
  if (!rows.length) return 'no payment is waiting for a person';
  return rows.map((r) => `${r.payment}  ${r.receivedOn}  ${r.status.padEnd(17)} ${r.unapplied.padStart(14)} of ${r.amount}  ${r.customerNumber ?? 'payer unknown'} (${r.payer})\n    ${r.reason}`).join('\n');
}
