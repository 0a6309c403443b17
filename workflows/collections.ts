// A customer's collections, as an AR specialist runs them: every open invoice of the customer in one place,
// one grouped reminder per step in business hours, a credit hold on new orders when the schedule reaches it
// (lifted once those invoices are paid), and at the end an AR lead's decision: write off, collection agency,
// or keep chasing. Promises to pay and disputes, recorded by people, pause the schedule as the policy says.
// The arithmetic is domain/dunning-policy.ts; this file is the desk's procedure around it.
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, defineQuery, defineSignal, defineUpdate, getExternalWorkflowHandle, patched, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import { approversFor, refuseUnlessAuthorised, type Approver, type ApproverRole } from '../domain/approval-authority.js';
import {
  collectionDecisionSchema, disputeRejectionSchema, disputeSchema, INVOICE_CHANGED_SIGNAL, INVOICE_WRITTEN_OFF_SIGNAL, promiseToPaySchema,
  type CollectionDecision, type CollectionsInput, type DisputeRejection, type DisputeRequest, type InvoiceChange, type PromiseToPay,
} from '../domain/collections-contract.js';
import { chasedMinor, DEFAULT_DUNNING_POLICY, dunningDueOn, nextDunningDay, nextStep, recordSteps, type CustomerDunning, type DunningPolicy, type InvoiceUnderCollection } from '../domain/dunning-policy.js';
import { addDays } from '../domain/invoicing.js';
import { paymentPlanRequestSchema, planStatus, refusePlan, type PaymentPlan, type PaymentPlanRequest } from '../domain/payment-plan.js';
import { formatMoney, money } from '../domain/money.js';
import { DEFAULT_SEND_WINDOW, isOpen, localDate, nextOpening, openingOn } from '../domain/send-window.js';
import { parseOrRefuse } from '../domain/validation.js';
import { desk } from './activity-stubs.js';
import { approversChangedSignal, approversFrom } from './approvers-signal.js';
import { CUSTOMER_NUMBER } from './search-attributes.js';

/** Who may decide what collections gave up on. */
export const COLLECTION_DECIDERS: readonly ApproverRole[] = ['ar_lead', 'controller'];
/** How far ahead a promise to pay may be recorded without a payment plan. */
export const LONGEST_PROMISE_DAYS = 60;

export interface CollectedInvoice extends InvoiceUnderCollection { workflowId: string; poNumber: string; withAgency?: boolean }
export interface PendingDecision { invoiceNumbers: string[]; approvalId: string; amountMinor: number; currency: string; approvers: Approver[] }
export interface CollectionsState {
  invoices: CollectedInvoice[];
  onCreditHold: boolean;
  /** The day the customer's last reminder went: the next waits the policy's minimum gap. */
  lastReminderOn?: string;
  pending?: PendingDecision;
  decided?: CollectionDecision;
  /** An agreed payment plan: its invoices are chased by installment instead of by the dunning schedule. */
  plan?: PaymentPlan;
  /** Invoices that put the customer on hold (the hold comes off when every one of them is paid). */
  holdFor?: string[];
  /** Recently paid invoices, for lifting the hold. */
  paid?: string[];
  /** Who may agree plans (AR leads, controllers), for the Update's validator, and the day it was read. */
  approvers?: Approver[];
  approversOn?: string;
  /** The version of the approvers list last told by signal (older ones arriving late are ignored). */
  approversVersion?: number;
  /** Customer notices (a rejected dispute) waiting to be delivered by the main loop. */
  notices?: string[];
  /** Every action taken, newest last (for the console's account timeline and for tests). */
  log: { on: string; what: string }[];
}

export const invoiceChangedSignal = defineSignal<[InvoiceChange]>(INVOICE_CHANGED_SIGNAL);
export const recordPromiseToPayUpdate = defineUpdate<{ pausedUntil: string }, [PromiseToPay]>('recordPromiseToPay');
export const recordDisputeUpdate = defineUpdate<{ chasedMinor: number }, [DisputeRequest]>('recordDispute');
export const decideCollectionUpdate = defineUpdate<void, [CollectionDecision]>('decideCollection');
export const collectionsQuery = defineQuery<CollectionsState>('collections');
/** The disputed amount is owed after all (an AR lead's call): it is chased again from where it left off. */
export const rejectDisputeUpdate = defineUpdate<{ chasedMinor: number }, [DisputeRejection]>('rejectDispute');
export const agreePaymentPlanUpdate = defineUpdate<{ installments: number; lastDate: string }, [PaymentPlanRequest]>('agreePaymentPlan');

