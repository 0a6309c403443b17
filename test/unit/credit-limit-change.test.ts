// Changing a customer's credit limit: lowering needs the role, raising also an approval limit that covers
// the new limit; every refusal says why.
import { describe, expect, it } from 'vitest';
import { refuseCreditLimitChange } from '../../domain/credit-limit-change.js';

const usd = (minor: number) => `${(minor / 100).toFixed(2)} USD`;
const dana = { name: 'Dana Brooks', role: 'ar_lead' as const, approvalLimitMinor: 2_500_000 };
const check = (currentMinor: number, newMinor: number, by = dana, reason = 'six years paid on time') => refuseCreditLimitChange({ currentMinor, newMinor, reason, by }, usd);

describe('a credit limit change', () => {
  it('lets an AR lead raise a limit up to her approval limit, and lower any limit', () => {
    expect(check(1_000_000, 2_500_000)).toBeUndefined();
    expect(check(9_000_000, 100_000)).toBeUndefined(); // above her limit, but lowering keeps money at home
    expect(check(1_000_000, 0)).toBeUndefined(); // no credit: every order waits for a decision
  });

  it('refuses a raise beyond her approval limit, and names it', () => {
    expect(check(1_000_000, 2_500_001)).toBe("25000.01 USD is above Dana Brooks's approval limit of 25000.00 USD; someone with a higher limit must raise it");
    expect(check(3_000_000, 3_500_000)).toMatch(/above Dana Brooks's approval limit/); // already above: raising further still needs the authority
  });

  it('refuses a clerk, a change without a reason, no change, and a negative limit', () => {
    expect(check(1_000_000, 1_500_000, { name: 'Amy Ross', role: 'ar_clerk' as never, approvalLimitMinor: 9_000_000 })).toBe('Amy Ross (ar clerk) may not change credit limits; an AR lead or a controller may');
    expect(check(1_000_000, 1_500_000, dana, '  ')).toBe('say why the limit changes');
    expect(check(1_000_000, 1_000_000)).toBe('the limit is already 10000.00 USD');
    expect(check(1_000_000, -1)).toBe('a credit limit is an amount of zero or more');
  });
});
