// A customer's account as the desk reads it: open items, credit limit and exposure, and the timeline of
// everything that happened (orders, invoices, payments, mail in and out, notes, decisions), newest first.
import type { Db } from '../db/client.js';
import { formatMoney, money } from '../domain/money.js';

export interface AccountView {
  number: string; name: string; currency: string; terms: string; onCreditHold: boolean;
  creditLimit: string; openReceivables: string; openOrders: string; exposure: string; unappliedCash: string;
  openItems: { invoice: string; issued: string; due: string; total: string; open: string; status: string }[];
  timeline: { at: string; what: string; detail: string }[];
  /** Who gets our mail, and whether anyone gets the billing mail (invoices, reminders, statements). */
  contacts: { id: string; name: string; email: string; roles: string[] }[];
  billingContact: boolean;
}

const OPEN_INVOICE = ['issued', 'partially_paid', 'disputed'] as const;
const OPEN_ORDER = ['scheduled', 'acknowledged', 'shipped'] as const;
const day = (d: Date) => d.toISOString().slice(0, 10);
const stamp = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

export async function accountView(db: Db, customerNumber: string): Promise<AccountView | undefined> {
  const customer = await db.customer.findUnique({ where: { number: customerNumber }, include: { terms: true, contacts: { orderBy: { email: 'asc' } } } });
  if (!customer) return undefined;
  const m = (minor: bigint | number, currency = customer.currency) => formatMoney(money(Number(minor), currency));
  // The open items, exposure and unapplied cash are the whole account's; only the timeline is the latest.
  const [openInvoices, openOrderSum, unappliedSum, invoices, orders, payments, inbound, outbound, notes] = await Promise.all([
    db.invoice.findMany({ where: { customerId: customer.id, status: { in: [...OPEN_INVOICE] }, openMinor: { gt: 0 } }, orderBy: { dueDate: 'asc' } }),
    db.order.groupBy({ by: ['currency'], where: { customerId: customer.id, status: { in: [...OPEN_ORDER] } }, _sum: { totalMinor: true } }),
    db.payment.groupBy({ by: ['currency'], where: { customerId: customer.id }, _sum: { unappliedMinor: true } }),
    db.invoice.findMany({ where: { customerId: customer.id }, orderBy: { issueDate: 'desc' }, take: 200 }),
    db.order.findMany({ where: { customerId: customer.id }, orderBy: { createdAt: 'desc' }, take: 200 }),
    db.payment.findMany({ where: { customerId: customer.id }, orderBy: { receivedAt: 'desc' }, take: 200, include: { applications: { include: { invoice: { select: { number: true } } } } } }),
    db.inboundMessage.findMany({ where: { OR: [{ orders: { some: { customerId: customer.id } } }, ...(customer.emailDomains.length ? customer.emailDomains.map((d) => ({ fromAddress: { endsWith: `@${d}`, mode: 'insensitive' as const } })) : [])] }, orderBy: { receivedAt: 'desc' }, take: 100 }),
    db.outboundMessage.findMany({ where: { customerId: customer.id }, orderBy: { createdAt: 'desc' }, take: 100 }),
    db.collectionNote.findMany({ where: { customerId: customer.id }, orderBy: { at: 'desc' }, take: 100 }),
  ]);
  // Per currency, never added across them: "1,000.00 EUR + 500.00 USD".
  const sums = new Map<string, { receivables: bigint; orders: bigint; unapplied: bigint }>();
  const sum = (currency: string) => { const t = sums.get(currency) ?? { receivables: 0n, orders: 0n, unapplied: 0n }; sums.set(currency, t); return t; };
  for (const i of openInvoices) sum(i.currency).receivables += i.openMinor;
  for (const o of openOrderSum) sum(o.currency).orders += o._sum.totalMinor ?? 0n;
  for (const p of unappliedSum) sum(p.currency).unapplied += p._sum.unappliedMinor ?? 0n;
  const total = (pick: (t: { receivables: bigint; orders: bigint; unapplied: bigint }) => bigint) => {
    const parts = [...sums.entries()].filter(([, t]) => pick(t) !== 0n)
      .sort(([a], [b]) => (a === customer.currency ? -1 : b === customer.currency ? 1 : a.localeCompare(b))).map(([c, t]) => m(pick(t), c));
    return parts.length ? parts.join(' + ') : m(0n);
  };

  const timeline = [
    ...orders.map((o) => ({ at: o.createdAt, what: `order PO ${o.poNumber}`, detail: `${m(o.totalMinor, o.currency)}, ${o.status.replace(/_/g, ' ')}` })),
    ...invoices.map((i) => ({ at: i.createdAt, what: `invoice ${i.number}`, detail: `${m(i.totalMinor, i.currency)} due ${day(i.dueDate)}, ${i.status.replace(/_/g, ' ')}${i.openMinor > 0n && i.openMinor < i.totalMinor ? ` (${m(i.openMinor, i.currency)} open)` : ''}` })),
    ...payments.map((p) => ({ at: p.createdAt, what: `payment ${p.number ?? ''} (${p.method})`, detail: `${m(p.amountMinor, p.currency)}${p.applications.length ? ` applied to ${p.applications.map((a) => a.invoice.number).join(', ')}` : ''}${p.unappliedMinor > 0n ? `; ${m(p.unappliedMinor, p.currency)} unapplied (${p.status.replace(/_/g, ' ')})` : ''}` })),
    ...inbound.map((e) => ({ at: e.receivedAt, what: `email in (${e.mailbox})`, detail: `${e.fromAddress ?? ''}: ${e.subject ?? ''} → ${e.status.replace(/_/g, ' ')}` })),
    ...outbound.map((e) => ({ at: e.createdAt, what: `email out (${e.kind.replace(/_/g, ' ')})`, detail: `to ${e.toAddresses.join(', ')}: ${e.subject} (${e.status})` })),
    ...notes.map((n) => ({ at: n.at, what: `note by ${n.author}`, detail: n.text })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, 300).map((t) => ({ ...t, at: stamp(t.at) }));
  return {
    number: customer.number, name: customer.name, currency: customer.currency, terms: customer.terms.description, onCreditHold: customer.onCreditHold,
    creditLimit: m(customer.creditLimitMinor), openReceivables: total((t) => t.receivables), openOrders: total((t) => t.orders), exposure: total((t) => t.receivables + t.orders), unappliedCash: total((t) => t.unapplied),
    openItems: openInvoices.map((i) => ({ invoice: i.number, issued: day(i.issueDate), due: day(i.dueDate), total: m(i.totalMinor, i.currency), open: m(i.openMinor, i.currency), status: i.status.replace(/_/g, ' ') })),
    timeline,
    contacts: customer.contacts.map((c) => ({ id: c.id, name: c.name, email: c.email, roles: c.roles })),
    billingContact: customer.contacts.some((c) => c.roles.includes('billing') || c.roles.includes('ap')),
  };
}

export const CUSTOMERS_PER_PAGE = 100;

/** A page of customers (by number, or those whose number or name holds `q`) with each one's open receivables. */
export async function customerList(db: Db, options: { q?: string; page?: number } = {}): Promise<{ customers: { number: string; name: string; open: string; onCreditHold: boolean }[]; total: number }> {
  const q = options.q?.trim();
  const where = q ? { OR: [{ number: { contains: q, mode: 'insensitive' as const } }, { name: { contains: q, mode: 'insensitive' as const } }] } : {};
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const [customers, total] = await Promise.all([
    db.customer.findMany({ where, orderBy: { number: 'asc' }, skip: (page - 1) * CUSTOMERS_PER_PAGE, take: CUSTOMERS_PER_PAGE }),
    db.customer.count({ where }),
  ]);
  const open = await db.invoice.groupBy({ by: ['customerId', 'currency'], where: { customerId: { in: customers.map((c) => c.id) }, status: { in: [...OPEN_INVOICE] } }, _sum: { openMinor: true } });
  return {
    total,
    customers: customers.map((c) => {
      const mine = open.filter((g) => g.customerId === c.id && (g._sum.openMinor ?? 0n) > 0n);
      return { number: c.number, name: c.name, onCreditHold: c.onCreditHold, open: mine.length ? mine.map((g) => formatMoney(money(Number(g._sum.openMinor), g.currency))).join(' + ') : formatMoney(money(0, c.currency)) };
    }),
  };
}
