// Test-only workflows with the shapes arflow's own take (weeks-long timers, a signal awaited with a
// deadline, a person's decision as an Update with a validator, a child started with search
// attributes), so the time-skipping server is proven on each before real workflows rely on it.
import {
  condition, defineQuery, defineSignal, defineUpdate, executeChild, setHandler, sleep, upsertSearchAttributes,
} from '@temporalio/workflow';
import { ORDER_STATUS, PO_NUMBER } from '../../../workflows/search-attributes.js';

export const approveSignal = defineSignal<[string]>('approve');
export const stageQuery = defineQuery<string>('stage');

export interface ReminderOutcome { approvedBy: string | null; timedOut: boolean; startedAtMs: number; endedAtMs: number }

/** Waits 45 days, then up to 10 more for an approval signal. */
export async function remindThenEscalate(poNumber: string): Promise<ReminderOutcome> {
  const startedAtMs = Date.now();
  let approvedBy: string | null = null;
  let stage = 'waiting 45 days';
  setHandler(stageQuery, () => stage);
  setHandler(approveSignal, (who) => { approvedBy = who; });
  upsertSearchAttributes([{ key: PO_NUMBER, value: poNumber }]);
  await sleep('45 days');
  stage = 'waiting for approval';
  const approved = await condition(() => approvedBy !== null, '10 days');
  stage = approved ? 'approved' : 'escalated';
  return { approvedBy, timedOut: !approved, startedAtMs, endedAtMs: Date.now() };
}

export interface CreditDecision { by: string; reason: string; release: boolean }
export const decideCreditHoldUpdate = defineUpdate<string, [CreditDecision]>('decideCreditHold');

export interface CreditHoldOutcome { decision: CreditDecision | null; dunning: DunningOutcome | null }

/** A credit hold a person releases (an Update, refused without a reason) or that expires after 3 days. */
export async function creditHold(orderId: string): Promise<CreditHoldOutcome> {
  let decision: CreditDecision | null = null;
  let stage = 'on hold';
  setHandler(stageQuery, () => stage);
  setHandler(decideCreditHoldUpdate, (request) => {
    decision = request;
    stage = request.release ? 'released' : 'kept';
    return `${request.release ? 'released' : 'kept'} by ${request.by}`;
  }, {
    validator: (request) => {
      if (!request.by.includes('@')) throw new Error('a credit decision needs the email address of the person deciding');
      if (request.reason.trim().length < 3) throw new Error('a credit decision needs a reason');
    },
  });
  await condition(() => decision !== null, '3 days');
  if (decision === null) return { decision: null, dunning: null };
  const dunning = await executeChild(dunningCycle, {
    args: [orderId],
    workflowId: `dunning-${orderId}`,
    typedSearchAttributes: [{ key: ORDER_STATUS, value: 'dunning' }],
  });
  return { decision, dunning };
}

export interface DunningOutcome { startedAtMs: number; endedAtMs: number }

/** A 90-day dunning cycle, as a child. */
export async function dunningCycle(_orderId: string): Promise<DunningOutcome> {
  const startedAtMs = Date.now();
  await sleep('90 days');
  return { startedAtMs, endedAtMs: Date.now() };
}
