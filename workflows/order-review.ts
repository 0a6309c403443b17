// The completeness review, as a specialist does it: ask the CSR who forwarded the PO exactly what is
// missing or doubtful, wait for the answer, apply it and look again; remind when no answer comes, and
// hand the questions to the AR leads when reminders go unanswered. Nothing is entered until nothing is open.
import { condition, workflowInfo } from '@temporalio/workflow';
import type { OrderDraft } from '../domain/order-intake.js';
import type { OrderDeskPolicy } from '../domain/order-desk-policy.js';
import type { ReviewQuestion } from '../domain/order-review.js';
import { normalizePoNumber } from '../domain/po-number.js';
import type { ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { desk } from './activity-stubs.js';
import type { OrderState } from './order-state.js';

export interface OrderReviewInput {
  po: ParsedPurchaseOrder;
  originalSender?: string;
  /** The email the PO came in: the first questions answer it. */
  inboundId: string;
  questions: ReviewQuestion[];
}

export type ReviewResult = { complete: true; draft: OrderDraft } | { complete: false };

export interface OrderKey { orderId: string; customerNumber: string; poNumber: string }

export async function reviewUntilComplete(order: OrderKey, review: OrderReviewInput, state: OrderState, policy: OrderDeskPolicy): Promise<ReviewResult> {
  const { orderId } = order;
  const askTo = await desk.whoAnswersQuestions(review.inboundId);
  const answeredBy: string[] = [];
  let po = review.po;
  let questions = review.questions;
  let draft: OrderDraft | undefined;
  let promptId = review.inboundId;
  let feedback = { applied: [] as string[], refused: [] as string[], notUnderstood: [] as string[] };
  let escalation: string | undefined; // the AR leads' approval row, once the questions went to them

  for (let round = 1; questions.length > 0; round++) {
    state.setStep(escalation ? 'review_escalated' : 'in_review');
    state.progress.openQuestions = questions.map((q) => q.text);
    state.reviewing = { round, inboundId: review.inboundId, questions: state.progress.openQuestions, po };
    const asked = await desk.composeReviewQuestions(orderId, { round, questions, askTo, inReplyToInboundId: promptId, ...feedback });
    await desk.deliverEmail(asked.outboundId);
    await desk.recordReviewRound(orderId, round, questions);

    const escalated = await waitForAnswer(orderId, round, questions, askTo, state, policy, escalation !== undefined);
    escalation ??= escalated;
    if (state.cancellation) {
      if (escalation) await desk.recordApprovalDecision(escalation, { status: 'rejected', by: state.cancellation.by, reason: `order cancelled: ${state.cancellation.reason}` });
      return { complete: false };
    }

    const answer = state.answers.shift()!;
    const outcome = await desk.readReviewAnswer(answer, po);
    await desk.recordReviewAnswer(orderId, round, outcome);
    if (outcome.kind === 'cancel') {
      state.cancellation = { by: outcome.by, reason: outcome.reason };
      state.answersRead++;
      if (escalation) await desk.recordApprovalDecision(escalation, { status: 'rejected', by: outcome.by, reason: `order cancelled: ${outcome.reason}` });
      return { complete: false };
    }
    answeredBy.push(outcome.by);
    po = outcome.po;
    const decision = await desk.matchPurchaseOrder(po, review.originalSender);
    if (decision.kind === 'quarantine') {
      // The answer took away what made this order ours (its customer, its PO number): ask again.
      questions = decision.problems.map((text) => ({ code: 'not_this_order' as const, text }));
    } else if (decision.customerNumber !== order.customerNumber || normalizePoNumber(decision.poNumber) !== normalizePoNumber(order.poNumber)) {
      questions = [{ code: 'not_this_order', text: `The corrected PO is ${decision.poNumber} for ${decision.customerNumber}, but this order is PO ${order.poNumber} for ${order.customerNumber}. Send the corrected PO with the same number, or answer "cancel order: <reason>" and send the new PO on its own.` }];
    } else {
      questions = decision.questions;
      draft = decision;
    }
    if (answer.kind === 'email') promptId = answer.inboundId;
    feedback = { applied: outcome.applied, refused: outcome.refused, notUnderstood: outcome.notUnderstood };
    state.answersRead++;
  }
  state.progress.openQuestions = [];
  state.reviewClosed = true;
  await answerLateAnswers(orderId, state);
  if (!draft) throw new Error('review finished without an order draft'); // cannot happen: the loop only ends on a draft
  await desk.enterReviewedOrder(orderId, draft, answeredBy);
  if (escalation) await desk.recordApprovalDecision(escalation, { status: 'approved', by: answeredBy.at(-1)!, reason: 'questions answered' });
  return { complete: true, draft };
}

/**
 * Waits for an answer: reminders to the CSR on the desk's schedule, then the AR leads, then as long as it
 * takes. Returns the approval opened when the questions went to the AR leads this time.
 */
async function waitForAnswer(orderId: string, round: number, questions: ReviewQuestion[], askTo: string[], state: OrderState, policy: OrderDeskPolicy, alreadyEscalated: boolean): Promise<string | undefined> {
  const arrived = () => state.answers.length > 0 || state.cancellation !== undefined;
  const askedAt = new Date().toISOString();
  for (let reminder = 1; reminder <= policy.reminders; reminder++) {
    if (await condition(arrived, policy.remindAfter)) return undefined;
    const sent = await desk.composeReviewFollowUp(orderId, { round, kind: 'reminder', number: reminder, to: askTo, askedOf: askTo, askedAt, questions });
    await desk.deliverEmail(sent.outboundId);
  }
  if (await condition(arrived, policy.remindAfter)) return undefined;
  if (alreadyEscalated) { await condition(arrived); return undefined; }

  const leads = (await desk.listApprovers()).filter((a) => a.role === 'ar_lead' || a.role === 'controller').map((a) => a.email);
  const { approvalId } = await desk.openApproval({
    kind: 'order_review', workflowId: workflowInfo().workflowId, updateName: 'answerReviewQuestions', subjectType: 'order', subjectId: orderId,
    context: { round, askedOf: askTo, askedAt, questions: questions.map((q) => q.text) },
  });
  await desk.markApprovalEscalated(approvalId);
  const sent = await desk.composeReviewFollowUp(orderId, { round, kind: 'escalation', number: 1, to: leads.length ? leads : askTo, askedOf: askTo, askedAt, questions });
  await desk.deliverEmail(sent.outboundId);
  state.setStep('review_escalated');
  await condition(arrived);
  return approvalId;
}

/** Answers that arrived while the last one was being applied: nothing is left to ask, and their senders are told so. */
async function answerLateAnswers(orderId: string, state: OrderState): Promise<void> {
  while (state.answers.length > 0) {
    const late = state.answers.shift()!;
    if (late.kind === 'email') {
      const told = await desk.composeDeskNotice({
        idempotencyKey: `late-answer:${late.inboundId}`, kind: 'late_answer', orderId, to: [late.from],
        subject: 'Your answer arrived after the order was entered',
        paragraphs: ['The questions were already answered and the order entered, so your reply changed nothing. To change the order, reply to its acknowledgement with the change, one a line.'],
      });
      await desk.deliverEmail(told.outboundId);
    }
    state.answersRead++;
  }
}
