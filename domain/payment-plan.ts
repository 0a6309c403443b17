// A payment plan an AR lead agreed with a customer: some invoices' balance paid in installments on dates.
// While it holds, collections chase the installments instead of the invoices: a note before each one,
// one on its day, one more a week late; two weeks late, the plan is broken and the invoices go back on
// their dunning schedule where they left it. Money in counts toward installments in order. Pure.
import { z } from 'zod';
import { addDays } from './invoicing.js';

export const PLAN_REMINDER_BEFORE_DAYS = 3;
export const PLAN_LATE_NOTICE_DAYS = 7;
export const PLAN_BREAKS_AFTER_DAYS = 14;
export const LONGEST_PLAN_DAYS = 365;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date (YYYY-MM-DD)');

export const paymentPlanRequestSchema = z.object({
  invoiceNumbers: z.array(z.string().min(1)).min(1, 'a plan covers at least one invoice'),
  installments: z.array(z.object({ dueDate: isoDate, amountMinor: z.number().int().positive('an installment is a positive amount') })).min(2, 'a plan has at least two installments'),
  by: z.string().trim().min(3),
  reason: z.string().trim().min(3, 'a plan needs its reason'),
}).refine((p) => p.installments.every((x, i) => i === 0 || x.dueDate > p.installments[i - 1]!.dueDate), { message: 'installment dates must be in order, one per date', path: ['installments'] });
export type PaymentPlanRequest = z.infer<typeof paymentPlanRequestSchema>;

export interface PaymentPlan extends PaymentPlanRequest {
  agreedOn: string;
  /** What the plan's invoices still owed (less disputes) when it was agreed: payments since count toward it. */
  coveredMinor: number;
  /** Reminders sent, as `<installment index>:<kind>`. */
  sent: string[];
}

/** Why the plan cannot be agreed as asked, or undefined. `chased` is what the named invoices owe, undisputed. */
export function refusePlan(plan: PaymentPlanRequest, chasedMinor: number, today: string): string | undefined {
  const total = plan.installments.reduce((s, x) => s + x.amountMinor, 0);
  if (total !== chasedMinor) return `the installments add up to ${total}, but the invoices owe ${chasedMinor}: they must match to the cent`;
  if (plan.installments[0]!.dueDate < today) return `the first installment's date ${plan.installments[0]!.dueDate} is already past`;
  if (plan.installments.at(-1)!.dueDate > addDays(today, LONGEST_PLAN_DAYS)) return `a plan may run ${LONGEST_PLAN_DAYS} days at most`;
  return undefined;
}

export type PlanNotice = { installment: number; kind: 'upcoming' | 'due' | 'late'; dueDate: string; amountMinor: number; stillDueMinor: number };
export type PlanStatus =
  | { kind: 'running'; notices: PlanNotice[]; nextDay: string | undefined }
  | { kind: 'completed' }
  | { kind: 'broken'; installment: number; dueDate: string; stillDueMinor: number };

/** Where the plan stands on `today` with `paidMinor` received since it was agreed, and what to send. */
export function planStatus(plan: PaymentPlan, paidMinor: number, today: string): PlanStatus {
  let cumulative = 0;
  const notices: PlanNotice[] = [];
  const days: string[] = [];
  for (const [i, x] of plan.installments.entries()) {
    cumulative += x.amountMinor;
    const stillDueMinor = cumulative - paidMinor;
    if (stillDueMinor <= 0) continue; // met
    if (today >= addDays(x.dueDate, PLAN_BREAKS_AFTER_DAYS)) return { kind: 'broken', installment: i + 1, dueDate: x.dueDate, stillDueMinor };
    const schedule: [PlanNotice['kind'], string][] = [['upcoming', addDays(x.dueDate, -PLAN_REMINDER_BEFORE_DAYS)], ['due', x.dueDate], ['late', addDays(x.dueDate, PLAN_LATE_NOTICE_DAYS)]];
    // Only the latest notice whose day has come, never a backlog of them; each once.
    const current = schedule.filter(([, day]) => day <= today).at(-1);
    if (current && !plan.sent.includes(`${i}:${current[0]}`) && !(current[0] === 'upcoming' && plan.sent.some((s) => s.startsWith(`${i}:`)))) {
      notices.push({ installment: i + 1, kind: current[0], dueDate: x.dueDate, amountMinor: x.amountMinor, stillDueMinor });
    }
    days.push(...schedule.map(([, day]) => day).filter((day) => day > today), addDays(x.dueDate, PLAN_BREAKS_AFTER_DAYS));
    break; // later installments wait for this one
  }
  if (cumulative - paidMinor <= 0 && notices.length === 0 && days.length === 0) return { kind: 'completed' };
  return { kind: 'running', notices, nextDay: days.sort()[0] };
}