export async function collectionsWorkflow(input: CollectionsInput & { carried?: CollectionsState }): Promise<CollectionsState> {
  const policy = input.policy ?? DEFAULT_DUNNING_POLICY;
  const window = input.window ?? DEFAULT_SEND_WINDOW;
  const state: CollectionsState = input.carried ?? { invoices: [], onCreditHold: false, log: [] };
  const today = () => localDate(Date.now(), window);
  let changed = false;
  const find = (number: string) => state.invoices.find((i) => i.number === number);
  const edit = (number: string, patch: Partial<CollectedInvoice>) => { state.invoices = state.invoices.map((i) => (i.number === number ? { ...i, ...patch } : i)); changed = true; };
  upsertSearchAttributes([{ key: CUSTOMER_NUMBER, value: input.customerNumber }]);

  setHandler(collectionsQuery, () => state);
  // The list as it is now, for plans, disputes and a decision already asked (its approvers were copied then).
  setHandler(approversChangedSignal, (told) => {
    const now = approversFrom(told);
    if (!now || (now.version ?? 0) < (state.approversVersion ?? 0)) return;
    state.approvers = now.approvers;
    state.approversVersion = now.version;
    if (state.pending) state.pending = { ...state.pending, approvers: now.approvers };
  });
  setHandler(invoiceChangedSignal, (change) => {
    if (change.kind === 'opened') {
      if (!find(change.invoiceNumber)) state.invoices.push({ number: change.invoiceNumber, workflowId: change.workflowId, poNumber: change.poNumber, dueDate: change.dueDate, currency: change.currency, totalMinor: change.totalMinor, openMinor: change.openMinor, disputedMinor: 0, stepsTaken: [] });
    } else if (change.kind === 'balance') {
      const invoice = find(change.invoiceNumber);
      // Less owed: re-age from the payment. (More owed, a reversed payment: chase it on the same schedule.)
      if (invoice) edit(invoice.number, { openMinor: change.openMinor, ...(change.openMinor < invoice.openMinor ? { reagedOn: change.on } : {}), ...(change.disputedMinor !== undefined ? { disputedMinor: change.disputedMinor } : {}) });
    } else {
      state.invoices = state.invoices.filter((i) => i.number !== change.invoiceNumber);
      if (change.reason === 'paid') state.paid = [...(state.paid ?? []).filter((n) => n !== change.invoiceNumber), change.invoiceNumber].slice(-200);
      // Paid while an AR lead was asked about it: it is no longer theirs to decide.
      if (state.pending) state.pending = { ...state.pending, invoiceNumbers: state.pending.invoiceNumbers.filter((n) => n !== change.invoiceNumber) };
      state.log.push({ on: today(), what: `${change.invoiceNumber} ${change.reason === 'paid' ? 'paid' : 'written off'}` });
    }
    changed = true;
  });

  setHandler(recordPromiseToPayUpdate, async (request) => {
    const promise = parseOrRefuse(promiseToPaySchema, request);
    for (const number of promise.invoiceNumbers) edit(number, { promisedUntil: promise.promisedDate });
    const pausedUntil = addDays(promise.promisedDate, policy.promiseGraceDays);
    state.log.push({ on: today(), what: `promise to pay ${promise.invoiceNumbers.join(', ')} by ${promise.promisedDate} (${promise.by})` });
    await desk.recordCollectionNote({ customerNumber: input.customerNumber, invoiceNumber: promise.invoiceNumbers[0], author: promise.by, text: `Promise to pay ${promise.invoiceNumbers.join(', ')} by ${promise.promisedDate}; reminders paused until ${pausedUntil}.${promise.note ? ` ${promise.note}` : ''}` });
    return { pausedUntil };
  }, {
    validator: (request) => {
      const promise = parseOrRefuse(promiseToPaySchema, request);
      const unknown = promise.invoiceNumbers.filter((n) => !find(n));
      if (unknown.length) throw new Error(`not an open invoice of ${input.customerNumber}: ${unknown.join(', ')}`);
      if (promise.promisedDate < today()) throw new Error(`the promised date ${promise.promisedDate} is already past`);
      if (promise.promisedDate > addDays(today(), LONGEST_PROMISE_DAYS)) throw new Error(`a promise more than ${LONGEST_PROMISE_DAYS} days out is a payment plan: agree one instead`);
    },
  });

  setHandler(recordDisputeUpdate, async (request) => {
    const dispute = parseOrRefuse(disputeSchema, request);
    edit(dispute.invoiceNumber, { disputedMinor: dispute.amountMinor });
    const invoice = find(dispute.invoiceNumber)!;
    // Computed now: the invoice may be paid and leave while the activities below run.
    const result = { chasedMinor: chasedMinor(invoice) };
    state.log.push({ on: today(), what: `dispute on ${dispute.invoiceNumber} for ${formatMoney(money(dispute.amountMinor, invoice.currency))} (${dispute.by}): ${dispute.reason}` });
    const { noticeId } = await desk.openInvoiceDispute(dispute);
    if (noticeId) await desk.deliverEmail(noticeId); // the sales rep hears of it
    return result;
  }, {
    validator: (request) => {
      const dispute = parseOrRefuse(disputeSchema, request);
      const invoice = find(dispute.invoiceNumber);
      if (!invoice) throw new Error(`not an open invoice of ${input.customerNumber}: ${dispute.invoiceNumber}`);
      if (dispute.amountMinor > invoice.openMinor) throw new Error(`the disputed amount is more than the ${formatMoney(money(invoice.openMinor, invoice.currency))} still open on ${invoice.number}`);
    },
  });

  // Added with the console: a new Update handler changes a running workflow's history only once it is used.
  // Who may reject is read when asked (not the day's list); the named dispute is closed in the database
  // before the workflow chases the amount again; the customer's notice goes out from the main loop, so a
  // mail server that is down never holds the decision up.
  const rejecting = new Set<string>();
  setHandler(rejectDisputeUpdate, async (request) => {
    const rejection = parseOrRefuse(disputeRejectionSchema, request);
    rejecting.add(rejection.invoiceNumber);
    try {
      const who = (await desk.listApprovers()).find((a) => a.email.toLowerCase() === rejection.by.toLowerCase());
      if (!who || !COLLECTION_DECIDERS.includes(who.role)) throw ApplicationFailure.create({ message: `${rejection.by} may not reject disputes; it takes one of: ${COLLECTION_DECIDERS.join(', ')}`, nonRetryable: true });
      const closed = await desk.closeInvoiceDispute({ ...rejection, outcome: 'rejected' });
      if (!closed.closed) throw ApplicationFailure.create({ message: closed.why, nonRetryable: true });
      const invoice = find(rejection.invoiceNumber);
      if (invoice) edit(invoice.number, { disputedMinor: 0 });
      if (closed.noticeId) { state.notices = [...(state.notices ?? []), closed.noticeId]; changed = true; }
      state.log.push({ on: today(), what: `dispute on ${rejection.invoiceNumber} rejected (${rejection.by}): ${rejection.reason.slice(0, 200)}` });
      return { chasedMinor: invoice ? chasedMinor({ ...invoice, disputedMinor: 0 }) : 0 };
    } finally { rejecting.delete(rejection.invoiceNumber); }
  }, {
    validator: (request) => {
      const rejection = parseOrRefuse(disputeRejectionSchema, request);
      const invoice = find(rejection.invoiceNumber);
      if (!invoice) throw new Error(`not an open invoice of ${input.customerNumber}: ${rejection.invoiceNumber}`);
      if (invoice.disputedMinor <= 0) throw new Error(`nothing on ${invoice.number} is in dispute`);
      if (rejecting.has(invoice.number)) throw new Error(`the dispute on ${invoice.number} is being rejected already`);
    },
  });

  setHandler(decideCollectionUpdate, (decision) => { state.decided = parseOrRefuse(collectionDecisionSchema, decision); changed = true; }, {
    validator: (request) => {
      const decision = parseOrRefuse(collectionDecisionSchema, request);
      const pending = state.pending;
      if (!pending || state.decided) throw new Error(`nothing of ${input.customerNumber} is waiting for a collections decision`);
      // Writing off gives money away: it needs a limit that covers it. Agency or chasing on needs the role only.
      const refusal = refuseUnlessAuthorised({ decision: decision.decision === 'write_off' ? 'release' : 'reject', by: decision.by, amountMinor: pending.amountMinor, currency: pending.currency },
        pending.approvers, COLLECTION_DECIDERS, (minor) => formatMoney(money(minor, pending.currency)));
      if (refusal) throw new Error(refusal);
    },
  });

  setHandler(agreePaymentPlanUpdate, async (request) => {
    const plan = parseOrRefuse(paymentPlanRequestSchema, request);
    const covered = state.invoices.filter((i) => plan.invoiceNumbers.includes(i.number)).reduce((sum, i) => sum + chasedMinor(i), 0);
    state.plan = { ...plan, agreedOn: today(), coveredMinor: covered, sent: [] };
    changed = true;
    state.log.push({ on: today(), what: `payment plan agreed by ${plan.by}: ${plan.installments.length} installments for ${plan.invoiceNumbers.join(', ')}` });
    const currency = planCurrency(state, plan);
    await desk.recordCollectionNote({ customerNumber: input.customerNumber, invoiceNumber: plan.invoiceNumbers[0], author: plan.by, text: `Payment plan for ${plan.invoiceNumbers.join(', ')}: ${plan.installments.map((x) => `${x.dueDate} ${formatMoney(money(x.amountMinor, currency))}`).join(', ')}. ${plan.reason}` });
    return { installments: plan.installments.length, lastDate: plan.installments.at(-1)!.dueDate };
  }, {
    validator: (request) => {
      const plan = parseOrRefuse(paymentPlanRequestSchema, request);
      const who = state.approvers?.find((a) => a.email.toLowerCase() === plan.by.toLowerCase());
      if (!who || !COLLECTION_DECIDERS.includes(who.role)) throw new Error(`${plan.by} may not agree payment plans; it takes one of: ${COLLECTION_DECIDERS.join(', ')}`);
      if (state.plan) throw new Error(`${input.customerNumber} already has a payment plan (agreed ${state.plan.agreedOn} by ${state.plan.by})`);
      const unknown = plan.invoiceNumbers.filter((n) => !find(n) || find(n)!.withAgency);
      if (unknown.length) throw new Error(`not an open invoice of ${input.customerNumber} under collections: ${unknown.join(', ')}`);
      const covered = state.invoices.filter((i) => plan.invoiceNumbers.includes(i.number));
      if (new Set(covered.map((i) => i.currency)).size > 1) throw new Error('a plan covers invoices of one currency: agree one plan per currency');
      const owed = covered.reduce((sum, i) => sum + chasedMinor(i), 0);
      const refusal = refusePlan(plan, owed, today());
      if (refusal) throw new Error(refusal);
    },
  });

  // Added with payment plans: who may agree one, for its validator (read again each day the workflow wakes).
  const refreshApprovers = async () => {
    if (!patched('payment-plans') || (state.approvers && state.approversOn === today())) return;
    state.approvers = await desk.listApprovers();
    state.approversOn = today();
  };
  for (;;) {
    changed = false; // before any await: what arrives while the steps below run wakes the wait at the end
    await refreshApprovers();
    while (state.notices?.length) { await desk.deliverEmail(state.notices[0]!); state.notices = state.notices.slice(1); }
    if (state.pending && state.pending.invoiceNumbers.length === 0) await withdrawDecision(state, today());
    if (state.decided) await applyDecision(input.customerNumber, state, today());
    const planDay = state.plan ? await followPlan(input.customerNumber, state, today(), isOpen(Date.now(), window)) : undefined;
    await liftHoldWhenSettled(input.customerNumber, state, today());

    const now = Date.now();
    const chased = underSchedule(state, policy);
    const due = dunningDueOn(chased, policy, today(), state.lastReminderOn);
    const anythingDue = due.reminder !== undefined || due.creditHold.length > 0 || due.leadDecision.length > 0 || due.skipped.length > 0;
    if (anythingDue && isOpen(now, window)) {
      await act(input.customerNumber, state, due, today());
      continue;
    }
    if (state.invoices.length === 0 && !state.pending && !state.plan) {
      await condition(allHandlersFinished);
      // Nothing left to chase: the next invoice starts the customer's collections afresh. A hold placed for
      // invoices written off stays on the account until a person releases it.
      return state;
    }
    const nextDay = [nextDunningDay(chased, policy, state.lastReminderOn), planDay].filter((d): d is string => d !== undefined).sort()[0];
    // Never earlier than the window's next opening: a day already open and closed must not spin the loop.
    const wakeAt = anythingDue ? nextOpening(now, window) : nextDay ? Math.max(openingOn(nextDay, window), nextOpening(now, window)) : undefined;
    await condition(() => changed, wakeAt === undefined ? undefined : Math.max(1_000, wakeAt - now));
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof collectionsWorkflow>({ ...input, carried: state });
    }
  }
}

