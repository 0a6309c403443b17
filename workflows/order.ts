// One customer order, from entry to the end of its life. Today: acknowledge it to the customer and the
// sales rep, then stay open for what comes next (shipment, amendments) or a cancellation.
import { condition, defineQuery, defineUpdate, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { desk } from './activity-stubs.js';
import { ORDER_STATUS } from './search-attributes.js';

export interface OrderWorkflowInput {
  orderId: string;
  customerNumber: string;
  poNumber: string;
}

export type OrderStep = 'entered' | 'acknowledged' | 'cancelled';

export interface OrderProgress {
  step: OrderStep;
  acknowledgementMessageId: string | null;
  cancelledBy: string | null;
}

export interface CancelOrderRequest { by: string; reason: string }

export const orderProgressQuery = defineQuery<OrderProgress>('orderProgress');
export const cancelOrderUpdate = defineUpdate<OrderProgress, [CancelOrderRequest]>('cancelOrder');

export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderProgress> {
  const progress: OrderProgress = { step: 'entered', acknowledgementMessageId: null, cancelledBy: null };
  let cancellation: CancelOrderRequest | undefined;
  setHandler(orderProgressQuery, () => progress);
  setHandler(cancelOrderUpdate, async (request) => {
    cancellation = request;
    await condition(() => progress.step === 'cancelled');
    return progress;
  }, {
    validator: (request) => {
      if (!request || typeof request.by !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(request.by)) throw new Error('a cancellation needs the email address of the person cancelling');
      if (typeof request.reason !== 'string' || request.reason.trim().length < 3) throw new Error('a cancellation needs a reason');
      if (progress.step === 'cancelled' || cancellation !== undefined) throw new Error(`the order is already ${progress.step === 'cancelled' ? 'cancelled' : 'being cancelled'}`);
    },
  });
  const setStep = (step: OrderStep) => {
    progress.step = step;
    upsertSearchAttributes([{ key: ORDER_STATUS, value: step }]);
  };
  setStep('entered');

  // An order cancelled before its acknowledgement went out is not acknowledged at all.
  const cancelledEarly = patched('no-ack-after-cancel') && cancellation !== undefined;
  if (!cancelledEarly) {
    const ack = await desk.composeOrderAcknowledgement(input.orderId);
    const sent = await desk.deliverEmail(ack.outboundId);
    await desk.markOrderAcknowledged(input.orderId, ack.outboundId);
    progress.acknowledgementMessageId = sent.messageId;
    setStep('acknowledged');
  }

  await condition(() => cancellation !== undefined);
  const decision = cancellation!;
  await desk.cancelOrder(input.orderId, decision.by, decision.reason);
  progress.cancelledBy = decision.by;
  setStep('cancelled');
  return progress;
}
