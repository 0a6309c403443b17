// The credit check at entry. Within the line, the order goes on. Over it, the order waits on credit hold
// for an AR lead's decision (the decideCreditHold Update, whose validator holds each approver to their
// limit); a hold nobody decides in time escalates to those who can approve the amount.
import { condition, workflowInfo } from '@temporalio/workflow';
import { approversFor, CREDIT_DECIDERS } from '../domain/approval-authority.js';
import type { OrderDeskPolicy } from '../domain/order-desk-policy.js';
import { formatMoney, money } from '../domain/money.js';
import { desk } from './activity-stubs.js';
import type { DeskNotice } from '../activities/desk-notices.js';
import type { OrderCreditCheck } from '../activities/credit.js';
import type { Approver } from '../domain/approval-authority.js';
import type { CreditDecisionRequest, OrderState } from './order-state.js';
import type { OrderKey } from './order-review.js';

export type CreditResult = 'within_limit' | 'released' | 'rejected' | 'cancelled';

export async function clearCredit(order: OrderKey, state: OrderState, policy: OrderDeskPolicy): Promise<CreditResult> {
  const { orderId } = order;
  const check = await desk.checkOrderCredit(orderId, new Date().toISOString().slice(0, 10));
  if (check.kind === 'pass') return 'within_limit';

  // Over the line: hold the order, and tell the AR leads why and who may release it.
  await desk.setOrderStatus(orderId, 'credit_hold', `system:${workflowInfo().workflowId}`, { reasons: check.reasons, exposureMinor: check.exposureMinor });
  const approvers = await desk.listApprovers();
  const currency = check.position.currency;
  state.hold = { amountToApproveMinor: check.amountToApproveMinor, currency, approvers };
  state.progress.creditHold = { reasons: check.reasons, amountToApproveMinor: check.amountToApproveMinor, currency, decision: null, decidedBy: null };
  state.setStep('credit_hold');
  const { approvalId } = await desk.openApproval({
    kind: 'credit_hold', workflowId: workflowInfo().workflowId, updateName: 'decideCreditHold', subjectType: 'order', subjectId: orderId,
    amountMinor: check.amountToApproveMinor, currency, context: { reasons: check.reasons, position: check.position, orderTotalMinor: check.orderTotalMinor },
  });
  const hold = describeHold(order, check, approvers);
  await send(hold.notice());

  // Nobody decides in time: escalate to those whose limit covers it, and keep waiting.
  const decided = () => state.creditDecision !== undefined || state.cancellation !== undefined;
  if (!(await condition(decided, policy.holdEscalatesAfter))) {
    await desk.markApprovalEscalated(approvalId);
    // Limits may have been raised meanwhile ("raise a limit", the notice said): judge by today's.
    state.hold = { ...state.hold, approvers: await desk.listApprovers() };
    await send(hold.escalation());
    state.setStep('credit_hold_escalated');
    await condition(decided);
  }
  if (state.cancellation) {
    await desk.recordApprovalDecision(approvalId, { status: 'rejected', by: state.cancellation.by, reason: `order cancelled: ${state.cancellation.reason}` });
    return 'cancelled';
  }

  // Decided: record who, when and why; tell the sales rep.
  const decision = state.creditDecision!;
  await desk.recordApprovalDecision(approvalId, { status: decision.decision === 'release' ? 'approved' : 'rejected', by: decision.by, reason: decision.reason });
  state.progress.creditHold = { ...state.progress.creditHold, decision: decision.decision, decidedBy: decision.by };
  await send(hold.decided(decision));
  return decision.decision === 'release' ? 'released' : 'rejected';
}

async function send(notice: DeskNotice): Promise<void> {
  const { outboundId } = await desk.composeDeskNotice(notice);
  await desk.deliverEmail(outboundId);
}

/** The hold's three emails: to the AR leads, the escalation, and the decision to the sales rep. */
function describeHold(order: OrderKey, check: Extract<OrderCreditCheck, { kind: 'hold' }>, approvers: Approver[]) {
  const { orderId } = order;
  const fmt = (minor: number) => formatMoney(money(minor, check.position.currency));
  const poLine = `PO ${order.poNumber} from ${check.customerName} (${check.customerNumber}), ${fmt(check.orderTotalMinor)}`;
  const able = approversFor(check.amountToApproveMinor, approvers, CREDIT_DECIDERS);
  const leads = approvers.filter((a) => CREDIT_DECIDERS.includes(a.role));
  const how = `decideCreditHold on workflow ${workflowInfo().workflowId}`;
  const since = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return {
    notice: (): DeskNotice => ({
      idempotencyKey: `credit-hold:${orderId}`, kind: 'credit_hold', orderId, to: leads.map((a) => a.email), subject: `Credit hold: ${poLine}`,
      paragraphs: [`${poLine} is on credit hold. Exposure with this order: ${fmt(check.exposureMinor)}.`],
      items: check.reasons,
      action: able.length
        ? `Release or reject it (${how}). Approvers whose limit covers ${fmt(check.amountToApproveMinor)}: ${able.map((a) => a.name).join(', ')}.`
        : `No approver's limit covers ${fmt(check.amountToApproveMinor)}: raise a limit or reject it.`,
    }),
    escalation: (): DeskNotice => ({
      idempotencyKey: `credit-hold-escalation:${orderId}`, kind: 'credit_hold_escalation', orderId, to: (able.length ? able : leads).map((a) => a.email),
      subject: `Undecided credit hold: ${poLine}`,
      paragraphs: [`${poLine} has been on credit hold since ${since} and nobody has decided it. The customer is waiting for their acknowledgement.`],
      items: check.reasons,
      action: `Release or reject it (${how}).`,
    }),
    decided: (d: CreditDecisionRequest): DeskNotice => ({
      idempotencyKey: `credit-decision:${orderId}`, kind: 'credit_decision', orderId,
      to: [check.salesRepEmail ?? leads[0]?.email].filter((x): x is string => !!x), cc: leads.map((a) => a.email).filter((e) => e !== d.by.toLowerCase()),
      subject: `Credit hold ${d.decision === 'release' ? 'released' : 'rejected'}: ${poLine}`,
      paragraphs: [`${d.by} ${d.decision === 'release' ? 'released' : 'rejected'} the credit hold: "${d.reason}".`,
        d.decision === 'release' ? 'The order goes on to scheduling and its acknowledgement.' : 'The order is cancelled; tell the customer (prepayment, or a smaller order).'],
    }),
  };
}
