// What an approval is about, traced to the things a person wants beside it: the customer's account
// (history, exposure) and the email the order came in, with its documents, as they arrived.
import type { Db } from '../db/client.js';

export interface SubjectLinks {
  customerNumber?: string;
  email?: { id: string; subject: string; from: string; documents: { id: string; filename: string; size: number }[] };
}

const DOCUMENTS = { select: { id: true, filename: true, contentType: true, size: true, position: true }, orderBy: { position: 'asc' as const } };

export async function orderLinks(db: Db, orderId: string): Promise<SubjectLinks> {
  const order = await db.order.findUnique({ where: { id: orderId }, include: { customer: { select: { number: true } }, inboundMessage: { select: { id: true, subject: true, fromAddress: true, documents: DOCUMENTS } } } });
  if (!order) return {};
  const m = order.inboundMessage;
  return {
    customerNumber: order.customer.number,
    email: m ? { id: m.id, subject: m.subject ?? '(no subject)', from: m.fromAddress ?? '', documents: m.documents.map((d) => ({ id: d.id, filename: d.filename ?? `${d.contentType} ${d.position}`, size: d.size })) } : undefined,
  };
}

export async function approvalLinks(db: Db, approval: { subjectType: string; subjectId: string; context: unknown }): Promise<SubjectLinks> {
  const context = (approval.context ?? {}) as Record<string, unknown>;
  switch (approval.subjectType) {
    case 'order': return orderLinks(db, approval.subjectId);
    case 'shipment': {
      const shipment = await db.shipment.findUnique({ where: { id: approval.subjectId }, select: { orderId: true } });
      return shipment ? orderLinks(db, shipment.orderId) : {};
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
    case 'customer': return { customerNumber: approval.subjectId.split(':')[0] };
    default: return {};
  }
}