/**
 * The invoices the schedule acts on: not those with an agency, and, while an AR lead's decision is open,
 * not those waiting to be put to them next (they are, once this one is decided).
 */
function underSchedule(state: CollectionsState, policy: DunningPolicy): CollectedInvoice[] {
  return state.invoices.filter((i) => !i.withAgency && !state.plan?.invoiceNumbers.includes(i.number) && !(state.pending && nextStep(i, policy)?.step.action === 'lead_decision'));
}

/**
 * The payment plan's day: its reminder (in business hours), its completion, or its breaking (the invoices go
 * back on their dunning schedule where they left it, and the AR leads are told). Returns the plan's next day.
 */
async function followPlan(customerNumber: string, state: CollectionsState, today: string, open: boolean): Promise<string | undefined> {
  const plan = state.plan!;
  const stillOwed = state.invoices.filter((i) => plan.invoiceNumbers.includes(i.number)).reduce((sum, i) => sum + chasedMinor(i), 0);
  const status = planStatus(plan, plan.coveredMinor - stillOwed, today);
  if (status.kind === 'completed') {
    state.plan = undefined;
    state.log.push({ on: today, what: 'payment plan completed' });
    await desk.recordCollectionNote({ customerNumber, author: 'system:collections', text: `Payment plan for ${plan.invoiceNumbers.join(', ')} completed.` });
    return undefined;
  }
  if (status.kind === 'broken') {
    state.plan = undefined;
    state.log.push({ on: today, what: `payment plan broken at installment ${status.installment}` });
    const leads = (state.approvers ?? []).filter((a) => COLLECTION_DECIDERS.includes(a.role)).map((a) => a.email);
    const notice = await desk.composeDeskNotice({
      idempotencyKey: `plan-broken:${customerNumber}:${plan.agreedOn}`, kind: 'payment_plan_broken', team: 'accounts receivable', to: leads,
      subject: `Payment plan broken: ${customerNumber}, installment ${status.installment} of ${status.dueDate} unpaid`,
      paragraphs: [`The payment plan you agreed on ${plan.agreedOn} (${plan.by}) is two weeks behind: ${formatMoney(money(status.stillDueMinor, planCurrency(state, plan)))} of installment ${status.installment}, due ${status.dueDate}, is unpaid.`, `${plan.invoiceNumbers.join(', ')} go back on their reminder schedule where they left it.`],
    });
    await desk.deliverEmail(notice.outboundId);
    return undefined;
  }
  if (open) {
    for (const n of status.notices) {
      const mail = await desk.composePlanReminder({ idempotencyKey: `plan:${customerNumber}:${plan.agreedOn}:${n.installment}:${n.kind}`, customerNumber, invoiceNumbers: plan.invoiceNumbers, ...n });
      if (mail.outboundId) await desk.deliverEmail(mail.outboundId);
      plan.sent.push(`${n.installment - 1}:${n.kind}`);
      state.log.push({ on: today, what: `plan installment ${n.installment} ${n.kind} reminder` });
    }
    return status.nextDay;
  }
  return status.notices.length ? today : status.nextDay;
}

