// One payment, from the bank's report to the invoices it pays, as the cash application clerk works it:
//   1. Find whose money it is and what it pays (references, amount, combinations), with a confidence.
//   2. Sure enough: apply it. Each invoice hears of its money (its workflow re-ages or closes it), a
//      short pay too large to write off becomes a dispute, and an over-payment stays on account.
//   3. Not sure: put it in the exception queue with the candidates ranked, and wait for a person's
//      applyCash decision (checked against the ledger and their authority before it is accepted).
//   4. Money left unapplied waits on the account (or in suspense) for the next decision.
import { ApplicationFailure, allHandlersFinished, condition, defineQuery, defineUpdate, getExternalWorkflowHandle, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { AppliedToInvoice, ApplicationToWrite, CashMatchSummary } from '../activities/cash-application.js';
import { refuseUnlessAuthorised, type Approver } from '../domain/approval-authority.js';
import { APPLY_CASH_UPDATE, cashDecisionSchema, type CashApplicationInput, type CashDecision, type CashDecisionInput } from '../domain/cash-application-contract.js';
import { PAYMENT_APPLIED_SIGNAL, type PaymentApplied } from '../domain/collections-contract.js';
import { formatMoney, money } from '../domain/money.js';
import { parseOrRefuse } from '../domain/validation.js';
import { desk } from './activity-stubs.js';
import { CUSTOMER_NUMBER, PAYMENT_STATUS } from './search-attributes.js';

export interface CashApplicationProgress {
  paymentNumber: string;
  status: 'matching' | 'applied' | 'partially_applied' | 'exception' | 'on_account' | 'suspense';
  customerNumber: string | null;
  appliedTo: string[];
  reason: string;
}

export const cashApplicationProgressQuery = defineQuery<CashApplicationProgress>('cashApplicationProgress');
export const applyCashUpdate = defineUpdate<CashApplicationProgress, [CashDecisionInput]>(APPLY_CASH_UPDATE);

// Who may apply cash by hand; writing off a deduction also needs a limit that covers it.
const CASH_DECIDERS = ['ar_clerk', 'ar_lead', 'controller'] as const;

export async function cashApplicationWorkflow(input: CashApplicationInput): Promise<CashApplicationProgress> {
  const { paymentNumber } = input;
  const progress: CashApplicationProgress = { paymentNumber, status: 'matching', customerNumber: null, appliedTo: [], reason: '' };
  const decisions: { decision: CashDecision; done?: CashApplicationProgress; failed?: string }[] = [];
  let approvers: Approver[] = [];
  let unappliedMinor = 0;
  let currency = 'USD';
  const fmt = (minor: number) => formatMoney(money(minor, currency));
  const setStatus = (status: CashApplicationProgress['status']) => { progress.status = status; upsertSearchAttributes([{ key: PAYMENT_STATUS, value: status }]); };

  setHandler(cashApplicationProgressQuery, () => progress);
  setHandler(applyCashUpdate, async (asked) => {
    const mine: (typeof decisions)[number] = { decision: parseOrRefuse(cashDecisionSchema, asked) };
    // The ledger has the last word (an invoice paid meanwhile, another customer's invoice): refused, not applied.
    const refusal = await desk.checkCashDecision({ paymentNumber, ...(mine.decision.customerNumber ? { customerNumber: mine.decision.customerNumber } : {}), applications: mine.decision.applications.map(toWrite) });
    // Thrown from the handler (not the validator), only an ApplicationFailure refuses the Update itself.
    if (refusal) throw ApplicationFailure.nonRetryable(refusal, 'CashDecisionRefused');
    decisions.push(mine);
    await condition(() => mine.done !== undefined || mine.failed !== undefined);
    if (mine.failed) throw ApplicationFailure.nonRetryable(mine.failed, 'CashDecisionRefused');
    return mine.done!;
  }, {
    validator: (asked) => {
      const decision = parseOrRefuse(cashDecisionSchema, asked);
      if (progress.status === 'matching') throw new Error('the payment is still being matched; try again in a moment');
      if (progress.status === 'applied') throw new Error(`${paymentNumber} is fully applied: nothing is left to decide`);
      const applying = decision.applications.reduce((s, a) => s + a.amountMinor, 0);
      if (applying > unappliedMinor) throw new Error(`${paymentNumber} has ${fmt(unappliedMinor)} left to apply, not ${fmt(applying)}`);
      const writtenOff = decision.applications.reduce((s, a) => s + (a.writeOff ? a.deductionMinor : 0), 0);
      const refusal = refuseUnlessAuthorised({ decision: writtenOff > 0 ? 'release' : 'reject', by: decision.by, amountMinor: writtenOff, currency }, approvers, CASH_DECIDERS, fmt);
      if (refusal) throw new Error(writtenOff > 0 ? `writing off ${fmt(writtenOff)}: ${refusal}` : refusal);
    },
  });

  // 1. Whose money, and what it pays.
  approvers = await desk.listApprovers();
  const match = await desk.proposeCashMatch(paymentNumber);
  unappliedMinor = match.amountMinor;
  currency = match.currency;
  progress.customerNumber = match.customerNumber;
  progress.reason = match.reason;
  if (match.customerNumber) upsertSearchAttributes([{ key: CUSTOMER_NUMBER, value: match.customerNumber }]);

  // 2. Sure enough: apply it.
  if (match.decision === 'auto_apply' && match.proposal) {
    const applied = await desk.applyCashToInvoices({ paymentNumber, decisionKey: 'auto', by: 'auto', confidence: match.proposal.confidence, applications: match.proposal.applications.map(toWrite) });
    await tellInvoices(applied, 'cash application');
    unappliedMinor = match.proposal.unappliedMinor;
    progress.appliedTo.push(...applied.map((a) => a.invoiceNumber));
  }
  // 3. Not sure, or money left over: the exception queue, and a person. Money a person leaves on account
  // (or in suspense) keeps this workflow open, quietly, for the decision that applies it later.
  let approvalId: string | undefined;
  let parked = false;
  while (unappliedMinor > 0) {
    if (!parked) {
      const waiting = waitingStatus(match, progress.appliedTo.length > 0);
      setStatus(waiting);
      approvalId ??= (await desk.openApproval({
        kind: 'cash_exception', workflowId: workflowInfo().workflowId, updateName: APPLY_CASH_UPDATE, subjectType: 'payment', subjectId: paymentNumber,
        amountMinor: unappliedMinor, currency, context: { reason: match.reason, candidates: match.candidates, customerNumber: match.customerNumber, status: waiting },
      })).approvalId;
    }
    await condition(() => decisions.some((d) => !d.done && !d.failed));
    const next = decisions.find((d) => !d.done && !d.failed)!;
    const { decision } = next;
    try {
      const applied = await desk.applyCashToInvoices({
        paymentNumber, decisionKey: `decision-${decisions.indexOf(next) + 1}`, by: decision.by, confidence: 100, applications: decision.applications.map(toWrite),
        ...(decision.customerNumber ? { customerNumber: decision.customerNumber } : {}), ...(decision.leaveRest ? { leaveRest: decision.leaveRest } : {}), ...(decision.note ? { note: decision.note } : {}),
      });
      await tellInvoices(applied, decision.by);
      unappliedMinor -= decision.applications.reduce((s, a) => s + a.amountMinor, 0);
      progress.appliedTo.push(...applied.map((a) => a.invoiceNumber));
      if (decision.customerNumber) { progress.customerNumber = decision.customerNumber; upsertSearchAttributes([{ key: CUSTOMER_NUMBER, value: decision.customerNumber }]); }
      parked = !!decision.leaveRest && unappliedMinor > 0;
      if (approvalId && (parked || unappliedMinor === 0)) {
        await desk.recordApprovalDecision(approvalId, { status: 'approved', by: decision.by, reason: decision.note ?? (unappliedMinor ? `applied; ${fmt(unappliedMinor)} left ${decision.leaveRest === 'suspense' ? 'in suspense' : 'on account'}` : 'applied') });
        approvalId = undefined;
      }
      setStatus(unappliedMinor === 0 ? 'applied' : parked ? decision.leaveRest! : 'partially_applied');
      next.done = { ...progress, appliedTo: [...progress.appliedTo] };
    } catch (err) {
      next.failed = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    }
  }
  if (unappliedMinor === 0) setStatus('applied');
  await condition(allHandlersFinished);
  return progress;

  async function tellInvoices(applied: AppliedToInvoice[], by: string): Promise<void> {
    const on = new Date().toISOString().slice(0, 10);
    for (const a of applied) {
      if (a.effectMinor > 0) {
        const signal: PaymentApplied = { applicationId: a.applicationId, amountMinor: a.effectMinor, appliedOn: on };
        try {
          await getExternalWorkflowHandle(a.invoiceWorkflowId).signal(PAYMENT_APPLIED_SIGNAL, signal);
        } catch (err) {
          // The invoice's workflow has ended (written off, or closed by other means): the ledger row stands.
          progress.reason += `; ${a.invoiceNumber}'s workflow did not take the payment (${(err as Error).message})`;
        }
      }
      // A deduction too large to write off: the customer's collections hold it as a dispute, not a debt to chase.
      if (a.disputeMinor > 0) {
        await desk.askCollections(a.customerNumber, { kind: 'dispute', dispute: { invoiceNumber: a.invoiceNumber, amountMinor: a.disputeMinor, by: `cash application (${by})`, reason: `short paid with ${paymentNumber}: ${a.disputeReason}` } });
      }
    }
  }
}

function toWrite(a: ApplicationToWrite | CashDecision['applications'][number]): ApplicationToWrite {
  return { invoiceNumber: a.invoiceNumber, amountMinor: a.amountMinor, discountMinor: a.discountMinor, deductionMinor: a.deductionMinor, ...(a.deductionReason ? { deductionReason: a.deductionReason } : {}), writeOff: a.writeOff };
}

function waitingStatus(match: CashMatchSummary, someApplied: boolean): CashApplicationProgress['status'] {
  if (someApplied) return 'partially_applied';
  if (match.decision === 'auto_apply') return 'partially_applied';
  return match.decision === 'exception' ? 'exception' : match.decision === 'on_account' ? 'on_account' : 'suspense';
}
