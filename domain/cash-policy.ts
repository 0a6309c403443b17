// The AR desk's rules for applying cash, with the defaults a mid-size desk starts from. Amounts are
// minor units of a two-decimal currency and are rescaled for others (JPY, KWD) by `scaledTo`.
import { minorDigits } from './money.js';

export interface CashPolicy {
  /** A match at or above this confidence (0–100) is applied without a person. */
  autoApplyConfidence: number;
  /** A wire or ACH short by up to this much is the banks' fee, not the customer's deduction. */
  bankFeeToleranceMinor: number;
  /** A short payment up to this much is written off; above it the shortfall becomes a dispute. */
  deductionWriteOffMinor: number;
  /** Days after the discount date a discount taken is still allowed (mail and bank float). */
  discountGraceDays: number;
  /** The most invoices one combination may hold, and the search steps allowed per payment. */
  maxCombinationInvoices: number;
  maxCombinationSteps: number;
}

export const DEFAULT_CASH_POLICY: CashPolicy = {
  autoApplyConfidence: 90,
  bankFeeToleranceMinor: 5_000,
  deductionWriteOffMinor: 1_000,
  discountGraceDays: 5,
  maxCombinationInvoices: 5,
  maxCombinationSteps: 20_000,
};

/** A two-decimal policy amount in the minor units of `currency`. */
export function scaledTo(amountMinor: number, currency: string): number {
  const digits = minorDigits(currency);
  return digits >= 2 ? amountMinor * 10 ** (digits - 2) : Math.round(amountMinor / 10 ** (2 - digits));
}