/** Today's steps for the customer: one grouped reminder, the credit hold, the AR lead's decision. */
async function act(customerNumber: string, state: CollectionsState, due: CustomerDunning, today: string): Promise<void> {
  const done: { number: string; step: CollectedInvoice['stepsTaken'][number]; skipped?: boolean }[] = due.skipped.map((s) => ({ ...s, skipped: true }));
  if (due.reminder) {
    const { step, withStatement, invoices } = due.reminder;
    if (step !== 'credit_hold' && step !== 'lead_decision') {
      const numbers = invoices.map((i) => i.number);
      const reminder = await desk.composeDunningReminder({ idempotencyKey: `dunning:${customerNumber}:${step}:${today}`, customerNumber, step, invoiceNumbers: numbers, withStatement, today });
      if (reminder.outboundId) await desk.deliverEmail(reminder.outboundId);
      state.lastReminderOn = today;
      state.log.push({ on: today, what: reminder.outboundId ? `${step} reminder for ${numbers.join(', ')}` : `${step} reminder not sent: ${reminder.skipped}` });
    }
    done.push(...invoices);
  }
  if (due.creditHold.length > 0) {
    await desk.setCustomerCreditHold({ customerNumber, onHold: true, reason: `${due.creditHold.join(', ')} unpaid after the final notice`, by: `system:${workflowInfo().workflowId}` });
    state.onCreditHold = true;
    state.holdFor = [...new Set([...(state.holdFor ?? []), ...due.creditHold])];
    state.log.push({ on: today, what: `credit hold for ${due.creditHold.join(', ')}` });
    done.push(...due.creditHold.map((number) => ({ number, step: 'credit_hold' as const })));
  }
  if (due.leadDecision.length > 0) {
    await askForDecision(customerNumber, state, due.leadDecision, today);
    done.push(...due.leadDecision.map((number) => ({ number, step: 'lead_decision' as const })));
  }
  state.invoices = recordSteps(state.invoices, done, today) as CollectedInvoice[];
}

