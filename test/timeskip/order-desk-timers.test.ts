// The order desk's waiting, on Temporal's time-skipping server: reminders to a CSR who does not answer,
// escalation to the AR leads, and a credit hold nobody decides. The workflow is the unit here, so its
// activities are a recording fake at its edge; the decisions inside them are the real domain functions.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewAnswerSource } from '../../activities/order-review.js';
import type { Approver } from '../../domain/approval-authority.js';
import { checkCredit, DEFAULT_CREDIT_POLICY, type CreditPosition } from '../../domain/credit.js';
import type { MasterDataSlice } from '../../domain/master-data.js';
import { formatMoney, money } from '../../domain/money.js';
import { decideIntake } from '../../domain/order-intake.js';
import type { ParsedPurchaseOrder } from '../../domain/purchase-order.js';
import { applyCorrections } from '../../domain/review-corrections.js';
import { readReviewAnswer } from '../../parsers/review-answer.js';
import { WORKFLOWS_PATH } from '../../workers/desk-worker.js';
import { answerReviewQuestionsUpdate, decideCreditHoldUpdate, orderWorkflow, orderProgressQuery } from '../../workflows/order.js';
import { startTimeSkipping } from '../support/time-skipping.js';

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await startTimeSkipping(); });
afterAll(async () => { await env?.teardown(); });

const master: MasterDataSlice = {
  customers: [{ id: 'c1', number: 'C-1001', name: 'Acme', emailDomains: ['acme.example'], contactEmails: [], currency: 'USD', termsCode: 'NET30', salesRepId: null, priceListId: 'pl' }],
  products: [{ id: 'p1', sku: 'WID-100', description: 'Steel widget', unitOfMeasure: 'EA', active: true }],
  prices: [{ productId: 'p1', priceListId: 'pl', unitPriceMinor: 425, minQuantity: 1 }],
  customerItems: [],
};
const approvers: Approver[] = [
  { email: 'dana.lead@arflow.test', name: 'Dana Brooks', role: 'ar_lead', limitMinor: 2_500_000 },
  { email: 'victor.controller@arflow.test', name: 'Victor Lang', role: 'controller', limitMinor: 25_000_000 },
];
const f = <T>(value: T) => ({ value, confidence: 0.95, source: 'test' });

/** Every email the workflow had composed, with the day (since the workflow started) it was composed on. */
interface Sent { kind: string; to: string[]; day: number }

function deskFake(startedAt: () => number, position: Partial<CreditPosition>) {
  const sent: Sent[] = [];
  const events: string[] = [];
  const day = async () => Math.round((await env.currentTimeMs() - startedAt()) / 86_400_000 * 10) / 10;
  const compose = async (kind: string, to: string[]) => { sent.push({ kind, to, day: await day() }); return { outboundId: `${kind}-${sent.length}` }; };
  const usd = (minor: number) => formatMoney(money(minor, 'USD'));
  let total = 0;
  const activities = {
    async whoAnswersQuestions() { return ['carla.csr@arflow.test']; },
    async composeReviewQuestions(_: string, q: { askTo: string[] }) { return compose('questions', q.askTo); },
    async composeReviewFollowUp(_: string, fu: { kind: string; to: string[] }) { return compose(fu.kind, fu.to); },
    async composeDeskNotice(n: { kind: string; to: string[] }) { return compose(n.kind, n.to); },
    async composeOrderAcknowledgement() { return compose('acknowledgement', ['jane@acme.example']); },
    async deliverEmail(id: string) { return { messageId: `<${id}@test>`, alreadySent: false }; },
    async recordReviewRound() {},
    async recordReviewAnswer() {},
    async readReviewAnswer(answer: ReviewAnswerSource, po: ParsedPurchaseOrder) {
      if (answer.kind !== 'typed') throw new Error('only typed answers in this test');
      const read = readReviewAnswer(answer.text);
      const r = applyCorrections(po, read.instructions, answer.by);
      return { kind: 'answered' as const, by: answer.by, po: r.po, applied: r.applied, refused: r.refused, notUnderstood: read.notUnderstood };
    },
    async matchPurchaseOrder(po: ParsedPurchaseOrder) { return decideIntake(po, {}, master); },
    async enterReviewedOrder(_: string, draft: { totalMinor: number }) { total = draft.totalMinor; events.push('entered'); },
    async checkOrderCredit() {
      const p: CreditPosition = { currency: 'USD', creditLimitMinor: 5_000_000, openReceivablesMinor: 0, openOrdersMinor: 0, oldestDaysPastDue: 0, oldestPastDueInvoice: null, accountOnHold: false, ...position };
      return { ...checkCredit(p, total, DEFAULT_CREDIT_POLICY, usd), position: p, orderTotalMinor: total, customerNumber: 'C-1001', customerName: 'Acme', salesRepEmail: 'sam.reyes@arflow.test' };
    },
    async listApprovers() { return approvers; },
    async openApproval() { return { approvalId: 'approval-1' }; },
    async markApprovalEscalated() { events.push(`escalated@${await day()}`); },
    async recordApprovalDecision(_: string, o: { status: string; by: string }) { events.push(`${o.status}:${o.by}`); },
    async setOrderStatus(_: string, status: string) { events.push(status); },
    async exportOrderToErp() { return { erpOrderNumber: null, exportedAt: null }; },
    async markOrderAcknowledged() { events.push('acknowledged'); },
    async cancelOrder() { events.push('cancelled'); },
  };
  return { activities, sent, events, setTotal: (t: number) => { total = t; } };
}

