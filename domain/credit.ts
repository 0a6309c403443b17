// The credit check at order entry, as an AR desk runs it: exposure (open receivables + open orders +
// this order) against the credit limit, the age of the oldest past-due invoice against policy, and an
// account an AR lead has put on hold. Pure: the position is loaded by an activity, the decision is here.

export interface CreditPolicy {
  /** An invoice this many days past due holds new orders. */
  maxDaysPastDue: number;
}

export const DEFAULT_CREDIT_POLICY: CreditPolicy = { maxDaysPastDue: 30 };

export interface CreditPosition {
  currency: string;
  creditLimitMinor: number;
  /** Open receivables: what is still owed on issued invoices. */
  openReceivablesMinor: number;
  /** Orders entered but not yet invoiced, other than the one being checked. */
  openOrdersMinor: number;
  /** Days the oldest unpaid invoice is past its due date (0 when none is). */
  oldestDaysPastDue: number;
  oldestPastDueInvoice: string | null;
  accountOnHold: boolean;
}

export type CreditDecision =
  | { kind: 'pass'; exposureMinor: number; availableMinor: number }
  | {
      kind: 'hold';
      exposureMinor: number;
      /** What releasing the hold means extending: the approver's limit must cover it. */
      amountToApproveMinor: number;
      reasons: string[];
    };

export function checkCredit(position: CreditPosition, orderTotalMinor: number, policy: CreditPolicy, format: (minor: number) => string): CreditDecision {
  const exposureMinor = position.openReceivablesMinor + position.openOrdersMinor + orderTotalMinor;
  const reasons: string[] = [];
  if (position.accountOnHold) reasons.push('The account is on credit hold.');
  if (position.creditLimitMinor <= 0) {
    reasons.push('The account has no credit limit (no credit line approved).');
  } else if (exposureMinor > position.creditLimitMinor) {
    reasons.push(`Exposure of ${format(exposureMinor)} (open receivables ${format(position.openReceivablesMinor)} + open orders ${format(position.openOrdersMinor)} + this order ${format(orderTotalMinor)}) is over the credit limit of ${format(position.creditLimitMinor)} by ${format(exposureMinor - position.creditLimitMinor)}.`);
  }
  if (position.oldestDaysPastDue > policy.maxDaysPastDue) {
    reasons.push(`Invoice ${position.oldestPastDueInvoice ?? ''} is ${position.oldestDaysPastDue} days past due (policy: ${policy.maxDaysPastDue}).`.replace('  ', ' '));
  }
  if (reasons.length === 0) return { kind: 'pass', exposureMinor, availableMinor: position.creditLimitMinor - exposureMinor };
  return { kind: 'hold', exposureMinor, amountToApproveMinor: exposureMinor, reasons };
}

/** Whole days from a due date to today (both ISO dates), negative when not yet due. */
export function daysPastDue(dueDate: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}
