// Collections as an AR specialist runs them, in numbers: which reminder each open invoice is due for and
// when, grouped per customer so ten overdue invoices make one email, not ten. Pure and deterministic:
// the collections workflow replays it, and tests walk a 90-day schedule through it without a clock.
//
// The rules, each the answer to a complaint a desk has heard:
//   • Steps go in order and are never skipped (a customer who gets "final notice" must have had "firm").
//     The one exception is the courtesy reminder, which only makes sense before the due date: once past
//     it, it is recorded as skipped rather than sent late.
//   • Steps keep a minimum gap between them, so catching up after downtime sends the next step only,
//     and the one after it days later: never a flood. The same gap holds between two reminders to one
//     customer: invoices whose steps fall inside it wait and go together in the next reminder.
//   • A partial payment re-ages the invoice: its next step waits `reageDays` from the payment.
//   • A promise to pay pauses it until the promised date plus grace; a dispute removes the disputed
//     amount from what is chased (a fully disputed invoice is not chased at all).
//   • Balances at or below `smallBalanceMinor` are not chased (a bank fee's worth of short payment).
import { z } from 'zod';
import { addDays } from './invoicing.js';

export const DUNNING_STEPS = ['courtesy', 'due', 'friendly', 'firm', 'final', 'credit_hold', 'lead_decision'] as const;
export type DunningStepName = (typeof DUNNING_STEPS)[number];

export const dunningStepSchema = z.object({
  name: z.enum(DUNNING_STEPS),
  /** Days after the due date (negative: before it). */
  offsetDays: z.number().int().min(-60).max(365),
  /** email: a reminder to the billing contacts; credit_hold: new orders wait; lead_decision: an AR lead decides write-off or agency. */
  action: z.enum(['email', 'credit_hold', 'lead_decision']),
  /** The final notice carries the customer's statement of open items. */
  withStatement: z.boolean().default(false),
});
export type DunningStep = z.infer<typeof dunningStepSchema>;

export const dunningPolicySchema = z.object({
  code: z.string().min(1),
  steps: z.array(dunningStepSchema).min(1),
  minimumGapDays: z.number().int().min(0).max(60),
  reageDays: z.number().int().min(0).max(60),
  promiseGraceDays: z.number().int().min(0).max(30),
  smallBalanceMinor: z.number().int().min(0),
}).refine((p) => p.steps.every((s, i) => i === 0 || s.offsetDays >= p.steps[i - 1]!.offsetDays), { message: 'steps must be in order of their offset', path: ['steps'] })
  .refine((p) => new Set(p.steps.map((s) => s.name)).size === p.steps.length, { message: 'a step may appear once', path: ['steps'] });
export type DunningPolicy = z.infer<typeof dunningPolicySchema>;

/** The schedule most B2B desks start from: a courtesy note, then firmer every two weeks, a hold at 45 days. */
export const DEFAULT_DUNNING_POLICY: DunningPolicy = {
  code: 'standard',
  steps: [
    { name: 'courtesy', offsetDays: -3, action: 'email', withStatement: false },
    { name: 'due', offsetDays: 0, action: 'email', withStatement: false },
    { name: 'friendly', offsetDays: 7, action: 'email', withStatement: false },
    { name: 'firm', offsetDays: 21, action: 'email', withStatement: false },
    { name: 'final', offsetDays: 35, action: 'email', withStatement: true },
    { name: 'credit_hold', offsetDays: 45, action: 'credit_hold', withStatement: false },
    { name: 'lead_decision', offsetDays: 60, action: 'lead_decision', withStatement: false },
  ],
  minimumGapDays: 3,
  reageDays: 7,
  promiseGraceDays: 3,
  smallBalanceMinor: 0,
};

/** Key accounts: more patience, and no automatic credit hold (an AR lead decides at the end instead). */
export const KEY_ACCOUNT_DUNNING_POLICY: DunningPolicy = {
  code: 'key_account',
  steps: [
    { name: 'due', offsetDays: 0, action: 'email', withStatement: false },
    { name: 'friendly', offsetDays: 10, action: 'email', withStatement: false },
    { name: 'firm', offsetDays: 30, action: 'email', withStatement: false },
    { name: 'final', offsetDays: 45, action: 'email', withStatement: true },
    { name: 'lead_decision', offsetDays: 75, action: 'lead_decision', withStatement: false },
  ],
  minimumGapDays: 5, reageDays: 10, promiseGraceDays: 5, smallBalanceMinor: 0,
};

