// Shipments in our database: confirmations matched to their orders, reviewed against what was ordered and
// shipped before, and clean ones handed to invoicing (domain/invoice-handoff.ts is the contract).
import type { Db } from '../db/client.js';
import { invoiceRequestSchema, type InvoiceRequest } from '../domain/invoice-handoff.js';
import { normalizePoNumber } from '../domain/po-number.js';
import { orderIdPrefixFromReference, shipmentConfirmationSchema, type ShipmentConfirmation } from '../domain/shipment.js';
import { DEFAULT_SHIPMENT_POLICY, reviewShipment, type ShipmentReview } from '../domain/shipment-review.js';
import { Prisma } from '../generated/prisma/client.js';
import { parseEmail } from '../parsers/email.js';
import { findShipmentConfirmations, type ShipmentSearch } from '../parsers/shipment-from-email.js';
import { orderReference } from './outbox.js';
import type { DeskSettings } from './settings.js';

export type RecordedShipment =
  | { found: true; shipmentId: string; orderId: string; orderWorkflowId: string; reference: string }
  | { found: false; problem: string };

const milli = (q: Prisma.Decimal | { toString(): string }) => Math.round(Number(q.toString()) * 1000);

export function createShipmentActivities({ db, settings }: { db: Db; settings: DeskSettings }) {
  async function findOrder(c: ShipmentConfirmation) {
    const prefix = c.orderRef ? orderIdPrefixFromReference(c.orderRef.value) : undefined;
    if (prefix) {
      const byRef = await db.order.findMany({ where: { id: { startsWith: prefix } }, include: { customer: true } });
      if (byRef.length === 1) return { order: byRef[0]! };
    }
    if (c.orderRef) {
      const byErp = await db.order.findMany({ where: { erpOrderNumber: c.orderRef.value }, include: { customer: true } });
      if (byErp.length === 1) return { order: byErp[0]! };
    }
    if (c.poNumber) {
      const byPo = await db.order.findMany({
        where: { poNumber: normalizePoNumber(c.poNumber.value), ...(c.customerNumber ? { customer: { number: c.customerNumber.value } } : {}) },
        include: { customer: true },
      });
      if (byPo.length === 1) return { order: byPo[0]! };
      if (byPo.length > 1) return { problem: `${c.documentName}: PO ${c.poNumber.value} is on orders of ${byPo.length} customers (${byPo.map((o) => o.customer.number).join(', ')}) and the slip names no customer or order of ours.` };
    }
    return { problem: `${c.documentName}: packing slip ${c.reference.value} names ${[c.orderRef && `order ${c.orderRef.value}`, c.poNumber && `PO ${c.poNumber.value}`].filter(Boolean).join(' and ')}, and no order of ours matches.` };
  }

  return {
    async findShipmentsInMessage(inboundId: string): Promise<ShipmentSearch> {
      const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
      let email;
      try { email = await parseEmail(Buffer.from(message.raw)); } catch { return { kind: 'none' }; }
      return findShipmentConfirmations(email, settings.companyName);
    },

    /** Records a confirmation against its order, once: (order, slip number) is the shipment's identity. */
    async recordShipment(inboundId: string, confirmation: ShipmentConfirmation): Promise<RecordedShipment> {
      const c = shipmentConfirmationSchema.parse(confirmation);
      const match = await findOrder(c);
      if (!match.order) return { found: false, problem: match.problem! };
      const order = match.order;
      const key = { orderId_reference: { orderId: order.id, reference: c.reference.value } };
      const shipment = await db.shipment.upsert({
        where: key,
        create: {
          orderId: order.id, reference: c.reference.value, shippedAt: new Date(`${c.shippedAt.value}T00:00:00Z`), carrier: c.carrier?.value ?? null,
          freightMinor: BigInt(c.freightMinor?.value ?? 0), source: `inbound:${inboundId}`,
        },
        update: {},
      });
      return { found: true, shipmentId: shipment.id, orderId: order.id, orderWorkflowId: order.workflowId, reference: shipment.reference };
    },

    /** Shipped against ordered, counting earlier shipments; stores what this one shipped per order line. */
    async reviewOrderShipment(shipmentId: string, confirmation: ShipmentConfirmation): Promise<ShipmentReview & { currency: string }> {
      const shipment = await db.shipment.findUniqueOrThrow({ where: { id: shipmentId } });
      const order = await db.order.findUniqueOrThrow({ where: { id: shipment.orderId }, include: { customer: true, lines: true, shipments: { where: { id: { not: shipmentId } }, include: { lines: true } } } });
      const review = reviewShipment(
        {
          id: order.id, reference: orderReference(order.id), erpOrderNumber: order.erpOrderNumber, customerNumber: order.customer.number,
          poNumber: order.poNumber, status: order.status, currency: order.currency, shipTo: order.shipTo,
          lines: order.lines.map((l) => ({ lineNumber: l.lineNumber, sku: l.sku, customerSku: l.customerSku, description: l.description, quantityMilli: milli(l.quantity), unitOfMeasure: l.unitOfMeasure, unitPriceMinor: Number(l.unitPriceMinor) })),
        },
        order.shipments.filter((s) => s.status !== 'discrepancy').map((s) => ({
          reference: s.reference, shippedAt: s.shippedAt.toISOString().slice(0, 10),
          lines: s.lines.map((l) => ({ orderLineNumber: l.lineNumber, sku: l.sku, quantityMilli: milli(l.quantity) })),
        })),
        shipmentConfirmationSchema.parse(confirmation),
        DEFAULT_SHIPMENT_POLICY,
      );
      await db.$transaction([
        db.shipmentLine.deleteMany({ where: { shipmentId } }),
        db.shipmentLine.createMany({ data: review.allocations.map((a) => ({ shipmentId, lineNumber: a.orderLineNumber, sku: a.sku, quantity: (a.quantityMilli / 1000).toFixed(3) })) }),
      ]);
      return { ...review, currency: order.currency };
    },

    async markShipmentDiscrepancy(shipmentId: string, findings: string[]): Promise<void> {
      const shipment = await db.shipment.findUniqueOrThrow({ where: { id: shipmentId } });
      if (shipment.status === 'discrepancy') return;
      await db.$transaction([
        db.shipment.update({ where: { id: shipmentId }, data: { status: 'discrepancy' } }),
        db.auditEvent.create({ data: { actor: 'system:shipments', action: 'shipment_discrepancy', subjectType: 'shipment', subjectId: shipmentId, data: { findings } } }),
      ]);
    },

    /**
     * The hand-off to invoicing: the shipment is accepted with the invoice request recorded beside it (the
     * audit trail of what was released to billing, and by whom); the invoice workflow starts next.
     */
    async requestInvoice(request: InvoiceRequest, orderComplete: boolean): Promise<void> {
      const checked = invoiceRequestSchema.parse(request);
      if (!checked.shipmentId || !checked.orderId) throw new Error('requestInvoice takes a shipment of an order');
      const shipment = await db.shipment.findUniqueOrThrow({ where: { id: checked.shipmentId } });
      if (shipment.status === 'accepted' || shipment.status === 'invoiced') return;
      await db.$transaction([
        db.shipment.update({ where: { id: checked.shipmentId }, data: { status: 'accepted' } }),
        ...(orderComplete ? [db.order.update({ where: { id: checked.orderId }, data: { status: 'shipped' } })] : []),
        db.auditEvent.create({ data: { actor: checked.requestedBy, action: 'invoice_requested', subjectType: 'shipment', subjectId: checked.shipmentId, data: checked as unknown as Prisma.InputJsonValue } }),
      ]);
    },
  };
}
