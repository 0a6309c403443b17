// One invoice, from a shipment to settled (or written off), as the billing desk works it:
//   write it under the next number → send it to the customer's billing contacts with its PDF (or hand it to
//   the desk for a portal or the post) → put it under the customer's collections → follow its balance as
//   cash application applies payments and the desk issues credit memos (an AR lead approving those above
//   the threshold), until nothing is owed or an AR lead writes it off.
import { allHandlersFinished, ApplicationFailure, condition, defineQuery, defineSignal, defineUpdate, log, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Approver } from '../domain/approval-authority.js';
import { INVOICE_WRITTEN_OFF_SIGNAL, PAYMENT_APPLIED_SIGNAL, paymentAppliedSchema, type PaymentApplied } from '../domain/collections-contract.js';
import {
  CREDIT_MEMO_APPROVERS, creditMemoDecisionSchema, creditMemoNeedsApproval, creditMemoRequestSchema, refuseCreditMemoDecision, refuseCreditMemoRequest,
  type CreditMemoDecision, type CreditMemoRequest,
} from '../domain/credit-memos.js';
import { invoiceRequestSchema, type InvoiceRequest } from '../domain/invoice-handoff.js';
import { formatMoney, money } from '../domain/money.js';
import { parseOrRefuse } from '../domain/validation.js';
import { desk } from './activity-stubs.js';
import { approversChangedSignal, approversFrom } from './approvers-signal.js';
import { CUSTOMER_NUMBER, INVOICE_NUMBER, INVOICE_STATUS, PO_NUMBER } from './search-attributes.js';

export type InvoiceStep = 'writing' | 'issued' | 'partially_paid' | 'paid' | 'written_off';
export interface InvoiceProgress {
  step: InvoiceStep;
  invoiceNumber?: string;
  openMinor?: number;
  delivery?: 'email' | 'desk';
  payments: string[];
  creditMemos?: { number: string; amountMinor: number; by: string; approvedBy: string }[];
  /** A credit memo waiting for an AR lead. */
  pendingCreditMemo?: CreditMemoRequest;
}
export type CreditMemoOutcome = { status: 'issued'; number: string; openMinor: number } | { status: 'awaiting_approval'; approvers: string[] } | { status: 'rejected'; by: string; reason: string };

export const paymentAppliedSignal = defineSignal<[PaymentApplied]>(PAYMENT_APPLIED_SIGNAL);
export const invoiceWrittenOffSignal = defineSignal<[]>(INVOICE_WRITTEN_OFF_SIGNAL);
export const invoiceProgressQuery = defineQuery<InvoiceProgress>('invoiceProgress');
export const requestCreditMemoUpdate = defineUpdate<CreditMemoOutcome, [CreditMemoRequest]>('requestCreditMemo');
export const decideCreditMemoUpdate = defineUpdate<CreditMemoOutcome, [CreditMemoDecision]>('decideCreditMemo');

