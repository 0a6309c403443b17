// The desk's trend report: orders entered per day, and the backlog of orders not yet handed on (still in
// review with the CSR, on credit hold, received but not scheduled), with the oldest of each. Pure.

export const BACKLOG_STATUSES = ['in_review', 'credit_hold', 'received'] as const;
export type BacklogStatus = (typeof BACKLOG_STATUSES)[number];

export interface OrderTrend {
  /** One row a day, oldest first, days without orders included. */
  enteredPerDay: { date: string; entered: number }[];
  backlog: { status: BacklogStatus; orders: number; oldestDays: number | null }[];
}

export function orderTrend(orders: readonly { createdAt: Date; status: string }[], today: string, days: number): OrderTrend {
  const end = Date.parse(`${today}T00:00:00Z`);
  const dates = Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
  const perDay = new Map(dates.map((d) => [d, 0]));
  for (const o of orders) {
    const d = o.createdAt.toISOString().slice(0, 10);
    if (perDay.has(d)) perDay.set(d, perDay.get(d)! + 1);
  }
  const backlog = BACKLOG_STATUSES.map((status) => {
    const waiting = orders.filter((o) => o.status === status);
    const oldest = waiting.reduce<number | null>((min, o) => (min === null || o.createdAt.getTime() < min ? o.createdAt.getTime() : min), null);
    return { status, orders: waiting.length, oldestDays: oldest === null ? null : Math.floor((end + 86_400_000 - oldest) / 86_400_000) };
  });
  return { enteredPerDay: dates.map((date) => ({ date, entered: perDay.get(date)! })), backlog };
}
