// Customers' disputes, where an AR lead settles them: granted with a credit memo (the invoice workflow's
// requestCreditMemo, which an approver above the lead's limit may still have to approve), or rejected as
// owed (the collections workflow's rejectDispute, which chases the amount again). Both workflows judge it.
import type { ServerResponse } from 'node:http';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import { mayDo } from '../../domain/console-access.js';
import { formatMoney, money, parseAmountMinor } from '../../domain/money.js';
import type { CreditMemoOutcome } from '../../workflows/invoice.js';
import type { ConsoleApp, Route } from '../console-app.js';
import { stamp } from '../format.js';
import type { SignedIn } from '../sessions.js';
import { sendUpdate } from '../workflow-updates.js';

const UUID = '([0-9a-f-]{36})';

async function showDispute(app: ConsoleApp, res: ServerResponse, who: SignedIn, id: string, outcome?: { error?: string; done?: string; nonce?: string }) {
  const dispute = await app.db.dispute.findUnique({ where: { id }, include: { invoice: { include: { customer: { select: { number: true, name: true } }, order: { select: { poNumber: true } } } } } });
  if (!dispute) return app.notFound(res, who, 'No such dispute.');
  const { invoice } = dispute;
  const m = (minor: bigint | number) => formatMoney(money(Number(minor), invoice.currency));
  const notes = await app.db.collectionNote.findMany({ where: { invoiceId: invoice.id }, orderBy: { at: 'desc' }, take: 50 });
  const open = dispute.status === 'open';
  app.render(res, outcome?.error ? 422 : 200, 'dispute', who, {
    title: `Dispute on ${invoice.number} (${invoice.customer.number})`,
    dispute: {
      id: dispute.id, status: dispute.status, amount: m(dispute.amountMinor), amountInput: formatMoney(money(Number(dispute.amountMinor), invoice.currency)).replace(/[^\d.,-]/g, ''), reason: dispute.reason, opened: stamp(dispute.openedAt),
      invoice: invoice.number, po: invoice.poNumber ?? invoice.order?.poNumber ?? '—', total: m(invoice.totalMinor), open: m(invoice.openMinor), due: invoice.dueDate.toISOString().slice(0, 10),
      customer: `${invoice.customer.number} ${invoice.customer.name}`, accountHref: `/customers/${encodeURIComponent(invoice.customer.number)}`,
    },
    notes: notes.map((n) => ({ at: stamp(n.at), author: n.author, text: n.text })),
    form: open && mayDo(who.user.role, 'settle_dispute') ? {} : undefined,
    cannotDecide: open && !mayDo(who.user.role, 'settle_dispute') ? `${who.user.role.replace('_', ' ')}s may not settle disputes.` : undefined,
    ...outcome,
  });
}

export const disputeRoutes: Route[] = [
  {
    method: 'GET', path: new RegExp(`^/disputes/${UUID}$`), needs: 'view_approvals',
    handle: (app, { res, who, params }) => showDispute(app, res, who, params[0]!),
  },
  {
    // Granted: a credit memo for what the customer rightly disputed (all of it, or the part agreed).
    method: 'POST', path: new RegExp(`^/disputes/${UUID}/credit$`), needs: 'settle_dispute',
    async handle(app, { res, who, params, form }) {
      const dispute = await app.db.dispute.findUnique({ where: { id: params[0]! }, include: { invoice: true } });
      if (!dispute) return app.notFound(res, who, 'No such dispute.');
      if (dispute.status !== 'open') return showDispute(app, res, who, dispute.id, { error: `This dispute is already ${dispute.status}.` });
      const amountMinor = parseAmountMinor(form.get('amount') ?? '', dispute.invoice.currency);
      if (amountMinor === undefined || amountMinor <= 0) return showDispute(app, res, who, dispute.id, { error: `"${form.get('amount') ?? ''}" is not an amount to credit.` });
      if (amountMinor > Number(dispute.amountMinor)) return showDispute(app, res, who, dispute.id, { error: `A dispute is settled by crediting at most what is disputed (${formatMoney(money(Number(dispute.amountMinor), dispute.invoice.currency))}); credit more from the invoice itself.` });
      const reason = (form.get('reason') ?? '').trim() || dispute.reason;
      const sent = await sendUpdate<CreditMemoOutcome>(app.temporal, dispute.invoice.workflowId, 'requestCreditMemo', { amountMinor, reason, by: who.user.email }, form.get('nonce'));
      if (!sent.ok) return showDispute(app, res, who, dispute.id, { error: sent.problem, ...sent.sameForm });
      await app.db.auditEvent.create({ data: { actor: who.user.email, action: 'console_decision', subjectType: 'invoice', subjectId: dispute.invoice.number, data: { disputeId: dispute.id, update: 'requestCreditMemo', amountMinor, reason } } });
      const outcome = sent.result;
      const done = outcome.status === 'issued' ? `Credit memo ${outcome.number} issued; the dispute is settled by it.`
        : outcome.status === 'awaiting_approval' ? `The credit memo waits for an approver whose limit covers it (${outcome.approvers.join(', ') || 'nobody has one yet'}); it is in the approvals queue.`
          : `The credit memo was rejected by ${outcome.by}: ${outcome.reason}`;
      return showDispute(app, res, who, dispute.id, { done });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/disputes/${UUID}/reject$`), needs: 'settle_dispute',
    async handle(app, { res, who, params, form }) {
      const dispute = await app.db.dispute.findUnique({ where: { id: params[0]! }, include: { invoice: { include: { customer: { select: { number: true } } } } } });
      if (!dispute) return app.notFound(res, who, 'No such dispute.');
      if (dispute.status !== 'open') return showDispute(app, res, who, dispute.id, { error: `This dispute is already ${dispute.status}.` });
      const args = { invoiceNumber: dispute.invoice.number, disputeId: dispute.id, by: who.user.email, reason: form.get('reason') ?? '' };
      const sent = await sendUpdate<{ chasedMinor: number }>(app.temporal, collectionsWorkflowId(dispute.invoice.customer.number), 'rejectDispute', args, form.get('nonce'));
      if (!sent.ok) return showDispute(app, res, who, dispute.id, { error: sent.problem, ...sent.sameForm });
      await app.db.auditEvent.create({ data: { actor: who.user.email, action: 'console_decision', subjectType: 'invoice', subjectId: dispute.invoice.number, data: { update: 'rejectDispute', ...args } } });
      const chased = sent.result.chasedMinor;
      return showDispute(app, res, who, dispute.id, { done: `Dispute rejected: ${formatMoney(money(chased, dispute.invoice.currency))} of ${dispute.invoice.number} is chased again.` });
    },
  },
];
