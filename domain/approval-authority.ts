// Delegation of authority: who may decide what a workflow paused for, and up to how much. Each approver
// has a role and a limit in the company currency; a decision above the limit is refused at the door.
// Pure, so an Update's validator (which must be synchronous and deterministic) can call it.

export type ApproverRole = 'csr' | 'ar_clerk' | 'ar_lead' | 'controller' | 'viewer' | 'admin';

export interface Approver {
  email: string;
  name: string;
  role: ApproverRole;
  limitMinor: number;
}

/** The roles that may release a credit hold; a CSR or clerk may not, whatever their limit. */
export const CREDIT_DECIDERS: readonly ApproverRole[] = ['ar_lead', 'controller'];

export interface AuthorityCheck {
  decision: 'release' | 'reject';
  by: string;
  amountMinor: number;
  currency: string;
}

/**
 * Returns why `by` may not make this decision, or undefined when they may. Rejecting (keeping the money
 * at home) needs the role only; releasing needs a limit that covers the amount.
 */
export function refuseUnlessAuthorised(check: AuthorityCheck, approvers: readonly Approver[], roles: readonly ApproverRole[], format: (minor: number) => string): string | undefined {
  const approver = approvers.find((a) => a.email.toLowerCase() === check.by.toLowerCase());
  if (!approver) return `${check.by} is not an approver on this desk`;
  if (!roles.includes(approver.role)) return `${approver.name} (${approver.role}) may not decide this; it takes one of: ${roles.join(', ')}`;
  if (check.decision === 'release' && approver.limitMinor < check.amountMinor) {
    return `${format(check.amountMinor)} is above ${approver.name}'s approval limit of ${format(approver.limitMinor)}; it needs someone with a higher limit`;
  }
  return undefined;
}

/** Who can approve this amount, for the escalation email: the lowest limits that cover it first. */
export function approversFor(amountMinor: number, approvers: readonly Approver[], roles: readonly ApproverRole[]): Approver[] {
  return approvers.filter((a) => roles.includes(a.role) && a.limitMinor >= amountMinor).sort((a, b) => a.limitMinor - b.limitMinor);
}
