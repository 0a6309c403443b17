// The credit check at entry and the delegation of authority that releases a hold.
import { describe, expect, it } from 'vitest';
import { approversFor, CREDIT_DECIDERS, refuseUnlessAuthorised, type Approver } from '../../domain/approval-authority.js';
import { checkCredit, daysPastDue, DEFAULT_CREDIT_POLICY, type CreditPosition } from '../../domain/credit.js';
import { formatMoney, money } from '../../domain/money.js';

const usd = (minor: number) => formatMoney(money(minor, 'USD'));
const position = (p: Partial<CreditPosition>): CreditPosition => ({
  currency: 'USD', creditLimitMinor: 5_000_000, openReceivablesMinor: 0, openOrdersMinor: 0, oldestDaysPastDue: 0, oldestPastDueInvoice: null, accountOnHold: false, ...p,
});

describe('the credit check at order entry', () => {
  it('passes an order that keeps exposure within the limit, and says what is left', () => {
    expect(checkCredit(position({ openReceivablesMinor: 1_000_000, openOrdersMinor: 500_000 }), 3_500_000, DEFAULT_CREDIT_POLICY, usd))
      .toEqual({ kind: 'pass', exposureMinor: 5_000_000, availableMinor: 0 });
  });

  it('holds an order that takes exposure over the limit, counting receivables and open orders', () => {
    const d = checkCredit(position({ openReceivablesMinor: 1_000_000, openOrdersMinor: 500_000 }), 3_500_001, DEFAULT_CREDIT_POLICY, usd);
    expect(d).toEqual({
      kind: 'hold', exposureMinor: 5_000_001, amountToApproveMinor: 5_000_001,
      reasons: ['Exposure of 50,000.01 USD (open receivables 10,000.00 USD + open orders 5,000.00 USD + this order 35,000.01 USD) is over the credit limit of 50,000.00 USD by 0.01 USD.'],
    });
  });

  it('holds for a past-due invoice older than policy, an account on hold, or no credit line, with every reason', () => {
    const d = checkCredit(position({ creditLimitMinor: 0, oldestDaysPastDue: 45, oldestPastDueInvoice: 'INV-1007', accountOnHold: true }), 100, DEFAULT_CREDIT_POLICY, usd);
    expect(d.kind === 'hold' && d.reasons).toEqual([
      'The account is on credit hold.',
      'The account has no credit limit (no credit line approved).',
      'Invoice INV-1007 is 45 days past due (policy: 30).',
    ]);
    expect(checkCredit(position({ oldestDaysPastDue: 30 }), 100, DEFAULT_CREDIT_POLICY, usd).kind).toBe('pass');
  });

  it('counts days past due from the due date', () => {
    expect(daysPastDue('2026-10-01', '2026-11-23')).toBe(53);
    expect(daysPastDue('2026-12-01', '2026-11-23')).toBe(-8);
  });
});

describe('delegation of authority', () => {
  const approvers: Approver[] = [
    { email: 'carla.csr@arflow.test', name: 'Carla Chen', role: 'csr', limitMinor: 99_000_000 },
    { email: 'dana.lead@arflow.test', name: 'Dana Brooks', role: 'ar_lead', limitMinor: 2_500_000 },
    { email: 'victor.controller@arflow.test', name: 'Victor Lang', role: 'controller', limitMinor: 25_000_000 },
  ];
  const check = (by: string, amountMinor: number, decision: 'release' | 'reject' = 'release') => refuseUnlessAuthorised({ by, amountMinor, currency: 'USD', decision }, approvers, CREDIT_DECIDERS, usd);

  it('lets an AR lead release up to their limit, and refuses above it', () => {
    expect(check('dana.lead@arflow.test', 2_500_000)).toBeUndefined();
    expect(check('Dana.Lead@arflow.test', 2_500_001)).toBe("25,000.01 USD is above Dana Brooks's approval limit of 25,000.00 USD; it needs someone with a higher limit");
    expect(check('victor.controller@arflow.test', 2_500_001)).toBeUndefined();
  });

  it('refuses a role that may not decide credit, whatever its limit, and a stranger', () => {
    expect(check('carla.csr@arflow.test', 1)).toBe('Carla Chen (csr) may not decide this; it takes one of: ar_lead, controller');
    expect(check('mallory@example.com', 1)).toBe('mallory@example.com is not an approver on this desk');
  });

  it('lets an AR lead reject above their limit: keeping the money at home needs no limit', () => {
    expect(check('dana.lead@arflow.test', 90_000_000, 'reject')).toBeUndefined();
  });

  it('names who can approve an amount, lowest sufficient limit first', () => {
    expect(approversFor(2_000_000, approvers, CREDIT_DECIDERS).map((a) => a.email)).toEqual(['dana.lead@arflow.test', 'victor.controller@arflow.test']);
    expect(approversFor(3_000_000, approvers, CREDIT_DECIDERS).map((a) => a.email)).toEqual(['victor.controller@arflow.test']);
  });
});