export async function invoiceWorkflow(input: InvoiceRequest): Promise<InvoiceProgress> {
  // A request that fails its contract is a bug upstream: fail the workflow loudly rather than invoice half right.
  let request: InvoiceRequest;
  try { request = parseOrRefuse(invoiceRequestSchema, input); } catch (err) { throw ApplicationFailure.nonRetryable(`invalid invoice request: ${(err as Error).message}`, 'InvalidInvoiceRequest'); }
  const progress: InvoiceProgress = { step: 'writing', payments: [] };
  const payments: PaymentApplied[] = [];
  let writtenOff = false;
  let approvers: Approver[] = [];
  let memo: { key: string; request: CreditMemoRequest; stage: 'asked' | 'awaiting_approval' | 'decided'; approvalId?: string; decision?: CreditMemoDecision; outcome?: CreditMemoOutcome } | undefined;
  let memosAsked = 0;
  let openMinor = 0;
  const fmt = (minor: number) => formatMoney(money(minor, request.currency));

  setHandler(invoiceProgressQuery, () => progress);
  setHandler(paymentAppliedSignal, (payment) => {
    const checked = paymentAppliedSchema.safeParse(payment);
    if (!checked.success) { log.warn('payment signal refused', { error: checked.error.message }); return; }
    if (progress.payments.includes(checked.data.applicationId)) return; // the same application, redelivered
    progress.payments.push(checked.data.applicationId);
    payments.push(checked.data);
  });
  setHandler(invoiceWrittenOffSignal, () => { writtenOff = true; });
  let approversVersion = 0;
  setHandler(approversChangedSignal, (told) => {
    const now = approversFrom(told);
    if (now && now.version >= approversVersion) { approvers = now.approvers; approversVersion = now.version; }
  });
  setHandler(requestCreditMemoUpdate, async (asked) => {
    memo = { key: `${workflowInfo().workflowId}:credit-memo:${++memosAsked}`, request: parseOrRefuse(creditMemoRequestSchema, asked), stage: 'asked' };
    const mine = memo;
    await condition(() => mine.outcome !== undefined);
    return mine.outcome!;
  }, {
    validator: (asked) => {
      const checked = parseOrRefuse(creditMemoRequestSchema, asked);
      if (progress.step === 'writing') throw new Error('the invoice is not issued yet');
      if (progress.step === 'paid' || progress.step === 'written_off') throw new Error(`the invoice is ${progress.step.replace('_', ' ')}: nothing is open to credit`);
      if (memo && (!memo.outcome || memo.outcome.status === 'awaiting_approval')) throw new Error(`a credit memo for ${fmt(memo.request.amountMinor)} is already waiting; decide it first`);
      const refusal = refuseCreditMemoRequest(checked, openMinor, approvers, fmt);
      if (refusal) throw new Error(refusal);
    },
  });
  setHandler(decideCreditMemoUpdate, async (decided) => {
    const mine = memo!;
    mine.decision = parseOrRefuse(creditMemoDecisionSchema, decided);
    mine.stage = 'decided';
    await condition(() => mine.outcome !== undefined && mine.outcome.status !== 'awaiting_approval');
    return mine.outcome!;
  }, {
    validator: (decided) => {
      const checked = parseOrRefuse(creditMemoDecisionSchema, decided);
      if (!memo || memo.stage !== 'awaiting_approval') throw new Error('no credit memo of this invoice is waiting for a decision');
      if (checked.decision === 'approve' && memo.request.amountMinor > openMinor) throw new Error(`the invoice has only ${fmt(openMinor)} open now (paid since it was asked): reject this credit memo and ask for a new one`);
      const refusal = refuseCreditMemoDecision(checked, memo.request.amountMinor, memo.request.by, approvers, fmt);
      if (refusal) throw new Error(refusal);
    },
  });
  const setStep = (step: InvoiceStep) => { progress.step = step; upsertSearchAttributes([{ key: INVOICE_STATUS, value: step }]); };

  // Issued on the day the workflow runs (UTC), numbered by the sequence.
  const invoice = await desk.createInvoice({ request, workflowId: workflowInfo().workflowId, issueDate: new Date().toISOString().slice(0, 10) });
  progress.invoiceNumber = invoice.number;
  progress.openMinor = openMinor = invoice.totalMinor;
  upsertSearchAttributes([{ key: INVOICE_NUMBER, value: invoice.number }, { key: CUSTOMER_NUMBER, value: request.customerNumber }, { key: PO_NUMBER, value: request.poNumber }]);

  const delivery = await desk.composeInvoice(invoice.invoiceId);
  await desk.deliverEmail(delivery.outboundId);
  await desk.markInvoiceIssued(invoice.invoiceId, delivery.via);
  progress.delivery = delivery.via;
  // Added with credit memos: who may ask for and approve one, for the Updates' validators.
  const takesCreditMemos = patched('credit-memos');
  if (takesCreditMemos) approvers = await desk.listApprovers();
  setStep('issued');

  await desk.tellCollections(request.customerNumber, {
    kind: 'opened', invoiceNumber: invoice.number, workflowId: workflowInfo().workflowId, poNumber: request.poNumber,
    dueDate: invoice.dueDate, currency: invoice.currency, totalMinor: invoice.totalMinor, openMinor: invoice.totalMinor,
  });
  // Added with W-9 packets: a customer's first invoice brings our W-9 and payment instructions.
  if (patched('w9-for-new-customers')) {
    const packet = await desk.composeW9PacketFor({ customerNumber: request.customerNumber, occasion: 'first_invoice' });
    if (packet.outboundId) await desk.deliverEmail(packet.outboundId);
  }

  // Follow the balance: each payment re-ages collections; a credit memo lowers what is chased; the last
  // money in closes the invoice.
  const memoToHandle = () => memo !== undefined && (memo.stage === 'asked' || memo.stage === 'decided') && !(memo.outcome && memo.outcome.status !== 'awaiting_approval');
  for (;;) {
    await condition(() => payments.length > 0 || writtenOff || memoToHandle());
    if (writtenOff) { setStep('written_off'); return progress; } // collections recorded it
    let disputedMinor: number | undefined;
    let on: string;
    if (payments.length > 0) {
      const payment = payments.shift()!;
      openMinor -= payment.amountMinor;
      await desk.recordInvoiceBalance(invoice.invoiceId, openMinor, payment.applicationId);
      on = payment.appliedOn;
    } else {
      const settled = await settleCreditMemo(memo!);
      if (!settled) continue;
      openMinor = settled.openMinor;
      disputedMinor = settled.disputedMinor;
      on = new Date().toISOString().slice(0, 10);
    }
    progress.openMinor = Math.max(0, openMinor);
    if (openMinor <= 0) {
      await desk.tellCollections(request.customerNumber, { kind: 'closed', invoiceNumber: invoice.number, reason: 'paid' });
      setStep('paid');
      // A credit memo still asked for or waiting for approval has nothing left to credit: it ends refused.
      if (memo && (!memo.outcome || memo.outcome.status === 'awaiting_approval')) {
        if (memo.approvalId) await desk.recordApprovalDecision(memo.approvalId, { status: 'rejected', by: `system:${workflowInfo().workflowId}`, reason: 'the invoice was settled before anyone decided' });
        memo.outcome = { status: 'rejected', by: `system:${workflowInfo().workflowId}`, reason: 'the invoice is settled: nothing is open to credit' };
        progress.pendingCreditMemo = undefined;
      }
      await condition(allHandlersFinished); // a waiting caller hears the outcome first
      return progress;
    }
    await desk.tellCollections(request.customerNumber, { kind: 'balance', invoiceNumber: invoice.number, openMinor, on, ...(disputedMinor !== undefined ? { disputedMinor } : {}) });
    if (progress.payments.length > 0 || openMinor < invoice.totalMinor) setStep('partially_paid');
  }

  /** Issues the asked-for credit memo, or asks the AR leads and waits; returns the new balance once issued. */
  async function settleCreditMemo(m: NonNullable<typeof memo>): Promise<{ openMinor: number; disputedMinor: number } | undefined> {
    const { key } = m;
    if (m.request.amountMinor > openMinor) {
      // Money came in while it waited: crediting more than is open would give cash back.
      if (m.approvalId) await desk.recordApprovalDecision(m.approvalId, { status: 'rejected', by: `system:${workflowInfo().workflowId}`, reason: `only ${fmt(openMinor)} open now` });
      m.outcome = { status: 'rejected', by: `system:${workflowInfo().workflowId}`, reason: `the invoice has only ${fmt(openMinor)} open now` };
      progress.pendingCreditMemo = undefined;
      return undefined;
    }
    // Authority as it is today, not as it was when the invoice was issued: someone who left may not act.
    if (patched('refresh-approvers')) {
      approvers = await desk.listApprovers();
      const refusal = m.stage === 'asked' ? refuseCreditMemoRequest(m.request, openMinor, approvers, fmt)
        : m.decision ? refuseCreditMemoDecision(m.decision, m.request.amountMinor, m.request.by, approvers, fmt) : undefined;
      if (refusal) {
        if (m.approvalId && m.decision) await desk.recordApprovalDecision(m.approvalId, { status: 'rejected', by: `system:${workflowInfo().workflowId}`, reason: refusal });
        m.outcome = { status: 'rejected', by: `system:${workflowInfo().workflowId}`, reason: refusal };
        progress.pendingCreditMemo = undefined;
        return undefined;
      }
    }
    const credited = (progress.creditMemos ?? []).reduce((sum, c) => sum + c.amountMinor, 0);
    if (m.stage === 'asked' && creditMemoNeedsApproval(m.request, approvers, credited)) {
      const able = approvers.filter((a) => CREDIT_MEMO_APPROVERS.includes(a.role) && a.limitMinor >= m.request.amountMinor && a.email.toLowerCase() !== m.request.by.toLowerCase());
      const { approvalId } = await desk.openApproval({ kind: 'credit_memo', workflowId: workflowInfo().workflowId, updateName: 'decideCreditMemo', subjectType: 'invoice', subjectId: key, amountMinor: m.request.amountMinor, currency: request.currency, context: { invoice: invoice.number, reason: m.request.reason, requestedBy: m.request.by, openMinor } });
      const notice = await desk.composeDeskNotice({
        idempotencyKey: `credit-memo-approval:${key}`, kind: 'credit_memo_approval', team: 'accounts receivable', to: (able.length ? able : approvers.filter((a) => CREDIT_MEMO_APPROVERS.includes(a.role))).map((a) => a.email),
        subject: `Credit memo to approve: ${fmt(m.request.amountMinor)} on ${invoice.number} (${request.customerNumber})`,
        paragraphs: [`${m.request.by} asks for a credit memo of ${fmt(m.request.amountMinor)} against invoice ${invoice.number} (PO ${request.poNumber}; ${fmt(openMinor)} open): "${m.request.reason}".`],
        action: `Approve or reject it (decideCreditMemo on workflow ${workflowInfo().workflowId}).`,
      });
      await desk.deliverEmail(notice.outboundId);
      m.stage = 'awaiting_approval';
      m.outcome = { status: 'awaiting_approval', approvers: able.map((a) => a.email) };
      progress.pendingCreditMemo = m.request;
      m.approvalId = approvalId;
      return undefined;
    }
    if (m.decision && m.approvalId) await desk.recordApprovalDecision(m.approvalId, { status: m.decision.decision === 'approve' ? 'approved' : 'rejected', by: m.decision.by, reason: m.decision.reason });
    progress.pendingCreditMemo = undefined;
    if (m.decision?.decision === 'reject') {
      m.outcome = { status: 'rejected', by: m.decision.by, reason: m.decision.reason };
      return undefined;
    }
    const approvedBy = m.decision?.by ?? m.request.by;
    const issued = await desk.createCreditMemo({ invoiceId: invoice.invoiceId, requestKey: key, amountMinor: m.request.amountMinor, reason: m.request.reason, requestedBy: m.request.by, approvedBy });
    const mail = await desk.composeCreditMemo(issued.number);
    await desk.deliverEmail(mail.outboundId);
    (progress.creditMemos ??= []).push({ number: issued.number, amountMinor: m.request.amountMinor, by: m.request.by, approvedBy });
    m.outcome = { status: 'issued', number: issued.number, openMinor: issued.openMinor };
    return issued;
  }
}
