// Reports for the billing desk, read from the database: AR aging, and who has had our W-9 packet.
import type { Db } from '../db/client.js';
import { AGING_BUCKETS, agingReport, type Aging } from '../domain/aging.js';
import { formatMoney, money } from '../domain/money.js';
import { staleTickets, type StaleTicket } from '../domain/ticket-billing.js';
import { loadUnbilledTickets } from '../activities/service-tickets.js';

const OPEN = ['issued', 'partially_paid', 'disputed'] as const;

export async function receivablesAging(db: Db, today: string): Promise<Aging> {
  // Summed in the database by customer, currency and due date (the bucket depends on nothing else), so a
  // desk of many thousand open invoices reads as a few rows per customer.
  const [open, disputed] = await Promise.all([
    db.invoice.groupBy({ by: ['customerId', 'currency', 'dueDate'], where: { status: { in: [...OPEN] } }, _sum: { openMinor: true } }),
    db.dispute.findMany({ where: { status: 'open', invoice: { status: { in: [...OPEN] } } }, select: { amountMinor: true, invoice: { select: { customerId: true, currency: true, dueDate: true } } } }),
  ]);
  const customers = new Map((await db.customer.findMany({ where: { id: { in: [...new Set(open.map((g) => g.customerId))] } }, select: { id: true, number: true, name: true } })).map((c) => [c.id, c]));
  const key = (customerId: string, currency: string, dueDate: Date) => `${customerId}\0${currency}\0${dueDate.toISOString()}`;
  const disputedBy = new Map<string, number>();
  for (const d of disputed) { const k = key(d.invoice.customerId, d.invoice.currency, d.invoice.dueDate); disputedBy.set(k, (disputedBy.get(k) ?? 0) + Number(d.amountMinor)); }
  return agingReport(open.map((g) => {
    const customer = customers.get(g.customerId)!;
    return {
      customerNumber: customer.number, customerName: customer.name, currency: g.currency, dueDate: g.dueDate.toISOString().slice(0, 10),
      openMinor: Number(g._sum.openMinor ?? 0n), disputedMinor: disputedBy.get(key(g.customerId, g.currency, g.dueDate)) ?? 0,
    };
  }), today);
}

export function formatAging(report: Aging): string {
  const cell = (minor: number, currency: string) => (minor ? formatMoney(money(minor, currency)) : '—').padStart(16);
  const head = `${'customer'.padEnd(36)}${[...AGING_BUCKETS, 'total', 'in dispute'].map((b) => b.padStart(16)).join('')}`;
  const line = (label: string, r: { currency: string; buckets: Record<string, number>; totalMinor: number; disputedMinor: number }) =>
    `${label.slice(0, 35).padEnd(36)}${AGING_BUCKETS.map((b) => cell(r.buckets[b]!, r.currency)).join('')}${cell(r.totalMinor, r.currency)}${cell(r.disputedMinor, r.currency)}`;
  return [`AR aging on ${report.today}`, head, ...report.rows.map((r) => line(`${r.customerNumber} ${r.customerName}`, r)), '', ...report.totals.map((t) => line(`total ${t.currency}`, t))].join('\n');
}

export interface PacketDelivery { customerNumber: string; customerName: string; packets: { sentAt: string | null; to: string[]; occasion: string }[] }

/** Every customer and each W-9 packet it was sent (newest first): the delivery record the issue asks for. */
export async function w9PacketDeliveries(db: Db): Promise<PacketDelivery[]> {
  const customers = await db.customer.findMany({ orderBy: { number: 'asc' } });
  const packets = await db.outboundMessage.findMany({ where: { kind: 'w9_packet', customerId: { not: null } }, orderBy: { createdAt: 'desc' } });
  return customers.map((c) => ({
    customerNumber: c.number, customerName: c.name,
    packets: packets.filter((m) => m.customerId === c.id).map((m) => ({ sentAt: m.sentAt?.toISOString() ?? null, to: m.toAddresses, occasion: m.idempotencyKey.startsWith('w9-packet:first:') ? 'first invoice' : m.idempotencyKey.startsWith('w9-packet:remit:') ? 'remit-to change' : 'on request' })),
  }));
}

export function formatPacketDeliveries(rows: PacketDelivery[]): string {
  return rows.map((r) => `${r.customerNumber} ${r.customerName}\n${r.packets.length ? r.packets.map((p) => `  ${p.sentAt ?? 'not sent yet'}  ${p.occasion.padEnd(16)} ${p.to.join(', ')}`).join('\n') : '  never sent'}`).join('\n');
}

/** Service tickets still unbilled long after the work: billing that slipped through (the AR coordinator's list). */
export async function staleServiceTickets(db: Db, today: string, maxAgeDays: number): Promise<StaleTicket[]> {
  return staleTickets(await loadUnbilledTickets(db), today, maxAgeDays);
}

export function formatStaleTickets(rows: StaleTicket[], days: number): string {
  if (rows.length === 0) return `no service ticket is unbilled more than ${days} days after the work`;
  return [`service tickets unbilled more than ${days} days after the work`, ...rows.map((r) => `  ${r.ticketNumber.padEnd(14)} ${r.customerNumber.padEnd(8)} ${r.workDate}  ${String(r.ageDays).padStart(4)} days  ${formatMoney(money(r.amountMinor, r.currency)).padStart(16)}`)].join('\n');
}
