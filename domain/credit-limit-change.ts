// A customer's credit limit changed by a person: who may, and by how much. Lowering a limit keeps money at
// home and needs the role only; raising one is extending credit, so, as for releasing a credit hold, the
// new limit must be within the person's approval limit (compared as the credit-hold release compares it,
// in the customer's currency without conversion). Pure, so it is tested case by case.
import type { ApproverRole } from './approval-authority.js';

export const CREDIT_LIMIT_SETTERS: readonly ApproverRole[] = ['ar_lead', 'controller'];

export interface CreditLimitChange {
  currentMinor: number;
  newMinor: number;
  reason: string;
  by: { name: string; role: ApproverRole; approvalLimitMinor: number };
}

/** Why this change may not be made, or undefined when it may. */
export function refuseCreditLimitChange(change: CreditLimitChange, format: (minor: number) => string): string | undefined {
  const { by } = change;
  if (!CREDIT_LIMIT_SETTERS.includes(by.role)) return `${by.name} (${by.role.replace('_', ' ')}) may not change credit limits; an AR lead or a controller may`;
  if (!Number.isSafeInteger(change.newMinor) || change.newMinor < 0) return 'a credit limit is an amount of zero or more';
  if (change.reason.trim().length < 3) return 'say why the limit changes';
  if (change.newMinor === change.currentMinor) return `the limit is already ${format(change.currentMinor)}`;
  if (change.newMinor > change.currentMinor && change.newMinor > by.approvalLimitMinor) {
    return `${format(change.newMinor)} is above ${by.name}'s approval limit of ${format(by.approvalLimitMinor)}; someone with a higher limit must raise it`;
  }
  return undefined;
}
