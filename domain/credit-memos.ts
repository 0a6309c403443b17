// Credit memos: money given back against an invoice (damaged goods, a price error, a settled dispute).
// Small ones are the desk's to give; above the threshold an AR lead or controller whose limit covers the
// amount must approve. Pure, so the invoice workflow's Update validators can call it.
import { z } from 'zod';
import type { Approver, ApproverRole } from './approval-authority.js';

/** Up to this (in the company currency's minor units) any AR clerk, lead or controller may issue one. */
export const CREDIT_MEMO_SELF_APPROVAL_MINOR = 25_000;
export const CREDIT_MEMO_REQUESTERS: readonly ApproverRole[] = ['ar_clerk', 'ar_lead', 'controller'];
export const CREDIT_MEMO_APPROVERS: readonly ApproverRole[] = ['ar_lead', 'controller'];

export const creditMemoRequestSchema = z.object({
  amountMinor: z.number().int().positive('a credit memo credits a positive amount'),
  reason: z.string().trim().min(3, 'a credit memo needs its reason'),
  by: z.string().trim().min(3),
});
export type CreditMemoRequest = z.infer<typeof creditMemoRequestSchema>;

export const creditMemoDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  by: z.string().trim().min(3),
  reason: z.string().trim().min(3, 'a decision needs its reason'),
});
export type CreditMemoDecision = z.infer<typeof creditMemoDecisionSchema>;

const find = (approvers: readonly Approver[], email: string) => approvers.find((a) => a.email.toLowerCase() === email.toLowerCase());

/** Why this person may not ask for this credit memo at all, or undefined. */
export function refuseCreditMemoRequest(request: CreditMemoRequest, openMinor: number, approvers: readonly Approver[], format: (minor: number) => string): string | undefined {
  const who = find(approvers, request.by);
  if (!who || !CREDIT_MEMO_REQUESTERS.includes(who.role)) return `${request.by} may not issue credit memos; it takes one of: ${CREDIT_MEMO_REQUESTERS.join(', ')}`;
  if (request.amountMinor > openMinor) return `${format(request.amountMinor)} is more than the ${format(openMinor)} still open on the invoice`;
  return undefined;
}

/**
 * Whether the requester's own authority covers it (issued at once) or it waits for an approver. What was
 * already credited on the invoice counts: ten small memos are one large one, and need the same approval.
 */
export function creditMemoNeedsApproval(request: CreditMemoRequest, approvers: readonly Approver[], alreadyCreditedMinor = 0): boolean {
  const credited = alreadyCreditedMinor + request.amountMinor;
  if (credited <= CREDIT_MEMO_SELF_APPROVAL_MINOR) return false;
  const who = find(approvers, request.by);
  return !(who && CREDIT_MEMO_APPROVERS.includes(who.role) && who.limitMinor >= credited);
}

/** Why this person may not decide a waiting credit memo, or undefined. Rejecting needs the role only. */
export function refuseCreditMemoDecision(decision: CreditMemoDecision, amountMinor: number, requestedBy: string, approvers: readonly Approver[], format: (minor: number) => string): string | undefined {
  const who = find(approvers, decision.by);
  if (!who || !CREDIT_MEMO_APPROVERS.includes(who.role)) return `${decision.by} may not decide credit memos; it takes one of: ${CREDIT_MEMO_APPROVERS.join(', ')}`;
  if (decision.decision === 'approve' && who.email.toLowerCase() === requestedBy.toLowerCase()) return 'the person who asked for a credit memo may not also approve it';
  if (decision.decision === 'approve' && who.limitMinor < amountMinor) return `${format(amountMinor)} is above ${who.name}'s approval limit of ${format(who.limitMinor)}; it needs someone with a higher limit`;
  return undefined;
}
