// The hand-off from a reviewed shipment to invoicing: what the order workflow gives the invoice workflow.
//
// ── The contract ──
// Who starts what
//   • The order workflow (workflows/order.ts), once a shipment of its order is reviewed clean
//     (domain/shipment-review.ts), or once a person has resolved the findings of one that was not, builds an
//     InvoiceRequest (invoiceRequestFromReview below) and starts the invoice workflow as a child:
//       startChild(INVOICE_WORKFLOW_TYPE, { workflowId: invoiceWorkflowId(customerNumber, shipment.reference),
//         args: [request], parentClosePolicy: ParentClosePolicy.ABANDON,
//         workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE })
//     ABANDON: an invoice lives on (payment, dunning) after the order's workflow closes.
//   • The invoice workflow validates its input with invoiceRequestSchema first thing (a request that fails is
//     a bug upstream: it fails loudly, it is never invoiced half right).
// Idempotency: one shipment, one invoice
//   • The workflow ID is derived from the business key (customer, packing slip / BOL number), so a retried or
//     replayed start cannot make a second invoice: REJECT_DUPLICATE refuses it even after the first closed, and
//     the starter treats WorkflowExecutionAlreadyStartedError as "already invoiced", not as a failure.
//   • The invoice workflow writes Invoice.workflowId = its own ID (unique in the database) and sets
//     Shipment.status from `accepted` to `invoiced` in the same transaction, so a retried activity finds the
//     invoice it already wrote instead of writing another.
//   • A BOL that covers several orders of one customer must be recorded per order under a reference that says
//     which (the packing slip number, or `<BOL>/<SO reference>`): the reference is what keeps IDs apart.
// When the invoice is written
//   • createInvoice (activities/invoices.ts) sets the shipment `invoiced` and, once the order has shipped whole
//     and every shipment has its invoice, the order `invoiced`, in the invoice's own transaction: the order's
//     workflow has ended by then (it ends when everything shipped), so nothing is signalled back to it.
//   • A mistaken invoice is undone with a credit memo (the invoicing issue's next part), never by deleting it.
import { z } from 'zod';
import { extendLine } from './money.js';
import { normalizeShipmentReference } from './shipment.js';
import type { ShipmentReview } from './shipment-review.js';

export const INVOICE_WORKFLOW_TYPE = 'invoiceWorkflow';

export const invoiceRequestLineSchema = z.object({
  sku: z.string().min(1),
  description: z.string(),
  quantityMilli: z.number().int().positive(),
  unitPriceMinor: z.number().int().nonnegative(),
  amountMinor: z.number().int().nonnegative(),
}).refine((l) => l.amountMinor === extendLine(l.quantityMilli, l.unitPriceMinor), {
  message: 'amountMinor must be quantityMilli × unitPriceMinor (domain/money.ts extendLine)', path: ['amountMinor'],
});

export const invoiceRequestSchema = z.object({
  /** The order and shipment it bills; absent for service tickets, which name their tickets instead. */
  orderId: z.string().min(1).optional(),
  shipmentId: z.string().min(1).optional(),
  ticketIds: z.array(z.string().min(1)).min(1).optional(),
  /** The packing slip / BOL number (or TICKETS-<period>) the workflow ID is derived from; printed on the invoice. */
  shipmentReference: z.string().min(1),
  customerNumber: z.string().min(1),
  poNumber: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
  lines: z.array(invoiceRequestLineSchema).min(1, 'an invoice needs at least one shipped line'),
  freightMinor: z.number().int().nonnegative(),
  /** Sales tax as the ERP or tax engine figured it (arflow computes none); a line of its own when not zero. */
  taxMinor: z.number().int().nonnegative().optional(),
  shippedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date (YYYY-MM-DD)'),
  /** `arflow` when a clean review invoiced it by itself; otherwise the email of the person who released it. */
  requestedBy: z.string().min(1),
}).refine((r) => (r.shipmentId !== undefined && r.orderId !== undefined) !== (r.ticketIds !== undefined), {
  message: 'an invoice bills either one shipment of an order (orderId and shipmentId) or service tickets (ticketIds)', path: ['shipmentId'],
});
export type InvoiceRequest = z.infer<typeof invoiceRequestSchema>;


/** One ID per customer and packing slip / BOL, however the slip number is punctuated (domain/shipment.ts). */
export function invoiceWorkflowId(customerNumber: string, shipmentReference: string): string {
  return `invoice-${customerNumber}-${normalizeShipmentReference(shipmentReference)}`;
}

/** The request for a clean review (or a resolved one: pass the lines and freight the person released). */
export function invoiceRequestFromReview(input: {
  order: { id: string; customerNumber: string; poNumber: string; currency: string };
  shipment: { id: string; reference: string; shippedAt: string };
  released: Pick<Extract<ShipmentReview, { kind: 'clean' }>, 'invoiceLines' | 'freightMinor'>;
  requestedBy: string;
}): InvoiceRequest {
  const { order, shipment, released } = input;
  return invoiceRequestSchema.parse({
    orderId: order.id,
    shipmentId: shipment.id,
    shipmentReference: shipment.reference,
    customerNumber: order.customerNumber,
    poNumber: order.poNumber,
    currency: order.currency,
    lines: released.invoiceLines.map((l) => ({ sku: l.sku, description: l.description, quantityMilli: l.quantityMilli, unitPriceMinor: l.unitPriceMinor, amountMinor: l.amountMinor })),
    freightMinor: released.freightMinor,
    shippedAt: shipment.shippedAt,
    requestedBy: input.requestedBy,
  });
}
