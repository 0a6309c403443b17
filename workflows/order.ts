// One customer order, from entry to the end of its life, as the order desk works it:
//   review the PO with the CSR until nothing is open → check credit (an AR lead decides a hold) →
//   enter it for scheduling in the ERP → acknowledge it to the customer and the sales rep → stay open
//   for what comes next (shipment, amendments) or a cancellation.
import { ApplicationFailure, condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { CREDIT_DECIDERS, refuseUnlessAuthorised } from '../domain/approval-authority.js';
import { formatMoney, money } from '../domain/money.js';
import { DEFAULT_ORDER_DESK_POLICY, type OrderDeskPolicy } from '../domain/order-desk-policy.js';
import { desk } from './activity-stubs.js';
import { approversChangedSignal, approversFrom } from './approvers-signal.js';
import { clearCredit } from './credit-hold.js';
import { followOrderToShipment } from './after-acknowledgement.js';
import { reviewUntilComplete, type OrderReviewInput } from './order-review.js';
import {
  amendmentEmailSignal, amendOrderUpdate, answerReviewQuestionsUpdate, cancelOrderUpdate, decideCreditHoldUpdate, orderProgressQuery, orderReviewQuery, resolveShipmentDiscrepancyUpdate, reviewAnswerEmailSignal,
  shipmentConfirmedSignal, type OrderProgress, type OrderState, type OrderStep,
} from './order-state.js';
import { ORDER_STATUS } from './search-attributes.js';

export { amendOrderUpdate, amendmentEmailSignal, cancelOrderUpdate, orderProgressQuery, orderReviewQuery, answerReviewQuestionsUpdate, decideCreditHoldUpdate, reviewAnswerEmailSignal, resolveShipmentDiscrepancyUpdate, shipmentConfirmedSignal };
export type { OrderProgress, OrderReviewView, OrderStep, CancelOrderRequest } from './order-state.js';

export interface OrderWorkflowInput {
  orderId: string;
  customerNumber: string;
  poNumber: string;
  /** Present when the PO had open questions at intake: its lines are entered once they are answered. */
  review?: OrderReviewInput;
  /** The desk's waiting times, when a deployment (or a test) sets its own. */
  policy?: Partial<OrderDeskPolicy>;
}

export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderProgress> {
  const policy = { ...DEFAULT_ORDER_DESK_POLICY, ...input.policy };
  const state = openOrderState();

  state.setStep('entered');
  if (patched('order-desk-review')) {
    const review = input.review ? await reviewUntilComplete(input, input.review, state, policy) : { complete: true };
    const credit = review.complete && !state.cancellation ? await clearCredit(input, state, policy) : 'cancelled';
    if (credit === 'rejected') state.cancellation = { by: state.creditDecision!.by, reason: `credit hold rejected: ${state.creditDecision!.reason}` };
    if (!state.cancellation) {
      await desk.setOrderStatus(input.orderId, 'scheduled', `system:${workflowInfo().workflowId}`, { credit });
      state.setStep('scheduled');
      const erp = await desk.exportOrderToErp(input.orderId);
      state.progress.erpOrderNumber = erp.erpOrderNumber;
    }
  }

  // An order cancelled before its acknowledgement went out is not acknowledged at all.
  const cancelledEarly = patched('no-ack-after-cancel') && state.cancellation !== undefined;
  if (!cancelledEarly) {
    const ack = await desk.composeOrderAcknowledgement(input.orderId);
    const sent = await desk.deliverEmail(ack.outboundId);
    await desk.markOrderAcknowledged(input.orderId, ack.outboundId);
    state.progress.acknowledgementMessageId = sent.messageId;
    state.setStep('acknowledged');
  }

  // Added with shipments: amendments until it ships, each shipment reviewed and handed to invoicing.
  if (!state.cancellation && patched('shipment-to-invoice')) {
    state.followsShipments = true;
    await followOrderToShipment(input, state);
    if (!state.cancellation) return state.progress; // shipped: invoicing carries on in its own workflows
  }

  // Orders acknowledged before shipments were followed wait for a cancellation; a shipment or a change
  // reaching one of them now wakes it to be followed like any other.
  await condition(() => state.cancellation !== undefined || (!state.followsShipments && (state.shipments.length > 0 || state.amendments.length > 0)));
  if (!state.cancellation && patched('legacy-orders-follow-shipments')) {
    state.followsShipments = true;
    await followOrderToShipment(input, state);
    if (!state.cancellation) return state.progress;
  }
  await condition(() => state.cancellation !== undefined);
  const decision = state.cancellation!;
  await desk.cancelOrder(input.orderId, decision.by, decision.reason);
  state.progress.cancelledBy = decision.by;
  state.setStep('cancelled');
  return state.progress;
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** The order's state, with the handlers through which people act on it. */
function openOrderState(): OrderState {
  const state: OrderState = {
    progress: { step: 'entered', acknowledgementMessageId: null, cancelledBy: null },
    cancellation: undefined,
    answers: [],
    answersRead: 0,
    hold: undefined,
    creditDecision: undefined,
    shipments: [],
    shipmentDecision: undefined,
    amendments: [],
    amendmentsRead: 0,
    reviewClosed: false,
    followsShipments: false,
    shipmentsSeen: 0,
    setStep(step: OrderStep) {
      state.progress.step = step;
      upsertSearchAttributes([{ key: ORDER_STATUS, value: step }]);
    },
  };
  setHandler(orderProgressQuery, () => state.progress);
  setHandler(orderReviewQuery, () => (state.reviewClosed ? null : state.reviewing ?? null));

  setHandler(cancelOrderUpdate, async (request) => {
    state.cancellation = request;
    await condition(() => state.progress.step === 'cancelled');
    return state.progress;
  }, {
    validator: (request) => {
      if (!request || typeof request.by !== 'string' || !EMAIL.test(request.by)) throw new Error('a cancellation needs the email address of the person cancelling');
      if (typeof request.reason !== 'string' || request.reason.trim().length < 3) throw new Error('a cancellation needs a reason');
      if (state.progress.step === 'cancelled' || state.cancellation !== undefined) throw new Error(`the order is already ${state.progress.step === 'cancelled' ? 'cancelled' : 'being cancelled'}`);
      if (state.shipmentsSeen > 0) throw new Error('the order has shipped (in part or whole): cancel what is left through the ERP, and credit what was invoiced');
    },
  });

  setHandler(shipmentConfirmedSignal, (arrival) => { state.shipments.push(arrival); state.shipmentsSeen++; });
  let approversVersion = 0;
  setHandler(approversChangedSignal, (told) => {
    const now = approversFrom(told);
    if (!now || now.version < approversVersion) return;
    approversVersion = now.version;
    if (state.hold) state.hold = { ...state.hold, approvers: now.approvers };
  });

  const amendable = () => state.progress.step === 'acknowledged' && state.shipmentsSeen === 0 && !state.cancellation;
  setHandler(amendmentEmailSignal, (email) => {
    // A change mailed once the order can no longer change is still answered: amend() tells the sender why not.
    state.amendments.push({ source: { kind: 'email', inboundId: email.inboundId, from: email.from } });
  });
  setHandler(amendOrderUpdate, async (request) => {
    const mine = state.amendmentsRead + state.amendments.length + 1;
    state.amendments.push({ source: { kind: 'typed', text: request.changes, by: request.by } });
    await condition(() => state.amendmentsRead >= mine);
    const outcome = state.progress.lastAmendment!;
    if (!outcome.applied && outcome.problems.length) throw ApplicationFailure.create({ message: `not amended: ${outcome.problems.join(' ')}`, nonRetryable: true });
    return state.progress;
  }, {
    validator: (request) => {
      if (!request || typeof request.by !== 'string' || !EMAIL.test(request.by)) throw new Error('an amendment needs the email address of the person changing the order');
      if (typeof request.changes !== 'string' || !request.changes.trim()) throw new Error('the amendment is empty');
      if (!amendable()) throw new Error(`the order can no longer be amended (it is ${state.progress.step}${(state.progress.shipments?.length ?? 0) > 0 ? ', with shipments' : ''})`);
    },
  });

  setHandler(resolveShipmentDiscrepancyUpdate, async (request) => {
    state.shipmentDecision = request;
    await condition(() => state.progress.step !== 'shipment_discrepancy' || state.cancellation !== undefined);
    return state.progress;
  }, {
    validator: (request) => {
      if (!request || typeof request.by !== 'string' || !EMAIL.test(request.by)) throw new Error('a shipment decision needs the email address of the person deciding');
      if (request.decision !== 'invoice_undisputed' && request.decision !== 'do_not_invoice') throw new Error('a shipment decision is "invoice_undisputed" or "do_not_invoice"');
      if (typeof request.reason !== 'string' || request.reason.trim().length < 3) throw new Error('a shipment decision needs a reason');
      if (state.progress.step !== 'shipment_discrepancy' || state.shipmentDecision) throw new Error(`no shipment of this order is waiting for a decision (it is ${state.progress.step})`);
    },
  });

  setHandler(reviewAnswerEmailSignal, (email) => { state.answers.push({ kind: 'email', inboundId: email.inboundId, from: email.from }); });

  setHandler(answerReviewQuestionsUpdate, async (request) => {
    const mine = state.answersRead + state.answers.length + 1;
    state.answers.push({ kind: 'typed', text: request.answer, by: request.by });
    // Report what the answer did: the next questions, or the order moving on.
    await condition(() => state.answersRead >= mine);
    return state.progress;
  }, {
    validator: (request) => {
      if (!request || typeof request.by !== 'string' || !EMAIL.test(request.by)) throw new Error('an answer needs the email address of the person answering');
      if (typeof request.answer !== 'string' || !request.answer.trim()) throw new Error('the answer is empty');
      if (state.reviewClosed || (state.progress.step !== 'in_review' && state.progress.step !== 'review_escalated')) throw new Error(`the order has no open questions (it is ${state.progress.step})`);
    },
  });

  setHandler(decideCreditHoldUpdate, async (request) => {
    state.creditDecision = request;
    await condition(() => state.progress.creditHold?.decision != null || state.cancellation !== undefined);
    return state.progress;
  }, {
    validator: (request) => {
      if (!request || typeof request.by !== 'string' || !EMAIL.test(request.by)) throw new Error('a credit decision needs the email address of the person deciding');
      if (request.decision !== 'release' && request.decision !== 'reject') throw new Error('a credit decision is "release" or "reject"');
      if (typeof request.reason !== 'string' || request.reason.trim().length < 3) throw new Error('a credit decision needs a reason');
      if (!state.hold || (state.progress.step !== 'credit_hold' && state.progress.step !== 'credit_hold_escalated')) throw new Error(`the order is not on credit hold (it is ${state.progress.step})`);
      if (state.creditDecision) throw new Error(`the hold was already decided by ${state.creditDecision.by}`);
      const fmt = (minor: number) => formatMoney(money(minor, state.hold!.currency));
      const refusal = refuseUnlessAuthorised({ ...request, amountMinor: state.hold.amountToApproveMinor, currency: state.hold.currency }, state.hold.approvers, CREDIT_DECIDERS, fmt);
      if (refusal) throw new Error(refusal);
    },
  });
  return state;
}