/** New or risky accounts: a short leash, the hold at 25 days. */
export const STRICT_DUNNING_POLICY: DunningPolicy = {
  code: 'strict',
  steps: [
    { name: 'courtesy', offsetDays: -3, action: 'email', withStatement: false },
    { name: 'due', offsetDays: 0, action: 'email', withStatement: false },
    { name: 'friendly', offsetDays: 3, action: 'email', withStatement: false },
    { name: 'firm', offsetDays: 10, action: 'email', withStatement: false },
    { name: 'final', offsetDays: 20, action: 'email', withStatement: true },
    { name: 'credit_hold', offsetDays: 25, action: 'credit_hold', withStatement: false },
    { name: 'lead_decision', offsetDays: 40, action: 'lead_decision', withStatement: false },
  ],
  minimumGapDays: 3, reageDays: 5, promiseGraceDays: 2, smallBalanceMinor: 0,
};

export const DUNNING_POLICIES: Readonly<Record<string, DunningPolicy>> = {
  [DEFAULT_DUNNING_POLICY.code]: DEFAULT_DUNNING_POLICY,
  [KEY_ACCOUNT_DUNNING_POLICY.code]: KEY_ACCOUNT_DUNNING_POLICY,
  [STRICT_DUNNING_POLICY.code]: STRICT_DUNNING_POLICY,
};

/**
 * The policy a customer is chased by: the one set on the account, else by its terms (cash-in-advance and
 * due-on-receipt terms are strict), else the standard one. An unknown code is a setting to fix, said loudly.
 */
export function dunningPolicyFor(customer: { dunningPolicy: string | null; netDays: number; number: string }): DunningPolicy {
  if (customer.dunningPolicy) {
    const policy = DUNNING_POLICIES[customer.dunningPolicy];
    if (!policy) throw new Error(`customer ${customer.number} has dunning policy "${customer.dunningPolicy}", which is not one of: ${Object.keys(DUNNING_POLICIES).join(', ')}`);
    return policy;
  }
  return customer.netDays === 0 ? STRICT_DUNNING_POLICY : DEFAULT_DUNNING_POLICY;
}

export interface InvoiceUnderCollection {
  number: string;
  dueDate: string;
  currency: string;
  totalMinor: number;
  openMinor: number;
  disputedMinor: number;
  /** Steps taken or skipped, in order. */
  stepsTaken: DunningStepName[];
  lastStepOn?: string;
  promisedUntil?: string;
  reagedOn?: string;
}

/** What is being chased: the open amount less what the customer disputes. */
export function chasedMinor(invoice: InvoiceUnderCollection): number {
  return Math.max(0, invoice.openMinor - invoice.disputedMinor);
}

export interface PlannedStep { step: DunningStep; on: string; skip: boolean }

/**
 * The invoice's next step and the day it falls on, or undefined when nothing more is chased. A before-due
 * step whose day (or `today`, when catching up) has reached the due date is marked to be skipped.
 */
export function nextStep(invoice: InvoiceUnderCollection, policy: DunningPolicy, today?: string): PlannedStep | undefined {
  if (chasedMinor(invoice) <= policy.smallBalanceMinor) return undefined;
  const step = policy.steps.find((s) => !invoice.stepsTaken.includes(s.name));
  if (!step) return undefined;
  const candidates = [addDays(invoice.dueDate, step.offsetDays)];
  if (invoice.lastStepOn) candidates.push(addDays(invoice.lastStepOn, policy.minimumGapDays));
  if (invoice.promisedUntil) candidates.push(addDays(invoice.promisedUntil, policy.promiseGraceDays + 1));
  if (invoice.reagedOn) candidates.push(addDays(invoice.reagedOn, policy.reageDays));
  const on = candidates.sort().at(-1)!;
  const latest = today && today > on ? today : on;
  return { step, on, skip: step.offsetDays < 0 && latest >= invoice.dueDate };
}

