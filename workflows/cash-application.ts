// One payment, from the bank's report to the invoices it pays, as the cash application clerk works it:
//   1. Find whose money it is and what it pays (references, amount, combinations), with a confidence.
//   2. Sure enough: apply it. Each invoice hears of its money (its workflow re-ages or closes it), a
//      short pay too large to write off becomes a dispute, and an over-payment stays on account.
//   3. Not sure: put it in the exception queue with the candidates ranked, and wait for a person's
//      applyCash decision (checked against the ledger and their authority before it is accepted).
//   4. Money left unapplied waits on the account (or in suspense) for the next decision.
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, defineQuery, defineUpdate, getExternalWorkflowHandle, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
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
  currency: string;
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
  const progress: CashApplicationProgress = { paymentNumber, currency: 'USD', status: 'matching', customerNumber: null, appliedTo: [], reason: '' };
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
    const refusal = await desk.checkCashDecision({ paymentNumber, ...(mine.decision.customerNumber ? { customerNumber: mine.decision.customerNumber } : {}), ...(mine.decision.leaveRest ? { leaveRest: mine.decision.leaveRest } : {}), applications: mine.decision.applications.map(toWrite) });
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
      // Decisions already accepted and not yet written have their share of what is left.
      const queued = decisions.filter((d) => !d.done && !d.failed).reduce((s, d) => s + d.decision.applications.reduce((t, a) => t + a.amountMinor, 0), 0);
      if (applying + queued > unappliedMinor) throw new Error(`${paymentNumber} has ${fmt(unappliedMinor - queued)} left to apply, not ${fmt(applying)}`);
      const writtenOff = decision.applications.reduce((s, a) => s + (a.writeOff ? a.deductionMinor : 0), 0);
      const refusal = refuseUnlessAuthorised({ decision: writtenOff > 0 ? 'release' : 'reject', by: decision.by, amountMinor: writtenOff, currency }, approvers, CASH_DECIDERS, fmt);
      if (refusal) throw new Error(writtenOff > 0 ? `writing off ${fmt(writtenOff)}: ${refusal}` : refusal);
    },
  });

  // 1. Whose money, and what it pays.
  approvers = await desk.listApprovers();
  const match = await desk.proposeCashMatch(paymentNumber);
  unappliedMinor = match.amountMinor;
  currency = progress.currency = match.currency;
  progress.customerNumber = match.customerNumber;
  progress.reason = match.reason;
  if (match.customerNumber) upsertSearchAttributes([{ key: CUSTOMER_NUMBER, value: match.customerNumber }]);
  let candidates = match.candidates;

  // 2. Sure enough: apply it. The ledger may still refuse (another payment paid the invoice a moment ago):
  // then a person decides, with the proposal as the first candidate.
  if (match.decision === 'auto_apply' && match.proposal) {
    try {
      const written = await desk.applyCashToInvoices({ paymentNumber, decisionKey: 'auto', by: 'auto', confidence: match.proposal.confidence, applications: match.proposal.applications.map(toWrite) });
      unappliedMinor = written.unappliedMinor;
      await tellInvoices(written.applied, 'cash application');
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      progress.reason += `; not applied: ${failureMessage(err)}`;
      candidates = [match.proposal];
    }
  }
  // 3. Not sure, or money left over: the exception queue, and a person. Money a person leaves on account
  // (or in suspense) keeps this workflow open, quietly, for the decision that applies it later.
  let approvalId: string | undefined;
  let openings = 0;
  let parked = false;
  while (unappliedMinor > 0) {
    if (!parked && !approvalId) {
      setStatus(waitingStatus(match, progress.appliedTo.length > 0));
      // Each opening is its own approval: a decided one stays decided in the record.
      openings++;
      approvalId = (await desk.openApproval({
        kind: 'cash_exception', workflowId: workflowInfo().workflowId, updateName: APPLY_CASH_UPDATE, subjectType: 'payment', subjectId: openings === 1 ? paymentNumber : `${paymentNumber}/${openings}`,
        amountMinor: unappliedMinor, currency, context: { payment: paymentNumber, reason: progress.reason, candidates, customerNumber: progress.customerNumber, status: progress.status },
      })).approvalId;
    }
    await condition(() => decisions.some((d) => !d.done && !d.failed));
    const next = decisions.find((d) => !d.done && !d.failed)!;
    const { decision } = next;
    let written: Awaited<ReturnType<typeof desk.applyCashToInvoices>>;
    try {
      written = await desk.applyCashToInvoices({
        paymentNumber, decisionKey: `decision-${decisions.indexOf(next) + 1}`, by: decision.by, confidence: 100, applications: decision.applications.map(toWrite),
        ...(decision.customerNumber ? { customerNumber: decision.customerNumber } : {}), ...(decision.leaveRest ? { leaveRest: decision.leaveRest } : {}), ...(decision.note ? { note: decision.note } : {}),
      });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      next.failed = failureMessage(err);
      continue;
    }
    unappliedMinor = written.unappliedMinor;
    await tellInvoices(written.applied, decision.by);
    if (decision.customerNumber) { progress.customerNumber = decision.customerNumber; upsertSearchAttributes([{ key: CUSTOMER_NUMBER, value: decision.customerNumber }]); }
    parked = !!decision.leaveRest && unappliedMinor > 0;
    if (approvalId && (parked || unappliedMinor === 0)) {
      await desk.recordApprovalDecision(approvalId, { status: 'approved', by: decision.by, reason: decision.note ?? (unappliedMinor ? `applied; ${fmt(unappliedMinor)} left ${decision.leaveRest === 'suspense' ? 'in suspense' : 'on account'}` : 'applied') });
      approvalId = undefined;
    }
    setStatus(unappliedMinor === 0 ? 'applied' : parked ? decision.leaveRest! : 'partially_applied');
    next.done = { ...progress, appliedTo: [...progress.appliedTo] };
    // Roles and limits change over the months a payment may wait on account: judge the next decision by today's.
    approvers = await desk.listApprovers();
  }
  setStatus('applied');
  // Decisions that arrived for money already applied: refused, so their callers hear it.
  for (const d of decisions) if (!d.done && !d.failed) d.failed = `${paymentNumber} is fully applied: nothing was left for this decision`;
  await condition(allHandlersFinished);
  return progress;

  /** Signals each invoice; one whose workflow has ended cannot take the money, which goes back to the payment. */
  async function tellInvoices(applied: AppliedToInvoice[], by: string): Promise<void> {
    const on = new Date().toISOString().slice(0, 10);
    for (const a of applied) {
      if (a.effectMinor > 0) {
        const signal: PaymentApplied = { applicationId: a.applicationId, amountMinor: a.effectMinor, appliedOn: on };
        try {
          await getExternalWorkflowHandle(a.invoiceWorkflowId).signal(PAYMENT_APPLIED_SIGNAL, signal);
        } catch (err) {
          unappliedMinor = (await desk.undoCashApplication(a.applicationId)).unappliedMinor;
          progress.reason += `; ${a.invoiceNumber} could not take the payment (its workflow has ended: ${(err as Error).message}), the application was undone`;
          continue;
        }
      }
      progress.appliedTo.push(a.invoiceNumber);
      // A deduction too large to write off: the customer's collections hold it as a dispute, not a debt to chase.
      if (a.disputeMinor > 0) {
        const answer = await desk.askCollections(a.customerNumber, { kind: 'dispute', dispute: { invoiceNumber: a.invoiceNumber, amountMinor: a.disputeMinor, by: `cash application (${by})`, reason: `short paid with ${paymentNumber}: ${a.disputeReason}` } });
        if (!answer.applied) progress.reason += `; the deduction on ${a.invoiceNumber} could not be recorded as a dispute (${answer.refusal}): a person must`;
      }
    }
  }
}

function failureMessage(err: ActivityFailure): string {
  return (err.cause as { message?: string } | undefined)?.message ?? err.message;
}

function toWrite(a: ApplicationToWrite | CashDecision['applications'][number]): ApplicationToWrite {
  return { invoiceNumber: a.invoiceNumber, amountMinor: a.amountMinor, discountMinor: a.discountMinor, deductionMinor: a.deductionMinor, ...(a.deductionReason ? { deductionReason: a.deductionReason } : {}), writeOff: a.writeOff };
}

function waitingStatus(match: CashMatchSummary, someApplied: boolean): CashApplicationProgress['status'] {
  if (someApplied) return 'partially_applied';
  if (match.decision === 'auto_apply') return 'partially_applied';
  return match.decision === 'exception' ? 'exception' : match.decision === 'on_account' ? 'on_account' : 'suspense';
}
