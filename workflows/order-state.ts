// What an order's workflow knows while it runs, and the messages people send it. Shared by the steps of
// workflows/order.ts; the handlers that fill it are set there.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Approver } from '../domain/approval-authority.js';
import type { ReviewAnswerSource } from '../activities/order-review.js';
import type { ParsedPurchaseOrder } from '../domain/purchase-order.js';
import type { ShipmentConfirmation } from '../domain/shipment.js';

export type OrderStep =
  | 'entered' | 'in_review' | 'review_escalated' | 'credit_hold' | 'credit_hold_escalated' | 'scheduled' | 'acknowledged'
  | 'shipment_discrepancy' | 'partly_shipped' | 'shipped' | 'cancelled';

export interface CreditHoldView {
  reasons: string[];
  amountToApproveMinor: number;
  currency: string;
  decision: 'release' | 'reject' | null;
  decidedBy: string | null;
}

export interface OrderProgress {
  step: OrderStep;
  acknowledgementMessageId: string | null;
  cancelledBy: string | null;
  /** The questions waiting for an answer, as the CSR was asked them. */
  openQuestions?: string[];
  creditHold?: CreditHoldView | null;
  erpOrderNumber?: string | null;
  /** Shipments seen, by packing slip number, and what became of each. */
  shipments?: { reference: string; outcome: 'invoice_requested' | 'discrepancy' | 'not_invoiced' }[];
  /** What a person must decide about the shipment waiting on them. */
  shipmentFindings?: string[];
  /** The order's revision as last acknowledged (1 until an amendment). */
  revision?: number;
  lastAmendment?: { applied: boolean; by: string; problems: string[] };
}

export interface CancelOrderRequest { by: string; reason: string }
export interface ReviewAnswerRequest { by: string; answer: string }
export interface CreditDecisionRequest { by: string; decision: 'release' | 'reject'; reason: string }
export interface ReviewAnswerEmail { inboundId: string; from: string }
export interface AmendOrderRequest { by: string; changes: string }
export interface AmendmentEmail { inboundId: string; from: string }
export interface ShipmentArrival { shipmentId: string; reference: string; confirmation: ShipmentConfirmation }
export interface ShipmentDecisionRequest { by: string; decision: 'invoice_undisputed' | 'do_not_invoice'; reason: string }

export const orderProgressQuery = defineQuery<OrderProgress>('orderProgress');
/** The PO as it stands in review (every field with its confidence and source), for the person answering. */
export interface OrderReviewView { round: number; inboundId: string; questions: string[]; po: ParsedPurchaseOrder }
/** Null once the review is over (or there was none). A query only: adding it changes no history. */
export const orderReviewQuery = defineQuery<OrderReviewView | null>('orderReview');
export const cancelOrderUpdate = defineUpdate<OrderProgress, [CancelOrderRequest]>('cancelOrder');
/** A person answers the open questions in words (the console); the same words a reply email would carry. */
export const answerReviewQuestionsUpdate = defineUpdate<OrderProgress, [ReviewAnswerRequest]>('answerReviewQuestions');
/** An AR lead releases or rejects a credit hold; the validator enforces their approval limit. */
export const decideCreditHoldUpdate = defineUpdate<OrderProgress, [CreditDecisionRequest]>('decideCreditHold');
/** A person decides a shipment that does not match its order (invoice what nobody questions, or nothing). */
export const resolveShipmentDiscrepancyUpdate = defineUpdate<OrderProgress, [ShipmentDecisionRequest]>('resolveShipmentDiscrepancy');
/** The inbound workflow hands over a shipment confirmation recorded against this order. */
export const shipmentConfirmedSignal = defineSignal<[ShipmentArrival]>('shipmentConfirmed');
/** A colleague changes the order before it ships, in the same plain words as answers ("line 2 qty 300"). */
export const amendOrderUpdate = defineUpdate<OrderProgress, [AmendOrderRequest]>('amendOrder');
/** The inbound workflow hands over a colleague's reply on the acknowledgement's thread: a change to the order. */
export const amendmentEmailSignal = defineSignal<[AmendmentEmail]>('amendmentEmail');
/** The inbound workflow hands over a reply to the order's questions. */
export const reviewAnswerEmailSignal = defineSignal<[ReviewAnswerEmail]>('reviewAnswerEmail');

export interface OrderState {
  progress: OrderProgress;
  cancellation: CancelOrderRequest | undefined;
  /** Answers not yet read, in arrival order. */
  answers: ReviewAnswerSource[];
  /** How many answers have been read: an Update waits on it to report what its answer did. */
  answersRead: number;
  hold: { amountToApproveMinor: number; currency: string; approvers: Approver[] } | undefined;
  creditDecision: CreditDecisionRequest | undefined;
  /** Shipment confirmations not yet reviewed, in arrival order. */
  shipments: ShipmentArrival[];
  shipmentDecision: ShipmentDecisionRequest | undefined;
  /** Changes not yet applied, in arrival order, and how many have been. */
  amendments: { source: ReviewAnswerSource }[];
  amendmentsRead: number;
  /** The review is over: answers are no longer taken. */
  reviewClosed: boolean;
  /** The PO under review and what it was last asked, while the review lasts. */
  reviewing?: OrderReviewView;
  /** This run follows the order through shipment (not true of orders acknowledged before that step existed). */
  followsShipments: boolean;
  /** Shipment confirmations received, reviewed or not: the order can no longer be cancelled or amended. */
  shipmentsSeen: number;
  setStep(step: OrderStep): void;
}
