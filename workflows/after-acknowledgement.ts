// Between the acknowledgement and the last shipment: a colleague's change to the order becomes its next
// revision with a revised acknowledgement (or is refused with the reasons); each shipment is reviewed and
// handed to invoicing. Ends when everything has shipped, or when the order is cancelled.
import { condition } from '@temporalio/workflow';
import { desk } from './activity-stubs.js';
import type { OrderState } from './order-state.js';
import type { OrderKey } from './order-review.js';
import { invoiceShipment } from './shipments.js';

export async function followOrderToShipment(order: OrderKey, state: OrderState): Promise<void> {
  state.progress.shipments = [];
  for (;;) {
    await condition(() => state.amendments.length > 0 || state.shipments.length > 0 || state.cancellation !== undefined);
    if (state.cancellation) return;
    if (state.amendments.length > 0) { await amend(order, state); continue; }
    const shipped = await invoiceShipment(order, state.shipments.shift()!, state);
    if (shipped === 'cancelled') return;
    state.setStep(shipped);
    if (shipped === 'shipped') return;
  }
}

async function amend(order: OrderKey, state: OrderState): Promise<void> {
  const request = state.amendments[0]!;
  const outcome = await desk.amendOrder(order.orderId, request.source, `amendment-${state.amendmentsRead + 1}`);
  if (outcome.kind === 'cancel') {
    state.cancellation = { by: outcome.by, reason: outcome.reason };
  } else if (outcome.kind === 'amended') {
    await desk.exportOrderToErp(order.orderId); // the warehouse works from the ERP: it gets the new revision
    const ack = await desk.composeOrderAcknowledgement(order.orderId, outcome.revision);
    const sent = await desk.deliverEmail(ack.outboundId);
    state.progress.acknowledgementMessageId = sent.messageId;
    state.progress.revision = outcome.revision;
  }
  state.progress.lastAmendment = outcome.kind === 'refused' ? { applied: false, by: outcome.by, problems: outcome.problems } : { applied: outcome.kind === 'amended', by: outcome.by, problems: [] };
  if (request.source.kind === 'email') {
    // Whoever mailed the change hears what became of it, in its thread.
    const told = await desk.composeDeskNotice({
      idempotencyKey: `amendment-outcome:${order.orderId}:${state.amendmentsRead + 1}`, kind: 'amendment_outcome', orderId: order.orderId, to: [request.source.from],
      subject: outcome.kind === 'amended' ? `PO ${order.poNumber} amended: revision ${outcome.revision} acknowledged` : outcome.kind === 'cancel' ? `PO ${order.poNumber} cancelled` : `PO ${order.poNumber} not amended`,
      paragraphs: [outcome.kind === 'amended' ? `The change you sent is applied and the customer has a revised acknowledgement (revision ${outcome.revision}).` : outcome.kind === 'cancel' ? `The order is cancelled: "${outcome.reason}".` : 'The change you sent was not applied, because:'],
      items: outcome.kind === 'amended' ? outcome.applied : outcome.kind === 'refused' ? outcome.problems : [],
    });
    await desk.deliverEmail(told.outboundId);
  }
  state.amendments.shift();
  state.amendmentsRead++;
}
