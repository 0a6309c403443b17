// The approvals queue: every step a workflow paused for a person, oldest first, with what the person needs
// beside it (the account, the email and documents as they arrived, the PO's fields with the reader's
// confidence), and the decision sent to the workflow's Update, whose validator may refuse it and say why.
import { decisionActionOf, mayDo } from '../../domain/console-access.js';
import type { OrderProgress, OrderReviewView } from '../../workflows/order-state.js';
import type { ConsoleApp, Route } from '../console-app.js';
import { DECISIONS, updateFor } from '../decisions.js';
import { amountOrBlank, stamp, words } from '../format.js';
import { reviewFieldRows } from '../review-fields.js';
import type { SignedIn } from '../sessions.js';
import { approvalLinks, orderLinks, subjectLabels } from '../subject-links.js';
import { sendUpdate } from '../workflow-updates.js';
import type { ServerResponse } from 'node:http';

const UUID = '([0-9a-f-]{36})';

interface QueueItem { href: string; kind: string; subject: string; amount: string; since: Date; escalated: boolean; decidable: boolean }

/** The queue shows the oldest this many (and how many wait in all): the work in front of the desk, not its history. */
export const QUEUE_PAGE = 300;

/** Pending approvals, orders whose questions wait on the CSR (approvals only once escalated), and open disputes. */
async function queue(app: ConsoleApp, who: SignedIn): Promise<{ items: QueueItem[]; total: number }> {
  const openDispute = { status: 'open', invoice: { status: { in: ['issued' as const, 'partially_paid' as const, 'disputed' as const] } } };
  const [approvals, inReview, disputes, counts] = await Promise.all([
    app.db.approval.findMany({ where: { status: 'pending' }, orderBy: { requestedAt: 'asc' }, take: QUEUE_PAGE }),
    app.db.order.findMany({ where: { status: 'in_review' }, include: { customer: { select: { number: true } } }, orderBy: { updatedAt: 'asc' }, take: QUEUE_PAGE }),
    app.db.dispute.findMany({ where: openDispute, include: { invoice: { select: { number: true, currency: true, customer: { select: { number: true } } } } }, orderBy: { openedAt: 'asc' }, take: QUEUE_PAGE }),
    Promise.all([app.db.approval.count({ where: { status: 'pending' } }), app.db.order.count({ where: { status: 'in_review' } }), app.db.dispute.count({ where: openDispute }), app.db.approval.count({ where: { status: 'pending', kind: 'order_review' } })]),
  ]);
  const mayDecide = (kind: string) => { const action = decisionActionOf(kind); return action !== undefined && DECISIONS[kind] !== undefined && mayDo(who.user.role, action); };
  const escalatedOrders = new Set(approvals.filter((a) => a.kind === 'order_review').map((a) => a.subjectId));
  const asked = await app.db.auditEvent.groupBy({ by: ['subjectId'], where: { action: 'order_questions_asked', subjectType: 'order', subjectId: { in: inReview.map((o) => o.id) } }, _max: { at: true } });
  const askedAt = new Map(asked.map((a) => [a.subjectId, a._max.at]));
  const labels = await subjectLabels(app.db, approvals);
  const items = [
    ...approvals.map((a) => ({
      href: a.kind === 'order_review' ? `/orders/${a.subjectId}/review` : `/approvals/${a.id}`,
      kind: a.kind === 'order_review' ? 'order questions' : words(a.kind), subject: labels.get(a.id)!, amount: amountOrBlank(a.amountMinor, a.currency),
      since: a.requestedAt, escalated: a.escalatedAt !== null, decidable: mayDecide(a.kind),
    })),
    ...inReview.filter((o) => !escalatedOrders.has(o.id)).map((o) => ({
      href: `/orders/${o.id}/review`, kind: 'order questions', subject: `PO ${o.poNumber} (${o.customer.number})`, amount: '',
      since: askedAt.get(o.id) ?? o.updatedAt, escalated: false, decidable: mayDecide('order_review'),
    })),
    // A dispute waits on an AR lead until it is granted (a credit memo) or rejected as owed.
    ...disputes.map((d) => ({
      href: `/disputes/${d.id}`, kind: 'dispute', subject: `invoice ${d.invoice.number} (${d.invoice.customer.number})`, amount: amountOrBlank(d.amountMinor, d.invoice.currency),
      since: d.openedAt, escalated: false, decidable: mayDo(who.user.role, 'settle_dispute'),
    })),
  ].sort((a, b) => a.since.getTime() - b.since.getTime()).slice(0, QUEUE_PAGE);
  // Escalated order questions are counted once (as approvals), not again as orders in review.
  const [pending, reviewing, disputing, escalated] = counts;
  return { items, total: pending + Math.max(0, reviewing - escalated) + disputing };
}