export interface CustomerDunning {
  /** One email to the customer's billing contacts, in the tone of the most advanced step among its invoices. */
  reminder?: { step: DunningStepName; withStatement: boolean; invoices: { number: string; step: DunningStepName }[] };
  creditHold: string[];
  leadDecision: string[];
  /** Steps recorded without action (a courtesy reminder whose day passed). */
  skipped: { number: string; step: DunningStepName }[];
}

/** When the customer may next get a reminder, given the last one (undefined: any day). */
function customerReady(policy: DunningPolicy, lastReminderOn: string | undefined): string | undefined {
  return lastReminderOn ? addDays(lastReminderOn, policy.minimumGapDays) : undefined;
}

/**
 * Everything due on `today` for one customer's invoices, the customer's last reminder having gone on
 * `lastReminderOn`. Skips are settled first, so a skipped courtesy lets "due" go the same day.
 */
export function dunningDueOn(invoices: readonly InvoiceUnderCollection[], policy: DunningPolicy, today: string, lastReminderOn?: string): CustomerDunning {
  const ready = customerReady(policy, lastReminderOn);
  const result: CustomerDunning = { creditHold: [], leadDecision: [], skipped: [] };
  const emails: { number: string; step: DunningStep }[] = [];
  for (const invoice of invoices) {
    let planned = nextStep(invoice, policy, today);
    const taken = [...invoice.stepsTaken];
    while (planned?.skip) {
      result.skipped.push({ number: invoice.number, step: planned.step.name });
      taken.push(planned.step.name);
      planned = nextStep({ ...invoice, stepsTaken: taken }, policy, today);
    }
    if (!planned || planned.on > today) continue;
    if (planned.step.action === 'email' && ready && ready > today) continue; // too soon after the last reminder: it waits
    if (planned.step.action === 'email') emails.push({ number: invoice.number, step: planned.step });
    else if (planned.step.action === 'credit_hold') result.creditHold.push(invoice.number);
    else result.leadDecision.push(invoice.number);
  }
  if (emails.length > 0) {
    const order = (name: DunningStepName) => DUNNING_STEPS.indexOf(name);
    const toughest = emails.reduce((a, b) => (order(b.step.name) > order(a.step.name) ? b : a)).step;
    result.reminder = { step: toughest.name, withStatement: emails.some((e) => e.step.withStatement), invoices: emails.map((e) => ({ number: e.number, step: e.step.name })) };
  }
  return result;
}

/** Records what was done (or skipped) on `on`: the invoices the workflow keeps, updated. */
export function recordSteps(invoices: readonly InvoiceUnderCollection[], done: readonly { number: string; step: DunningStepName; skipped?: boolean }[], on: string): InvoiceUnderCollection[] {
  return invoices.map((invoice) => {
    const mine = done.filter((d) => d.number === invoice.number);
    if (mine.length === 0) return invoice;
    const acted = mine.some((d) => !d.skipped);
    return { ...invoice, stepsTaken: [...invoice.stepsTaken, ...mine.map((d) => d.step)], lastStepOn: acted ? on : invoice.lastStepOn };
  });
}

/** The earliest day any invoice has a step due (skips count as due: they are settled that day), or undefined. */
export function nextDunningDay(invoices: readonly InvoiceUnderCollection[], policy: DunningPolicy, lastReminderOn?: string): string | undefined {
  const ready = customerReady(policy, lastReminderOn);
  const days = invoices.map((i) => {
    const planned = nextStep(i, policy);
    if (!planned) return undefined;
    return planned.step.action === 'email' && ready && ready > planned.on ? ready : planned.on;
  }).filter((d): d is string => d !== undefined).sort();
  return days[0];
}

/** How many days past due an invoice is on `today` (0 when not yet due). */
export function daysPastDue(invoice: Pick<InvoiceUnderCollection, 'dueDate'>, today: string): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${invoice.dueDate}T00:00:00Z`)) / 86_400_000));
}
