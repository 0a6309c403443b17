// The desk's approvers as they are now, told to running workflows whose Update validators judge people by
// a list read earlier (an invoice's credit memos, collections' plans, an order's credit hold): someone
// promoted, limited or deactivated in the console counts at once. A signal with the whole list, so the
// handler only assigns state (no activity, nothing new in a running workflow's history to replay).
import { defineSignal } from '@temporalio/workflow';
import type { Approver } from '../domain/approval-authority.js';
import { CONSOLE_ROLES } from '../domain/console-access.js';

export const APPROVERS_CHANGED_SIGNAL = 'approversChanged';

/** The list, and when it was read (ms): two changes told out of order leave the newer list in place. */
export interface ApproversTold { approvers: Approver[]; version: number }
export const approversChangedSignal = defineSignal<[ApproversTold]>(APPROVERS_CHANGED_SIGNAL);

/** The message if it is one (a malformed signal is ignored: the workflow keeps what it had). */
export function approversFrom(value: unknown): ApproversTold | undefined {
  const told = value as Partial<ApproversTold> | null;
  if (!told || typeof told !== 'object' || !Array.isArray(told.approvers) || !Number.isSafeInteger(told.version)) return undefined;
  const ok = told.approvers.every((a) => a && typeof a === 'object' && typeof a.email === 'string' && typeof a.name === 'string'
    && (CONSOLE_ROLES as readonly string[]).includes(a.role) && Number.isSafeInteger(a.limitMinor) && a.limitMinor >= 0);
  return ok ? (told as ApproversTold) : undefined;
}
