// What an approval is about, traced to the things a person wants beside it: the customer's account
// (history, exposure) and the email the order came in, with its documents, as they arrived.
import type { Db } from '../db/client.js';
import { documentsOf } from './email-documents.js';

export interface SubjectLinks {
  customerNumber?: string;
  /** The email and the documents it carried, numbered as /messages/<id>/documents/<n> serves them. */
  email?: { id: string; subject: string; from: string; documents: { index: number; filename: string; size: number }[] };
}


async function emailOf(db: Db, inboundId: string): Promise<SubjectLinks['email']> {
  const m = await db.inboundMessage.findUnique({ where: { id: inboundId }, select: { id: true, subject: true, fromAddress: true, raw: true } });
  if (!m) return undefined;
  const documents = await documentsOf(m.raw).catch(() => []); // an unreadable message is still downloadable whole
  return { id: m.id, subject: m.subject ?? '(no subject)', from: m.fromAddress ?? '', documents: documents.map((d, index) => ({ index, filename: d.filename ?? `document ${index + 1} (${d.contentType})`, size: d.content.length })) };
}

/** A collections decision's subject is `<customer number>:<invoice numbers>`; the number itself may hold a colon. */
function customerOfSubject(subjectId: string): string {
  const at = subjectId.lastIndexOf(':');
  return at < 0 ? subjectId : subjectId.slice(0, at);
}

export async function orderLinks(db: Db, orderId: string): Promise<SubjectLinks> {
  const order = await db.order.findUnique({ where: { id: orderId }, select: { inboundMessageId: true, customer: { select: { number: true } } } });
  if (!order) return {};
  return { customerNumber: order.customer.number, email: order.inboundMessageId ? await emailOf(db, order.inboundMessageId) : undefined };
}

export async function approvalLinks(db: Db, approval: { subjectType: string; subjectId: string; context: unknown }): Promise<SubjectLinks> {
  const context = (approval.context ?? {}) as Record<string, unknown>;
  switch (approval.subjectType) {
    case 'order': return orderLinks(db, approval.subjectId);
    case 'shipment': {
      // The email beside a shipment decision is the warehouse's, with its packing slip, not the PO's.
      const shipment = await db.shipment.findUnique({ where: { id: approval.subjectId }, select: { orderId: true, source: true } });
      if (!shipment) return {};
      const links = await orderLinks(db, shipment.orderId);
      const inboundId = shipment.source?.startsWith('inbound:') ? shipment.source.slice('inbound:'.length) : undefined;
      return inboundId ? { ...links, email: await emailOf(db, inboundId) } : links;
    }
    case 'invoice': {
      const number = typeof context.invoice === 'string' ? context.invoice : undefined;
      const invoice = number ? await db.invoice.findFirst({ where: { number }, select: { orderId: true, customer: { select: { number: true } } } }) : null;
      if (!invoice) return {};
      return invoice.orderId ? { ...(await orderLinks(db, invoice.orderId)), customerNumber: invoice.customer.number } : { customerNumber: invoice.customer.number };
    }
    case 'payment': {
      const payment = await db.payment.findFirst({ where: { number: approval.subjectId.split('/')[0]! }, select: { customer: { select: { number: true } } } });
      return { customerNumber: payment?.customer?.number };
    }
    case 'customer': return { customerNumber: customerOfSubject(approval.subjectId) };
    default: return {};
  }
}

/** What a person calls each approval's subject (PO and customer, not an order's UUID), by approval id. */
export async function subjectLabels(db: Db, approvals: readonly { id: string; subjectType: string; subjectId: string; context: unknown }[]): Promise<Map<string, string>> {
  const orderIds = approvals.filter((a) => a.subjectType === 'order').map((a) => a.subjectId);
  const shipmentIds = approvals.filter((a) => a.subjectType === 'shipment').map((a) => a.subjectId);
  const [orders, shipments] = await Promise.all([
    orderIds.length ? db.order.findMany({ where: { id: { in: orderIds } }, select: { id: true, poNumber: true, customer: { select: { number: true } } } }) : [],
    shipmentIds.length ? db.shipment.findMany({ where: { id: { in: shipmentIds } }, select: { id: true, reference: true, order: { select: { poNumber: true, customer: { select: { number: true } } } } } }) : [],
  ]);
  const order = new Map(orders.map((o) => [o.id, `PO ${o.poNumber} (${o.customer.number})`]));
  const shipment = new Map(shipments.map((x) => [x.id, `packing slip ${x.reference}, PO ${x.order.poNumber} (${x.order.customer.number})`]));
  return new Map(approvals.map((a) => {
    const context = (a.context ?? {}) as Record<string, unknown>;
    const label = a.subjectType === 'order' ? order.get(a.subjectId)
      : a.subjectType === 'shipment' ? shipment.get(a.subjectId)
        : a.subjectType === 'invoice' && typeof context.invoice === 'string' ? `invoice ${context.invoice}`
          : a.subjectType === 'customer' ? `customer ${customerOfSubject(a.subjectId)}${a.subjectId.includes(':') ? `: ${a.subjectId.slice(a.subjectId.lastIndexOf(':') + 1).split(',').join(', ')}` : ''}`
            : undefined;
    return [a.id, label ?? `${a.subjectType} ${a.subjectId}`];
  }));
}
