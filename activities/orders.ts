// Orders in our database: matching a PO to master data, entering it once, and recording its progress.
import type { Db } from '../db/client.js';
import { orderWorkflowId, normalizePoNumber } from '../domain/ids.js';
import type { MasterDataSlice } from '../domain/master-data.js';
import { decideIntake, type IntakeDecision, type OrderDraft } from '../domain/order-intake.js';
import type { ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { Prisma } from '../generated/prisma/client.js';
import type { OrderDeskPolicy } from '../domain/order-desk-policy.js';
import type { DeskSettings } from './settings.js';

export type OrderEntry =
  | { outcome: 'entered' | 'already_entered'; orderId: string; workflowId: string; policy?: OrderDeskPolicy }
  | { outcome: 'duplicate_po'; existingOrderId: string; existingSince: string; problems: string[] };

function quantityDecimal(milli: number): string {
  return (milli / 1000).toFixed(3);
}

/** The master data an intake decision needs, whole: the catalogue of a small desk fits in memory (a large one would narrow it by the PO's codes). */
export async function loadMasterData(db: Db): Promise<MasterDataSlice> {
  const [customers, products, prices, customerItems, terms] = await Promise.all([
    db.customer.findMany({ include: { contacts: { select: { email: true } } } }),
    db.product.findMany(),
    db.priceListEntry.findMany(),
    db.customerItem.findMany(),
    db.paymentTerms.findMany(),
  ]);
  return {
    customers: customers.map((c) => ({
      id: c.id, number: c.number, name: c.name, emailDomains: c.emailDomains, contactEmails: c.contacts.map((x) => x.email),
      currency: c.currency, termsCode: c.termsCode, salesRepId: c.salesRepId, priceListId: c.priceListId,
    })),
    products: products.map((p) => ({ id: p.id, sku: p.sku, description: p.description, unitOfMeasure: p.unitOfMeasure, active: p.active })),
    prices: prices.map((p) => ({ productId: p.productId, priceListId: p.priceListId, unitPriceMinor: Number(p.unitPriceMinor), minQuantity: p.minQuantity })),
    customerItems: customerItems.map((i) => ({ customerId: i.customerId, customerSku: i.customerSku, productId: i.productId })),
    terms,
  };
}

export function createOrderActivities({ db, settings }: { db: Db; settings: DeskSettings }) {
  return {
    async matchPurchaseOrder(po: ParsedPurchaseOrder, originalSender: string | undefined): Promise<IntakeDecision> {
      return decideIntake(po, { originalSender }, await loadMasterData(db));
    },

    /** Enters the order exactly once: the database's (customer, PO number) key decides retries and duplicates. */
    async enterOrder(draft: OrderDraft, inboundId: string): Promise<OrderEntry> {
      const poNumber = normalizePoNumber(draft.poNumber);
      const workflowId = orderWorkflowId(draft.customerNumber, poNumber);
      const existing = await db.order.findUnique({ where: { customerId_poNumber: { customerId: draft.customerId, poNumber } } });
      const judge = (order: { id: string; inboundMessageId: string | null; createdAt: Date }): OrderEntry =>
        order.inboundMessageId === inboundId
          ? { outcome: 'already_entered', orderId: order.id, workflowId, policy: settings.orderDeskPolicy }
          : {
              outcome: 'duplicate_po', existingOrderId: order.id, existingSince: order.createdAt.toISOString(),
              problems: [`PO ${draft.poNumber} from ${draft.customerName} (${draft.customerNumber}) was already entered on ${order.createdAt.toISOString().slice(0, 10)}. If this is a change to that order, reply with what changed; if it is a new order, the customer must use a new PO number.`],
            };
      if (existing) return judge(existing);
      try {
        const order = await db.$transaction(async (tx) => {
          // With questions open, the order is recorded (its PO number taken) but its lines wait for the answers.
          const complete = (draft.questions ?? []).length === 0;
          const created = await tx.order.create({
            data: {
              customerId: draft.customerId, poNumber, status: complete ? 'received' : 'in_review', currency: draft.currency,
              orderDate: draft.orderDate ? new Date(draft.orderDate) : null,
              requestedShipDate: draft.requestedShipDate ? new Date(draft.requestedShipDate) : null,
              shipTo: draft.shipTo, totalMinor: complete ? BigInt(draft.totalMinor) : 0n, termsCode: draft.termsCode,
              salesRepId: draft.salesRepId, inboundMessageId: inboundId, workflowId,
              lines: {
                create: (complete ? draft.lines : []).map((l) => ({
                  lineNumber: l.lineNumber, productId: l.productId, sku: l.sku, customerSku: l.customerSku,
                  description: l.description, quantity: quantityDecimal(l.quantityMilli), unitOfMeasure: l.unitOfMeasure,
                  unitPriceMinor: BigInt(l.unitPriceMinor), amountMinor: BigInt(l.amountMinor),
                })),
              },
            },
          });
          await tx.auditEvent.create({
            data: { actor: 'system:intake', action: 'order_entered', subjectType: 'order', subjectId: created.id, data: { poNumber, customer: draft.customerNumber, customerVia: draft.customerVia, notes: draft.notes } },
          });
          return created;
        });
        // The desk's waiting times travel with the order into its workflow: set where the order starts.
        return { outcome: 'entered', orderId: order.id, workflowId, policy: settings.orderDeskPolicy };
      } catch (err) {
        // Two deliveries racing: the loser reads the winner's row.
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
          const winner = await db.order.findUniqueOrThrow({ where: { customerId_poNumber: { customerId: draft.customerId, poNumber } } });
          return judge(winner);
        }
        throw err;
      }
    },

    async markOrderAcknowledged(orderId: string, outboundId: string): Promise<void> {
      const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
      if (order.acknowledgedAt) return;
      await db.$transaction([
        db.order.update({ where: { id: orderId }, data: { status: 'acknowledged', acknowledgedAt: new Date() } }),
        db.auditEvent.create({ data: { actor: `system:${order.workflowId}`, action: 'order_acknowledged', subjectType: 'order', subjectId: orderId, data: { outboundId } } }),
      ]);
    },

    /** Moves an order to its next status on the desk, with who moved it and why in the audit log. */
    async setOrderStatus(orderId: string, status: 'credit_hold' | 'scheduled', actor: string, data: Record<string, unknown>): Promise<void> {
      const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
      if (order.status === status) return; // a retry after success
      await db.$transaction([
        db.order.update({ where: { id: orderId }, data: { status, ...(status === 'scheduled' ? { scheduledAt: new Date() } : {}) } }),
        db.auditEvent.create({ data: { actor, action: status === 'scheduled' ? 'order_scheduled' : 'order_credit_hold', subjectType: 'order', subjectId: orderId, data: data as Prisma.InputJsonValue } }),
      ]);
    },

    async cancelOrder(orderId: string, by: string, reason: string): Promise<void> {
      await db.$transaction([
        db.order.update({ where: { id: orderId }, data: { status: 'cancelled' } }),
        db.auditEvent.create({ data: { actor: by, action: 'order_cancelled', subjectType: 'order', subjectId: orderId, data: { reason } } }),
      ]);
    },
  };
}
