// Reads what the trend report needs from the database: orders entered in the window, and every order
// still in the backlog whenever it was entered.
import type { Db } from '../db/client.js';
import { BACKLOG_STATUSES, orderTrend, type OrderTrend } from '../domain/order-trend.js';

export async function ordersReport(db: Db, options: { today: string; days: number }): Promise<OrderTrend> {
  const since = new Date(Date.parse(`${options.today}T00:00:00Z`) - (options.days - 1) * 86_400_000);
  const orders = await db.order.findMany({
    where: { OR: [{ createdAt: { gte: since } }, { status: { in: [...BACKLOG_STATUSES] } }] },
    select: { createdAt: true, status: true },
  });
  return orderTrend(orders, options.today, options.days);
}

export function formatOrdersReport(report: OrderTrend): string {
  const width = Math.max(1, ...report.enteredPerDay.map((d) => d.entered));
  const rows = report.enteredPerDay.map((d) => `${d.date}  ${String(d.entered).padStart(4)}  ${'#'.repeat(Math.round((d.entered / width) * 40))}`);
  const backlog = report.backlog.map((b) => `  ${b.status.padEnd(12)} ${String(b.orders).padStart(4)}${b.oldestDays === null ? '' : `   oldest ${b.oldestDays} day(s)`}`);
  return ['orders entered per day', ...rows, '', 'backlog (not yet handed on)', ...backlog].join('\n');
}
