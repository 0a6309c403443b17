import { describe, expect, it } from 'vitest';
import type { Approver } from '../../domain/approval-authority.js';
import { creditMemoNeedsApproval, refuseCreditMemoDecision, refuseCreditMemoRequest } from '../../domain/credit-memos.js';

const desk: Approver[] = [
  { email: 'amy.clerk@arflow.test', name: 'Amy', role: 'ar_clerk', limitMinor: 0 },
  { email: 'dana.lead@arflow.test', name: 'Dana', role: 'ar_lead', limitMinor: 100_000 },
  { email: 'victor@arflow.test', name: 'Victor', role: 'controller', limitMinor: 10_000_000 },
  { email: 'carla.csr@arflow.test', name: 'Carla', role: 'csr', limitMinor: 0 },
];
const usd = (m: number) => `$${(m / 100).toFixed(2)}`;

describe('credit memo authority', () => {
  it('lets the desk issue small ones; larger ones wait unless the requester\'s own limit covers them', () => {
    expect(creditMemoNeedsApproval({ amountMinor: 25_000, reason: 'damaged', by: 'amy.clerk@arflow.test' }, desk)).toBe(false);
    expect(creditMemoNeedsApproval({ amountMinor: 25_001, reason: 'damaged', by: 'amy.clerk@arflow.test' }, desk)).toBe(true);
    expect(creditMemoNeedsApproval({ amountMinor: 90_000, reason: 'damaged', by: 'dana.lead@arflow.test' }, desk)).toBe(false);
    expect(creditMemoNeedsApproval({ amountMinor: 150_000, reason: 'damaged', by: 'dana.lead@arflow.test' }, desk)).toBe(true);
    // Split into small ones, it is still one large credit: the second 200.00 after a first needs approval.
    expect(creditMemoNeedsApproval({ amountMinor: 20_000, reason: 'damaged', by: 'amy.clerk@arflow.test' }, desk, 20_000)).toBe(true);
  });

  it('refuses a CSR, more than is open, approving your own request, and approving above your limit', () => {
    expect(refuseCreditMemoRequest({ amountMinor: 100, reason: 'oops', by: 'carla.csr@arflow.test' }, 1_000, desk, usd)).toMatch(/may not issue credit memos/);
    expect(refuseCreditMemoRequest({ amountMinor: 2_000, reason: 'oops', by: 'amy.clerk@arflow.test' }, 1_000, desk, usd)).toBe('$20.00 is more than the $10.00 still open on the invoice');
    expect(refuseCreditMemoDecision({ decision: 'approve', by: 'dana.lead@arflow.test', reason: 'ok' }, 90_000, 'dana.lead@arflow.test', desk, usd)).toMatch(/may not also approve/);
    expect(refuseCreditMemoDecision({ decision: 'approve', by: 'dana.lead@arflow.test', reason: 'ok' }, 150_000, 'amy.clerk@arflow.test', desk, usd)).toMatch(/above Dana's approval limit/);
    expect(refuseCreditMemoDecision({ decision: 'reject', by: 'dana.lead@arflow.test', reason: 'no' }, 150_000, 'amy.clerk@arflow.test', desk, usd)).toBeUndefined();
    expect(refuseCreditMemoDecision({ decision: 'approve', by: 'victor@arflow.test', reason: 'ok' }, 150_000, 'amy.clerk@arflow.test', desk, usd)).toBeUndefined();
  });
});