async function askForDecision(customerNumber: string, state: CollectionsState, numbers: string[], today: string): Promise<void> {
  const invoices = state.invoices.filter((i) => numbers.includes(i.number));
  const currency = invoices[0]!.currency;
  const amountMinor = invoices.reduce((sum, i) => sum + chasedMinor(i), 0);
  const fmt = (minor: number) => formatMoney(money(minor, currency));
  const approvers = await desk.listApprovers();
  const { approvalId } = await desk.openApproval({
    kind: 'collections_decision', workflowId: workflowInfo().workflowId, updateName: 'decideCollection', subjectType: 'customer', subjectId: `${customerNumber}:${numbers.join(',')}`,
    amountMinor, currency, context: { invoices: invoices.map((i) => ({ number: i.number, dueDate: i.dueDate, openMinor: i.openMinor, steps: i.stepsTaken })) },
  });
  state.pending = { invoiceNumbers: numbers, approvalId, amountMinor, currency, approvers };
  const leads = approvers.filter((a) => COLLECTION_DECIDERS.includes(a.role));
  const able = approversFor(amountMinor, approvers, COLLECTION_DECIDERS);
  const notice = await desk.composeDeskNotice({
    idempotencyKey: `collections-decision:${customerNumber}:${numbers.join(',')}`, kind: 'collections_decision', team: 'accounts receivable', to: leads.map((a) => a.email),
    subject: `Collections decision: ${customerNumber}, ${numbers.length} invoice${numbers.length > 1 ? 's' : ''}, ${fmt(amountMinor)}`,
    paragraphs: [`Every reminder has gone out and the account is on credit hold, but these invoices of ${customerNumber} are still unpaid on ${today}:`],
    items: invoices.map((i) => `${i.number} (PO ${i.poNumber}), due ${i.dueDate}: ${fmt(chasedMinor(i))}`),
    action: `Decide: write off, collection agency, or keep chasing (decideCollection on workflow ${workflowInfo().workflowId}). Writing off ${fmt(amountMinor)} takes a limit that covers it${able.length ? `: ${able.map((a) => a.name).join(', ')}` : '; nobody has one yet'}.`,
  });
  await desk.deliverEmail(notice.outboundId);
  state.log.push({ on: today, what: `AR lead decision asked for ${numbers.join(', ')}` });
}

