// A shipment confirmation is checked against what was ordered and what shipped before. A clean one goes
// to invoicing; one that does not match waits for a person, who invoices the part nobody questions or nothing.
import { condition, ParentClosePolicy, patched, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { invoiceRequestFromReview, invoiceWorkflowId, type InvoiceRequest } from '../domain/invoice-handoff.js';
import { desk } from './activity-stubs.js';
import type { OrderState, ShipmentArrival } from './order-state.js';
import type { OrderKey } from './order-review.js';

/** Reviews one shipment and hands what it may to invoicing; returns whether the order has now shipped whole. */
export async function invoiceShipment(order: OrderKey, arrival: ShipmentArrival, state: OrderState): Promise<'shipped' | 'partly_shipped' | 'cancelled'> {
  const review = await desk.reviewOrderShipment(arrival.shipmentId, arrival.confirmation);
  const shipment = { id: arrival.shipmentId, reference: arrival.reference, shippedAt: arrival.confirmation.shippedAt.value };
  const orderView = { id: order.orderId, customerNumber: order.customerNumber, poNumber: order.poNumber, currency: review.currency };
  state.progress.shipments ??= [];

  if (review.kind === 'clean') {
    await handToInvoicing(invoiceRequestFromReview({ order: orderView, shipment, released: review, requestedBy: 'arflow' }), review.complete);
    state.progress.shipments.push({ reference: arrival.reference, outcome: 'invoice_requested' });
  } else {
    const decision = await askAboutDiscrepancy(order, arrival.reference, arrival.shipmentId, review.findings.map((f) => f.message), state);
    if (!decision) return 'cancelled';
    if (decision.decision === 'invoice_undisputed' && review.invoiceLines.length > 0) {
      await handToInvoicing(invoiceRequestFromReview({ order: orderView, shipment, released: { invoiceLines: review.invoiceLines, freightMinor: 0 }, requestedBy: decision.by }), review.complete);
      state.progress.shipments.push({ reference: arrival.reference, outcome: 'invoice_requested' });
    } else {
      state.progress.shipments.push({ reference: arrival.reference, outcome: 'not_invoiced' });
    }
  }
  return review.complete ? 'shipped' : 'partly_shipped';
}

async function askAboutDiscrepancy(order: OrderKey, reference: string, shipmentId: string, findings: string[], state: OrderState) {
  await desk.markShipmentDiscrepancy(shipmentId, findings);
  state.progress.shipmentFindings = findings;
  state.shipmentDecision = undefined;
  state.setStep('shipment_discrepancy');
  const { approvalId } = await desk.openApproval({
    kind: 'shipment_discrepancy', workflowId: workflowInfo().workflowId, updateName: 'resolveShipmentDiscrepancy', subjectType: 'shipment', subjectId: shipmentId,
    context: { reference, findings },
  });
  const people = (await desk.listApprovers()).filter((a) => a.role === 'csr' || a.role === 'ar_lead').map((a) => a.email);
  const notice = await desk.composeDeskNotice({
    idempotencyKey: `shipment-discrepancy:${shipmentId}`, kind: 'shipment_discrepancy', orderId: order.orderId, to: people,
    subject: `Shipment ${reference} does not match PO ${order.poNumber} (${order.customerNumber})`,
    paragraphs: [`Packing slip ${reference} for PO ${order.poNumber} of ${order.customerNumber} was not invoiced, because:`],
    items: findings,
    action: `Decide it (resolveShipmentDiscrepancy on workflow ${workflowInfo().workflowId}): invoice what nobody questions, or nothing.`,
  });
  await desk.deliverEmail(notice.outboundId);
  await condition(() => state.shipmentDecision !== undefined || state.cancellation !== undefined);
  if (state.cancellation) {
    await desk.recordApprovalDecision(approvalId, { status: 'rejected', by: state.cancellation.by, reason: `order cancelled: ${state.cancellation.reason}` });
    return undefined;
  }
  const decision = state.shipmentDecision!;
  await desk.recordApprovalDecision(approvalId, { status: decision.decision === 'invoice_undisputed' ? 'approved' : 'rejected', by: decision.by, reason: decision.reason });
  state.progress.shipmentFindings = [];
  return decision;
}

/**
 * The shipment is accepted with its invoice request recorded, then (added with invoicing, behind patched())
 * the invoice's own workflow starts: it outlives the order's (ABANDON), and its ID from the customer and
 * packing slip means a replayed or retried start can never bill the shipment twice.
 */
async function handToInvoicing(request: InvoiceRequest, orderComplete: boolean): Promise<void> {
  await desk.requestInvoice(request, orderComplete);
  if (!patched('invoice-workflow')) return;
  try {
    await startChild('invoiceWorkflow', {
      workflowId: invoiceWorkflowId(request.customerNumber, request.shipmentReference), args: [request],
      parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err; // already invoiced
  }
}