async function linksContext(app: ConsoleApp, who: SignedIn, links: Awaited<ReturnType<typeof orderLinks>>) {
  return {
    accountHref: links.customerNumber && mayDo(who.user.role, 'view_accounts') ? `/customers/${encodeURIComponent(links.customerNumber)}` : undefined,
    customerNumber: links.customerNumber,
    email: links.email && mayDo(who.user.role, 'download_mail') ? { ...links.email, href: `/messages/${links.email.id}.eml`, documents: links.email.documents.map((d) => ({ ...d, href: `/messages/${links.email!.id}/documents/${d.index}`, size: `${Math.max(1, Math.round(d.size / 1024))} KB` })) } : undefined,
  };
}

async function showApproval(app: ConsoleApp, res: ServerResponse, who: SignedIn, id: string, outcome?: { error?: string; done?: string; nonce?: string }) {
  const approval = await app.db.approval.findUnique({ where: { id } });
  if (!approval) return app.notFound(res, who, 'No such approval.');
  const action = decisionActionOf(approval.kind);
  const spec = DECISIONS[approval.kind];
  const kind = words(approval.kind);
  const subject = (await subjectLabels(app.db, [approval])).get(approval.id)!;
  app.render(res, outcome?.error ? 422 : 200, 'approval', who, {
    title: `${kind}: ${subject}`,
    approval: { id: approval.id, kind, subject, status: approval.status, workflowId: approval.workflowId, amount: amountOrBlank(approval.amountMinor, approval.currency), decidedBy: approval.decidedBy, reason: approval.reason },
    context: contextRows(approval.context),
    ...(await linksContext(app, who, await approvalLinks(app.db, approval))),
    form: approval.status === 'pending' && spec && action && mayDo(who.user.role, action) ? { choices: spec.choices, cash: approval.kind === 'cash_exception' } : undefined,
    cannotDecide: approval.status === 'pending' && (!spec ? `A ${kind} is answered where it was asked (by reply or its Update ${approval.updateName}).` : action && !mayDo(who.user.role, action) ? `${words(who.user.role)}s may not decide a ${kind}.` : undefined),
    ...outcome,
  });
}

async function showOrderReview(app: ConsoleApp, res: ServerResponse, who: SignedIn, orderId: string, outcome?: { error?: string; done?: string; nonce?: string }) {
  const order = await app.db.order.findUnique({ where: { id: orderId }, include: { customer: { select: { number: true, name: true } } } });
  if (!order) return app.notFound(res, who, 'No such order.');
  let review: OrderReviewView | null = null;
  let unreachable: string | undefined;
  try {
    review = await app.temporal.workflow.getHandle(order.workflowId).query<OrderReviewView | null>('orderReview');
  } catch (err) {
    unreachable = `The order's workflow could not be asked for its questions: ${(err as Error).message}`;
  }
  const escalation = await app.db.approval.findFirst({ where: { kind: 'order_review', subjectId: orderId, status: 'pending' } });
  const open = order.status === 'in_review' && review !== null;
  app.render(res, outcome?.error ? 422 : 200, 'order-review', who, {
    title: `Order questions: PO ${order.poNumber} (${order.customer.number})`,
    order: { id: order.id, po: order.poNumber, customer: `${order.customer.number} ${order.customer.name}`, status: words(order.status), workflowId: order.workflowId, escalated: escalation !== null },
    review: review ? { round: review.round, questions: review.questions, document: review.po.documentName === words(review.po.documentKind) ? review.po.documentName : `${review.po.documentName} (${words(review.po.documentKind)})`, fields: reviewFieldRows(review.po) } : undefined,
    unreachable,
    ...(await linksContext(app, who, await orderLinks(app.db, orderId))),
    form: open && mayDo(who.user.role, 'answer_order_questions') ? {} : undefined,
    cannotDecide: open && !mayDo(who.user.role, 'answer_order_questions') ? `${words(who.user.role)}s may not answer order questions.` : !open && !unreachable ? `This order has no open questions (it is ${words(order.status)}).` : undefined,
    ...outcome,
  });
}

