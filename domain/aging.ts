// The AR aging report a desk builds every week: each customer's open balance by how far past due, in the
// customer's currency (amounts of different currencies are never added together). Pure.
import { daysBetween } from './invoicing.js';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', 'over 90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucket(dueDate: string, today: string): AgingBucket {
  const late = daysBetween(dueDate, today);
  return late <= 0 ? 'current' : late <= 30 ? '1-30' : late <= 60 ? '31-60' : late <= 90 ? '61-90' : 'over 90';
}

export interface OpenItem { customerNumber: string; customerName: string; currency: string; dueDate: string; openMinor: number; disputedMinor: number }
export interface AgingRow { customerNumber: string; customerName: string; currency: string; buckets: Record<AgingBucket, number>; totalMinor: number; disputedMinor: number }
export interface Aging { today: string; rows: AgingRow[]; totals: { currency: string; buckets: Record<AgingBucket, number>; totalMinor: number; disputedMinor: number }[] }

const empty = (): Record<AgingBucket, number> => ({ current: 0, '1-30': 0, '31-60': 0, '61-90': 0, 'over 90': 0 });

export function agingReport(items: readonly OpenItem[], today: string): Aging {
  const rows = new Map<string, AgingRow>();
  const totals = new Map<string, Aging['totals'][number]>();
  for (const item of items) {
    if (item.openMinor <= 0) continue;
    const bucket = agingBucket(item.dueDate, today);
    const key = `${item.customerNumber}\0${item.currency}`;
    const row = rows.get(key) ?? { customerNumber: item.customerNumber, customerName: item.customerName, currency: item.currency, buckets: empty(), totalMinor: 0, disputedMinor: 0 };
    row.buckets[bucket] += item.openMinor; row.totalMinor += item.openMinor; row.disputedMinor += item.disputedMinor;
    rows.set(key, row);
    const total = totals.get(item.currency) ?? { currency: item.currency, buckets: empty(), totalMinor: 0, disputedMinor: 0 };
    total.buckets[bucket] += item.openMinor; total.totalMinor += item.openMinor; total.disputedMinor += item.disputedMinor;
    totals.set(item.currency, total);
  }
  // Most overdue money first: the order a collector works the list in.
  const weight = (r: AgingRow) => [r.buckets['over 90'], r.buckets['61-90'], r.buckets['31-60'], r.buckets['1-30'], r.totalMinor];
  const sorted = [...rows.values()].sort((a, b) => { const wa = weight(a), wb = weight(b); for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return wb[i]! - wa[i]!; return a.customerNumber.localeCompare(b.customerNumber); });
  return { today, rows: sorted, totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)) };
}
