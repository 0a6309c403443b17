// Credit at order entry, from our books: the customer's open receivables and open orders, the oldest
// past-due invoice, the account's limit and hold flag. The decision itself is domain/credit.ts.
import type { Db } from '../db/client.js';
import type { Approver } from '../domain/approval-authority.js';
import { checkCredit, daysPastDue, DEFAULT_CREDIT_POLICY, type CreditDecision, type CreditPosition } from '../domain/credit.js';
import { formatMoney, money } from '../domain/money.js';

/** Invoice statuses that still carry an amount owed. */
const OPEN_INVOICE = ['issued', 'partially_paid', 'disputed'] as const;
/**
 * Orders given credit (past their own check) and not yet invoiced: they count against the limit. Orders
 * received but not yet checked, in review or on hold have not been given credit; each counts once released.
 * Two orders checked at the same moment do not see each other: the small window a desk accepts.
 */
const OPEN_ORDER = ['scheduled', 'acknowledged', 'shipped'] as const;

export type OrderCreditCheck = CreditDecision & { position: CreditPosition; orderTotalMinor: number; customerNumber: string; customerName: string; salesRepEmail: string | null };

/** The desk's active people with their role and approval limit, as workflows' validators judge them. */
export async function approversNow(db: Db): Promise<Approver[]> {
  const users = await db.user.findMany({ where: { active: true }, orderBy: { email: 'asc' } });
  return users.map((u) => ({ email: u.email.toLowerCase(), name: u.name, role: u.role, limitMinor: Number(u.approvalLimitMinor) }));
}

export function createCreditActivities({ db }: { db: Db }) {
  return {
    /** Loads the customer's position as of `today` (the workflow's date) and runs the check. */
    async checkOrderCredit(orderId: string, today: string): Promise<OrderCreditCheck> {
      const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, include: { customer: true, salesRep: true } });
      const [invoices, openOrders] = await Promise.all([
        db.invoice.findMany({ where: { customerId: order.customerId, status: { in: [...OPEN_INVOICE] }, openMinor: { gt: 0n } }, select: { number: true, dueDate: true, openMinor: true } }),
        db.order.aggregate({ where: { customerId: order.customerId, status: { in: [...OPEN_ORDER] }, id: { not: orderId } }, _sum: { totalMinor: true } }),
      ]);
      const oldest = invoices
        .map((i) => ({ number: i.number, days: daysPastDue(i.dueDate.toISOString().slice(0, 10), today) }))
        .sort((a, b) => b.days - a.days)[0];
      const position: CreditPosition = {
        currency: order.currency,
        creditLimitMinor: Number(order.customer.creditLimitMinor),
        openReceivablesMinor: invoices.reduce((sum, i) => sum + Number(i.openMinor), 0),
        openOrdersMinor: Number(openOrders._sum.totalMinor ?? 0n),
        oldestDaysPastDue: Math.max(0, oldest?.days ?? 0),
        oldestPastDueInvoice: oldest && oldest.days > 0 ? oldest.number : null,
        accountOnHold: order.customer.onCreditHold,
      };
      const format = (minor: number) => formatMoney(money(minor, order.currency));
      const decision = checkCredit(position, Number(order.totalMinor), DEFAULT_CREDIT_POLICY, format);
      return { ...decision, position, orderTotalMinor: Number(order.totalMinor), customerNumber: order.customer.number, customerName: order.customer.name, salesRepEmail: order.salesRep?.email ?? null };
    },

    /** Everyone who may decide, with their role and limit: the snapshot a hold's validator judges by. */
    listApprovers: () => approversNow(db),
  };
}
