// The AR desk's dashboard figures, from the database: DSO and open receivables per currency, cash applied
// per day and what is unapplied or in suspense, open disputes, orders entered per day and the backlog.
import type { Db } from '../db/client.js';
import { daysSalesOutstanding } from '../domain/dso.js';
import type { OrderTrend } from '../domain/order-trend.js';
import { ordersReport } from './orders.js';

export interface Dashboard {
  today: string;
  receivables: { currency: string; openMinor: number; salesMinor: number; dso: number | undefined; unappliedMinor: number; suspenseMinor: number; disputedMinor: number; disputes: number }[];
  cashAppliedPerDay: { date: string; currency: string; appliedMinor: number }[];
  orders: OrderTrend;
}

export const DSO_PERIOD_DAYS = 90;
const OPEN = ['issued', 'partially_paid', 'disputed'] as const;

export async function dashboard(db: Db, today: string, days = 14): Promise<Dashboard> {
  const dayStart = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) - offset * 86_400_000);
  const [open, sales, unapplied, disputes, applications, orders] = await Promise.all([
    db.invoice.groupBy({ by: ['currency'], where: { status: { in: [...OPEN] } }, _sum: { openMinor: true } }),
    db.invoice.groupBy({ by: ['currency'], where: { status: { notIn: ['draft', 'void'] }, issueDate: { gt: dayStart(DSO_PERIOD_DAYS) } }, _sum: { totalMinor: true } }),
    db.payment.findMany({ where: { unappliedMinor: { gt: 0n } }, select: { currency: true, unappliedMinor: true, customerId: true } }),
    db.dispute.findMany({ where: { status: 'open' }, select: { amountMinor: true, invoice: { select: { currency: true } } } }),
    db.paymentApplication.findMany({ where: { appliedAt: { gte: dayStart(days - 1) } }, select: { appliedAt: true, amountMinor: true, payment: { select: { currency: true } } } }),
    ordersReport(db, { today, days }),
  ]);
  const currencies = [...new Set([...open.map((o) => o.currency), ...sales.map((s) => s.currency), ...unapplied.map((p) => p.currency)])].sort();
  const receivables = currencies.map((currency) => {
    const openMinor = Number(open.find((o) => o.currency === currency)?._sum.openMinor ?? 0n);
    const salesMinor = Number(sales.find((s) => s.currency === currency)?._sum.totalMinor ?? 0n);
    const mine = unapplied.filter((p) => p.currency === currency);
    const disputed = disputes.filter((d) => d.invoice.currency === currency);
    return {
      currency, openMinor, salesMinor, dso: daysSalesOutstanding(openMinor, salesMinor, DSO_PERIOD_DAYS),
      unappliedMinor: mine.filter((p) => p.customerId).reduce((s, p) => s + Number(p.unappliedMinor), 0),
      suspenseMinor: mine.filter((p) => !p.customerId).reduce((s, p) => s + Number(p.unappliedMinor), 0),
      disputedMinor: disputed.reduce((s, d) => s + Number(d.amountMinor), 0), disputes: disputed.length,
    };
  });
  const perDay = new Map<string, number>();
  for (const a of applications) {
    const key = `${a.appliedAt.toISOString().slice(0, 10)}|${a.payment.currency}`;
    perDay.set(key, (perDay.get(key) ?? 0) + Number(a.amountMinor));
  }
  const cashAppliedPerDay = [...Array(days).keys()].reverse().flatMap((offset) => {
    const date = dayStart(offset).toISOString().slice(0, 10);
    return (currencies.length ? currencies : ['USD']).map((currency) => ({ date, currency, appliedMinor: perDay.get(`${date}|${currency}`) ?? 0 }));
  });
  return { today, receivables, cashAppliedPerDay, orders };
}
