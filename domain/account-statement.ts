// A customer's statement of account as of a day: every open invoice with how far past due it is, the
// balance aged in the same buckets as the desk's AR aging, money received but not yet applied (which the
// customer may deduct), and what is in dispute. One section per currency: amounts in different currencies
// are never added together. Pure.
import { AGING_BUCKETS, agingBucket, type AgingBucket } from './aging.js';
import { daysBetween } from './invoicing.js';

export interface StatementInvoice { number: string; poNumber: string; issueDate: string; dueDate: string; currency: string; totalMinor: number; openMinor: number; disputedMinor: number }
export interface StatementCredit { reference: string; receivedOn: string; currency: string; unappliedMinor: number }

export interface StatementSection {
  currency: string;
  lines: (StatementInvoice & { daysPastDue: number; bucket: AgingBucket })[];
  credits: StatementCredit[];
  buckets: Record<AgingBucket, number>;
  openMinor: number;
  disputedMinor: number;
  unappliedMinor: number;
  /** What the customer owes once unapplied money is taken off; below zero, a credit balance in their favour. */
  balanceDueMinor: number;
}

export interface AccountStatement { asOf: string; sections: StatementSection[]; overdue: boolean }

export function buildStatement(invoices: readonly StatementInvoice[], credits: readonly StatementCredit[], asOf: string): AccountStatement {
  const currencies = [...new Set([...invoices.filter((i) => i.openMinor > 0).map((i) => i.currency), ...credits.filter((c) => c.unappliedMinor > 0).map((c) => c.currency)])].sort();
  const sections = currencies.map((currency): StatementSection => {
    const lines = invoices.filter((i) => i.currency === currency && i.openMinor > 0)
      .map((i) => ({ ...i, daysPastDue: Math.max(0, daysBetween(i.dueDate, asOf)), bucket: agingBucket(i.dueDate, asOf) }))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number));
    const buckets = Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>;
    for (const line of lines) buckets[line.bucket] += line.openMinor;
    const open = lines.reduce((s, l) => s + l.openMinor, 0);
    const mine = credits.filter((c) => c.currency === currency && c.unappliedMinor > 0).sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
    const unapplied = mine.reduce((s, c) => s + c.unappliedMinor, 0);
    return { currency, lines, credits: mine, buckets, openMinor: open, disputedMinor: lines.reduce((s, l) => s + l.disputedMinor, 0), unappliedMinor: unapplied, balanceDueMinor: open - unapplied };
  });
  return { asOf, sections, overdue: sections.some((s) => s.lines.some((l) => l.daysPastDue > 0)) };
}
