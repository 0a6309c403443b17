// Who may do what in the AR console: every action is authorised on the server by role (and decisions,
// further, by the delegation-of-authority limit the workflow's own validator applies). Pure, so the
// matrix is tested role by role, action by action.
import type { ApproverRole } from './approval-authority.js';

export type ConsoleAction =
  | 'view_approvals'
  | 'decide_credit_hold'
  | 'decide_credit_memo'
  | 'decide_cash_exception'
  | 'decide_collection'
  | 'answer_order_questions'
  | 'decide_shipment'
  | 'settle_dispute'
  | 'send_statement'
  | 'record_promise'
  | 'agree_payment_plan'
  | 'set_account_hold'
  | 'set_credit_limit'
  | 'keep_contacts'
  | 'add_account_note'
  | 'view_dashboards'
  | 'view_accounts'
  | 'view_mail'
  | 'download_mail'
  | 'view_audit'
  | 'manage_users';

export const CONSOLE_ACTIONS: readonly ConsoleAction[] = [
  'view_approvals', 'decide_credit_hold', 'decide_credit_memo', 'decide_cash_exception', 'decide_collection', 'answer_order_questions', 'decide_shipment',
  'settle_dispute', 'send_statement', 'record_promise', 'agree_payment_plan', 'set_account_hold', 'set_credit_limit', 'keep_contacts', 'add_account_note',
  'view_dashboards', 'view_accounts', 'view_mail', 'download_mail', 'view_audit', 'manage_users',
];
export const CONSOLE_ROLES: readonly ApproverRole[] = ['csr', 'ar_clerk', 'ar_lead', 'controller', 'viewer', 'admin'];

// Admins keep the accounts, not the money: they decide nothing. Viewers read dashboards and accounts only.
// The order desk (CSRs) answers order questions and shipment discrepancies; clerks apply cash, send
// statements and take promises; a payment plan, a dispute or a hold on the account is an AR lead's call.
const ALLOWED: Record<ConsoleAction, readonly ApproverRole[]> = {
  view_approvals: ['csr', 'ar_clerk', 'ar_lead', 'controller'],
  decide_credit_hold: ['ar_lead', 'controller'],
  decide_credit_memo: ['ar_lead', 'controller'],
  decide_cash_exception: ['ar_clerk', 'ar_lead', 'controller'],
  decide_collection: ['ar_lead', 'controller'],
  answer_order_questions: ['csr', 'ar_lead', 'controller'],
  decide_shipment: ['csr', 'ar_lead', 'controller'],
  settle_dispute: ['ar_lead', 'controller'],
  send_statement: ['ar_clerk', 'ar_lead', 'controller'],
  record_promise: ['ar_clerk', 'ar_lead', 'controller'],
  agree_payment_plan: ['ar_lead', 'controller'],
  set_account_hold: ['ar_lead', 'controller'],
  // Within the person's approval limit when raising (domain/credit-limit-change.ts).
  set_credit_limit: ['ar_lead', 'controller'],
  // Whoever talks to the customer keeps who gets our mail and what was said; viewers and admins do not.
  keep_contacts: ['csr', 'ar_clerk', 'ar_lead', 'controller'],
  add_account_note: ['csr', 'ar_clerk', 'ar_lead', 'controller'],
  view_dashboards: ['csr', 'ar_clerk', 'ar_lead', 'controller', 'viewer', 'admin'],
  view_accounts: ['csr', 'ar_clerk', 'ar_lead', 'controller', 'viewer'],
  view_mail: ['csr', 'ar_clerk', 'ar_lead', 'controller', 'admin'],
  // The emails themselves (POs, remittances with bank details) are the desk's, not the IT person's.
  download_mail: ['csr', 'ar_clerk', 'ar_lead', 'controller'],
  view_audit: ['ar_lead', 'controller', 'admin'],
  manage_users: ['admin'],
};

export function mayDo(role: ApproverRole, action: ConsoleAction): boolean {
  return ALLOWED[action].includes(role);
}

/** The action that decides an approval of this kind (the kinds workflows open), if the console decides it. */
export function decisionActionOf(kind: string): ConsoleAction | undefined {
  return ({
    credit_hold: 'decide_credit_hold', credit_memo: 'decide_credit_memo', cash_exception: 'decide_cash_exception', collections_decision: 'decide_collection',
    order_review: 'answer_order_questions', shipment_discrepancy: 'decide_shipment',
  } as Record<string, ConsoleAction>)[kind];
}

/**
 * Failed sign-ins, counted per address and per client, in a sliding window: after `limit` failures the
 * next try waits until the oldest one leaves the window. Only failures are kept (and pruned as they age),
 * so guessing at many addresses costs the guesser memory nothing; a success clears that address's count,
 * not the client's, so signing in to one's own account between guesses does not reset them. In memory:
 * one console process guards itself.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();
  /** Tries being checked right now: many sent at once count before their passwords are checked. */
  private readonly checking = new Map<string, number>();
  constructor(private readonly limit = 5, private readonly windowMs = 15 * 60_000, private readonly maxKeys = 100_000) {}

  /** Milliseconds to wait before `keys` may try again (0: now). */
  waitFor(keys: readonly string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length + (this.checking.get(key) ?? 0) >= this.limit) wait = Math.max(wait, (recent[0] ?? now) + this.windowMs - now);
    }
    return wait;
  }

  /** A try whose password is being checked; `end` it whatever the outcome. */
  begin(keys: readonly string[]): void {
    for (const key of keys) this.checking.set(key, (this.checking.get(key) ?? 0) + 1);
  }

  end(keys: readonly string[]): void {
    for (const key of keys) { const n = (this.checking.get(key) ?? 1) - 1; if (n > 0) this.checking.set(key, n); else this.checking.delete(key); }
  }

  failed(keys: readonly string[], now: number): void {
    if (this.failures.size >= this.maxKeys) this.prune(now);
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
  }

  /** A right password for `email`: that address starts afresh (its client's count stands). */
  succeeded(emailKey: string): void {
    this.failures.delete(emailKey);
  }

  private recent(key: string, now: number): number[] {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length) this.failures.set(key, recent); else this.failures.delete(key);
    return recent;
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}