export const approvalRoutes: Route[] = [
  {
    method: 'GET', path: /^\/approvals$/, needs: 'view_approvals',
    async handle(app, { res, who }) {
      const { items, total } = await queue(app, who);
      app.render(res, 200, 'approvals', who, { title: 'Approvals', more: total > items.length ? `Showing the oldest ${items.length} of ${total} waiting.` : undefined, approvals: items.map((i) => ({ ...i, since: stamp(i.since) })) });
    },
  },
  {
    method: 'GET', path: new RegExp(`^/approvals/${UUID}$`), needs: 'view_approvals',
    handle: (app, { res, who, params }) => showApproval(app, res, who, params[0]!),
  },
  {
    method: 'POST', path: new RegExp(`^/approvals/${UUID}/decide$`), needs: 'view_approvals',
    async handle(app, { res, who, params, form }) {
      const id = params[0]!;
      const approval = await app.db.approval.findUnique({ where: { id } });
      if (!approval) return app.notFound(res, who, 'No such approval.');
      const action = decisionActionOf(approval.kind);
      if (!action || !DECISIONS[approval.kind]) return showApproval(app, res, who, id, { error: `A ${words(approval.kind)} is not decided here.` });
      if (!mayDo(who.user.role, action)) return app.forbidden(res, who, action);
      if (approval.status !== 'pending') return showApproval(app, res, who, id, { error: `This was already ${approval.status} by ${approval.decidedBy ?? 'someone'}.` });
      const call = updateFor(approval.kind, who.user.email, {
        decision: form.get('decision') ?? '', reason: form.get('reason') ?? '', answer: form.get('answer') ?? undefined, invoiceNumber: form.get('invoiceNumber') ?? undefined, amount: form.get('amount') ?? undefined,
        customerNumber: form.get('customerNumber') ?? undefined, deduction: form.get('deduction') ?? undefined, writeOff: form.get('writeOff') === 'on',
      }, approval.currency ?? 'USD');
      if (!call.ok) return showApproval(app, res, who, id, { error: call.problem });
      const sent = await sendUpdate(app.temporal, approval.workflowId, call.updateName, call.args, form.get('nonce'));
      if (!sent.ok) return showApproval(app, res, who, id, { error: sent.problem, ...sent.sameForm });
      await app.db.auditEvent.create({ data: { actor: who.user.email, action: 'console_decision', subjectType: approval.subjectType, subjectId: approval.subjectId, data: { approvalId: id, update: call.updateName, args: call.args as object } } });
      return showApproval(app, res, who, id, { done: `Sent to the workflow (${call.updateName}): it accepted the decision.` });
    },
  },
  {
    method: 'GET', path: new RegExp(`^/orders/${UUID}/review$`), needs: 'view_approvals',
    handle: (app, { res, who, params }) => showOrderReview(app, res, who, params[0]!),
  },
  {
    method: 'POST', path: new RegExp(`^/orders/${UUID}/answer$`), needs: 'answer_order_questions',
    async handle(app, { res, who, params, form }) {
      const order = await app.db.order.findUnique({ where: { id: params[0]! } });
      if (!order) return app.notFound(res, who, 'No such order.');
      const call = updateFor('order_review', who.user.email, { decision: 'answer', reason: '', answer: form.get('answer') ?? '' }, order.currency);
      if (!call.ok) return showOrderReview(app, res, who, order.id, { error: call.problem });
      const sent = await sendUpdate<OrderProgress>(app.temporal, order.workflowId, call.updateName, call.args, form.get('nonce'));
      if (!sent.ok) return showOrderReview(app, res, who, order.id, { error: sent.problem, ...sent.sameForm });
      await app.db.auditEvent.create({ data: { actor: who.user.email, action: 'console_decision', subjectType: 'order', subjectId: order.id, data: { update: call.updateName, args: call.args as object } } });
      const progress = sent.result;
      const done = progress.openQuestions?.length
        ? `The order took your answer and still asks: ${progress.openQuestions.join(' ')}`
        : 'The order took your answer: no questions are left, and it goes on to the credit check and the ERP.';
      return showOrderReview(app, res, who, order.id, { done });
    },
  },
];

/** The approval's context as label/value rows a person reads (nested values as compact JSON). */
function contextRows(context: unknown): { label: string; value: string }[] {
  if (!context || typeof context !== 'object') return [];
  return Object.entries(context as Record<string, unknown>).map(([label, value]) => ({ label: label.replace(/([A-Z])/g, ' $1').toLowerCase(), value: value === null || value === undefined ? '—' : Array.isArray(value) && value.length === 0 ? 'none' : typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join('\n') : JSON.stringify(value, null, 1) }));
}