async function run(name: string, position: Partial<CreditPosition>, po: ParsedPurchaseOrder | undefined, total: number, test: (h: { handle: Awaited<ReturnType<typeof env.client.workflow.start<typeof orderWorkflow>>>; sent: Sent[]; events: string[] }) => Promise<void>) {
  let startedAt = 0;
  const fake = deskFake(() => startedAt, position);
  fake.setTotal(total);
  const taskQueue = `timers-${name}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS_PATH, activities: fake.activities });
  await worker.runUntil(async () => {
    startedAt = await env.currentTimeMs();
    const intake = po ? decideIntake(po, {}, master) : undefined;
    const review = po && intake?.kind === 'order' ? { po, inboundId: 'inbound-1', questions: intake.questions } : undefined;
    const handle = await env.client.workflow.start(orderWorkflow, { taskQueue, workflowId: `order-C-1001-${name}`, args: [{ orderId: `o-${name}`, customerNumber: 'C-1001', poNumber: name, review }] });
    await test({ handle, sent: fake.sent, events: fake.events });
  });
}

const poWithUnknownItem = (n: string): ParsedPurchaseOrder => ({
  documentKind: 'email_body', documentName: 'the email body', poNumber: f(n), customerNumber: f('C-1001'), unreadableLines: [],
  lines: [{ lineNumber: 1, itemCode: 'WID-1OO', description: '', quantityMilli: 10_000, confidence: 0.9, sourceText: 'WID-1OO x 10' }],
});

describe('questions nobody answers', () => {
  it('remind the CSR after one day and two days, then go to the AR leads on day three, and wait', async () => {
    await run('PO-SILENT', {}, poWithUnknownItem('PO-SILENT'), 0, async ({ handle, sent, events }) => {
      await env.sleep('10 days');
      expect(sent).toEqual([
        { kind: 'questions', to: ['carla.csr@arflow.test'], day: 0 },
        { kind: 'reminder', to: ['carla.csr@arflow.test'], day: 1 },
        { kind: 'reminder', to: ['carla.csr@arflow.test'], day: 2 },
        { kind: 'escalation', to: ['dana.lead@arflow.test', 'victor.controller@arflow.test'], day: 3 },
      ]);
      expect(events).toEqual(['escalated@3']);
      expect((await handle.query(orderProgressQuery)).step).toBe('review_escalated');

      // An AR lead answers on day ten: the order is entered, passes credit, and is acknowledged.
      const after = await handle.executeUpdate(answerReviewQuestionsUpdate, { args: [{ by: 'dana.lead@arflow.test', answer: 'line 1 item WID-100' }] });
      expect(after.openQuestions).toEqual([]);
      await env.sleep('1 hour');
      expect(sent.map((s) => s.kind)).toEqual(['questions', 'reminder', 'reminder', 'escalation', 'acknowledgement']);
      expect(events).toEqual(['escalated@3', 'entered', 'approved:dana.lead@arflow.test', 'scheduled', 'acknowledged']);
    });
  });

  it('after escalation, a partial answer starts a second round that waits for its own answer', async () => {
    const twoQuestions: ParsedPurchaseOrder = { ...poWithUnknownItem('PO-TWO'), lines: [
      { lineNumber: 1, itemCode: 'WID-1OO', description: '', quantityMilli: 10_000, confidence: 0.9, sourceText: 'WID-1OO x 10' },
      { lineNumber: 2, itemCode: 'XYZ-9', description: '', quantityMilli: 1_000, confidence: 0.9, sourceText: 'XYZ-9 x 1' },
    ] };
    await run('PO-TWO', {}, twoQuestions, 0, async ({ handle, sent, events }) => {
      await env.sleep('4 days');
      const partly = await handle.executeUpdate(answerReviewQuestionsUpdate, { args: [{ by: 'dana.lead@arflow.test', answer: 'line 1 item WID-100' }] });
      expect(partly.openQuestions).toHaveLength(1);
      expect(partly.step).toBe('review_escalated');
      await env.sleep('6 days');
      // Round two: the CSR is reminded again on its own schedule; the AR leads already have it.
      expect(sent.map((s) => [s.kind, s.day])).toEqual([['questions', 0], ['reminder', 1], ['reminder', 2], ['escalation', 3], ['questions', 4], ['reminder', 5], ['reminder', 6]]);
      await handle.executeUpdate(answerReviewQuestionsUpdate, { args: [{ by: 'dana.lead@arflow.test', answer: 'remove line 2' }] });
      await env.sleep('1 hour');
      expect(events).toEqual(['escalated@3', 'entered', 'approved:dana.lead@arflow.test', 'scheduled', 'acknowledged']);
    });
  });

  it('stop reminding once the CSR answers: one reminder, no escalation', async () => {
    await run('PO-LATE', {}, poWithUnknownItem('PO-LATE'), 0, async ({ handle, sent, events }) => {
      await env.sleep('30 hours');
      await handle.executeUpdate(answerReviewQuestionsUpdate, { args: [{ by: 'carla.csr@arflow.test', answer: 'line 1 item WID-100' }] });
      await env.sleep('7 days');
      expect(sent.map((s) => [s.kind, s.day])).toEqual([['questions', 0], ['reminder', 1], ['acknowledgement', 1.3]]);
      expect(events).toEqual(['entered', 'scheduled', 'acknowledged']);
    });
  });
});

describe('a credit hold nobody decides', () => {
  it('escalates after two days to those whose limit covers it, then waits for their decision', async () => {
    // 60,000.00 USD against a 50,000.00 USD limit: over the AR lead's 25,000.00 USD, within the controller's.
    await run('PO-HOLD', {}, undefined, 6_000_000, async ({ handle, sent, events }) => {
      await env.sleep('5 days');
      expect(sent).toEqual([
        { kind: 'credit_hold', to: ['dana.lead@arflow.test', 'victor.controller@arflow.test'], day: 0 },
        { kind: 'credit_hold_escalation', to: ['victor.controller@arflow.test'], day: 2 },
      ]);
      expect((await handle.query(orderProgressQuery)).step).toBe('credit_hold_escalated');
      await expect(handle.executeUpdate(decideCreditHoldUpdate, { args: [{ by: 'dana.lead@arflow.test', decision: 'release', reason: 'known customer' }] }))
        .rejects.toMatchObject({ cause: { message: "60,000.00 USD is above Dana Brooks's approval limit of 25,000.00 USD; it needs someone with a higher limit" } });
      await handle.executeUpdate(decideCreditHoldUpdate, { args: [{ by: 'victor.controller@arflow.test', decision: 'release', reason: 'deposit received' }] });
      await env.sleep('1 hour');
      expect(events).toEqual(['credit_hold', 'escalated@2', 'approved:victor.controller@arflow.test', 'scheduled', 'acknowledged']);
      expect(sent.map((s) => s.kind)).toEqual(['credit_hold', 'credit_hold_escalation', 'credit_decision', 'acknowledgement']);
    });
  });

  it('decided on the first day does not escalate', async () => {
    await run('PO-QUICK', { creditLimitMinor: 100 }, undefined, 1_000_000, async ({ handle, sent }) => {
      await env.sleep('3 hours');
      await handle.executeUpdate(decideCreditHoldUpdate, { args: [{ by: 'dana.lead@arflow.test', decision: 'reject', reason: 'prepay only' }] });
      expect(await handle.result()).toMatchObject({ step: 'cancelled', cancelledBy: 'dana.lead@arflow.test' });
      expect(sent.map((s) => s.kind)).toEqual(['credit_hold', 'credit_decision']);
    });
  });
});
