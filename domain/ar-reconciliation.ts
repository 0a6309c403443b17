// Does the AR ledger agree with its open items? For every invoice the ledger says what must be open —
// its total less the cash, discounts and written-off deductions applied and the credit memos issued — and
// the invoice says what is open. Any difference is listed with its cause. Unapplied cash and suspense are
// aged, and a deposit the bank has not credited in time is named. Pure: the report's loader gathers rows.

export interface LedgerInvoice {
  number: string;
  customerNumber: string;
  currency: string;
  totalMinor: number;
  openMinor: number;
  applications: { key: string | null; effectMinor: number; recordedOnInvoice: boolean }[];
  creditMemosMinor: number;
}

export interface UnappliedPayment { number: string; customerNumber: string | null; currency: string; unappliedMinor: number; receivedOn: string; status: string }
export interface DepositRow { number: string; depositDate: string; currency: string; totalMinor: number; checksMinor: number; status: string }

export const CASH_AGE_BUCKETS = ['0-30', '31-60', '61-90', 'over 90'] as const;

export interface Reconciliation {
  today: string;
  customers: { customerNumber: string; currency: string; ledgerMinor: number; openItemsMinor: number; differenceMinor: number; unappliedCashMinor: number }[];
  totals: { currency: string; ledgerMinor: number; openItemsMinor: number; differenceMinor: number; unappliedCashMinor: number; suspenseMinor: number }[];
  differences: { invoiceNumber: string; customerNumber: string; currency: string; ledgerMinor: number; openMinor: number; cause: string }[];
  unappliedCash: { currency: string; customerNumber: string | null; buckets: Record<(typeof CASH_AGE_BUCKETS)[number], number>; payments: string[] }[];
  deposits: { number: string; problem: string }[];
}

function bucketOf(days: number): (typeof CASH_AGE_BUCKETS)[number] {
  return days <= 30 ? '0-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : 'over 90';
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function reconcileLedger(input: { today: string; invoices: LedgerInvoice[]; unapplied: UnappliedPayment[]; deposits: DepositRow[]; depositWindowDays: number }): Reconciliation {
  const rec: Reconciliation = { today: input.today, customers: [], totals: [], differences: [], unappliedCash: [], deposits: [] };
  const perCustomer = new Map<string, Reconciliation['customers'][number]>();
  const row = (customerNumber: string, currency: string) => {
    const key = `${customerNumber}|${currency}`;
    let r = perCustomer.get(key);
    if (!r) perCustomer.set(key, (r = { customerNumber, currency, ledgerMinor: 0, openItemsMinor: 0, differenceMinor: 0, unappliedCashMinor: 0 }));
    return r;
  };
  for (const inv of input.invoices) {
    const ledger = inv.totalMinor - inv.applications.reduce((s, a) => s + a.effectMinor, 0) - inv.creditMemosMinor;
    const r = row(inv.customerNumber, inv.currency);
    r.ledgerMinor += ledger;
    r.openItemsMinor += inv.openMinor;
    if (ledger !== inv.openMinor) {
      const pending = inv.applications.filter((a) => !a.recordedOnInvoice);
      const pendingMinor = pending.reduce((s, a) => s + a.effectMinor, 0);
      const cause = pending.length && inv.openMinor - pendingMinor === ledger
        ? `${pending.length} application(s) (${pending.map((a) => a.key ?? 'unkeyed').join(', ')}) not yet counted by the invoice's workflow: is the worker running?`
        : ledger < 0 ? 'more applied than the invoice was for: an over-application to reverse'
        : 'the invoice balance disagrees with its applications and credit memos: a person must look';
      rec.differences.push({ invoiceNumber: inv.number, customerNumber: inv.customerNumber, currency: inv.currency, ledgerMinor: ledger, openMinor: inv.openMinor, cause });
    }
  }
  const cash = new Map<string, Reconciliation['unappliedCash'][number]>();
  for (const p of input.unapplied) {
    if (p.unappliedMinor <= 0) continue;
    if (p.customerNumber) row(p.customerNumber, p.currency).unappliedCashMinor += p.unappliedMinor;
    const key = `${p.customerNumber ?? ''}|${p.currency}`;
    let c = cash.get(key);
    if (!c) cash.set(key, (c = { currency: p.currency, customerNumber: p.customerNumber, buckets: { '0-30': 0, '31-60': 0, '61-90': 0, 'over 90': 0 }, payments: [] }));
    c.buckets[bucketOf(daysBetween(p.receivedOn, input.today))] += p.unappliedMinor;
    c.payments.push(p.number);
  }
  for (const r of perCustomer.values()) r.differenceMinor = r.ledgerMinor - r.openItemsMinor;
  rec.customers = [...perCustomer.values()].sort((a, b) => a.customerNumber.localeCompare(b.customerNumber) || a.currency.localeCompare(b.currency));
  const totals = new Map<string, Reconciliation['totals'][number]>();
  for (const r of rec.customers) {
    let t = totals.get(r.currency);
    if (!t) totals.set(r.currency, (t = { currency: r.currency, ledgerMinor: 0, openItemsMinor: 0, differenceMinor: 0, unappliedCashMinor: 0, suspenseMinor: 0 }));
    t.ledgerMinor += r.ledgerMinor; t.openItemsMinor += r.openItemsMinor; t.differenceMinor += r.differenceMinor; t.unappliedCashMinor += r.unappliedCashMinor;
  }
  for (const c of cash.values()) {
    if (c.customerNumber) continue;
    let t = totals.get(c.currency);
    if (!t) totals.set(c.currency, (t = { currency: c.currency, ledgerMinor: 0, openItemsMinor: 0, differenceMinor: 0, unappliedCashMinor: 0, suspenseMinor: 0 }));
    t.suspenseMinor += Object.values(c.buckets).reduce((s, n) => s + n, 0);
  }
  rec.totals = [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  // Customers in number order, suspense (no customer) last.
  rec.unappliedCash = [...cash.values()].sort((a, b) => (a.customerNumber === null ? 1 : 0) - (b.customerNumber === null ? 1 : 0) || (a.customerNumber ?? '').localeCompare(b.customerNumber ?? '') || a.currency.localeCompare(b.currency));
  for (const d of input.deposits) {
    if (d.totalMinor !== d.checksMinor) rec.deposits.push({ number: d.number, problem: `its checks add up to ${d.checksMinor} but the slip says ${d.totalMinor}` });
    const age = daysBetween(d.depositDate, input.today);
    if (d.status === 'open' && age > input.depositWindowDays) rec.deposits.push({ number: d.number, problem: `prepared ${d.depositDate}, not credited by the bank after ${age} days` });
  }
  return rec;
}
