// The desk's approvers as they are now, told to running workflows whose Update validators judge people by
// a list read earlier (an invoice's credit memos, collections' plans, an order's credit hold): someone
// promoted, limited or deactivated in the console counts at once. A signal with the whole list, so the
// handler only assigns state (no activity, nothing new in a running workflow's history to replay).
import { defineSignal } from '@temporalio/workflow';
import type { Approver } from '../domain/approval-authority.js';
import { CONSOLE_ROLES } from '../domain/console-access.js';

export const APPROVERS_CHANGED_SIGNAL = 'approversChanged';
export const approversChangedSignal = defineSignal<[Approver[]]>(APPROVERS_CHANGED_SIGNAL);

/** The list if it is one (a malformed signal is ignored: the workflow keeps what it had). */
export function approversFrom(value: unknown): Approver[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const ok = value.every((a) => a && typeof a === 'object' && typeof a.email === 'string' && typeof a.name === 'string'
    && (CONSOLE_ROLES as readonly string[]).includes(a.role) && Number.isSafeInteger(a.limitMinor) && a.limitMinor >= 0);
  return ok ? (value as Approver[]) : undefined;
}