/** Everything the AR lead was asked about got paid: the question is withdrawn. */
async function withdrawDecision(state: CollectionsState, today: string): Promise<void> {
  const pending = state.pending!;
  await desk.recordApprovalDecision(pending.approvalId, { status: 'rejected', by: `system:${workflowInfo().workflowId}`, reason: 'withdrawn: the invoices were paid before anyone decided' });
  state.log.push({ on: today, what: 'AR lead decision withdrawn: the invoices were paid' });
  state.pending = undefined;
  state.decided = undefined;
}

async function applyDecision(customerNumber: string, state: CollectionsState, today: string): Promise<void> {
  const decision = state.decided!;
  const pending = state.pending!;
  await desk.recordCollectionDecision({ customerNumber, invoiceNumbers: pending.invoiceNumbers, decision: decision.decision, by: decision.by, reason: decision.reason });
  await desk.recordApprovalDecision(pending.approvalId, { status: decision.decision === 'keep_chasing' ? 'rejected' : 'approved', by: decision.by, reason: `${decision.decision}: ${decision.reason}` });
  if (decision.decision === 'write_off') {
    for (const invoice of state.invoices.filter((i) => pending.invoiceNumbers.includes(i.number))) {
      await getExternalWorkflowHandle(invoice.workflowId).signal(INVOICE_WRITTEN_OFF_SIGNAL);
    }
    state.invoices = state.invoices.filter((i) => !pending.invoiceNumbers.includes(i.number));
  } else if (decision.decision === 'keep_chasing') {
    // Chased on: the final notice again in two weeks, and the question back to an AR lead after it.
    state.invoices = state.invoices.map((i) => (pending.invoiceNumbers.includes(i.number)
      ? { ...i, stepsTaken: i.stepsTaken.filter((st) => st !== 'final' && st !== 'lead_decision'), promisedUntil: addDays(today, 14) } : i));
  } else if (decision.decision === 'collection_agency') {
    state.invoices = state.invoices.map((i) => (pending.invoiceNumbers.includes(i.number) ? { ...i, withAgency: true } : i));
  }
  state.log.push({ on: today, what: `${decision.decision} by ${decision.by}: ${decision.reason}` });
  state.pending = undefined;
  state.decided = undefined;
}

/**
 * The hold comes off once every invoice that put it on is paid: not when one is written off, disputed or
 * with an agency (the customer has not paid). Only a hold collections placed is lifted here.
 */
async function liftHoldWhenSettled(customerNumber: string, state: CollectionsState, today: string): Promise<void> {
  if (!state.onCreditHold) return;
  const holdFor = state.holdFor ?? state.invoices.filter((i) => i.stepsTaken.includes('credit_hold')).map((i) => i.number);
  if (!holdFor.every((n) => (state.paid ?? []).includes(n))) return;
  state.holdFor = [];
  // Histories from before the activity said whether it changed anything replay its result as undefined.
  const lifted = await desk.setCustomerCreditHold({ customerNumber, onHold: false, reason: 'the overdue invoices are settled', by: `system:${workflowInfo().workflowId}` });
  state.onCreditHold = false;
  state.log.push({ on: today, what: lifted === 'kept' ? 'overdue invoices settled; the credit hold stays (a person placed it)' : 'credit hold lifted' });
}

function planCurrency(state: CollectionsState, plan: { invoiceNumbers: string[] }): string {
  return state.invoices.find((i) => plan.invoiceNumbers.includes(i.number))?.currency ?? 'USD';
}
