// Random remittance lines for the bank formats' round-trip properties: a reference as payers write it, the
// amount paid, and sometimes the invoice amount, a discount and an adjustment with its reason code.
import fc from 'fast-check';
import type { RemittanceLine } from '../../domain/payment-documents.js';

/** `minPaid` below zero lets a line pay a negative amount (an 820's credit memo line). */
export function remittanceLineArbitrary(options: { minPaid: number }): fc.Arbitrary<RemittanceLine> {
  return fc.record({
    reference: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,11}$/),
    paidMinor: fc.integer({ min: options.minPaid, max: 10_000_000 }),
    invoice: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }),
    discount: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
    adjustment: fc.option(fc.record({ minor: fc.integer({ min: 1, max: 100_000 }), reason: fc.constantFrom('CS', '01', 'AX') }), { nil: undefined }),
  }).map(({ reference, paidMinor, invoice, discount, adjustment }) => {
    const line: RemittanceLine = { reference, paidMinor };
    if (invoice !== undefined) line.invoiceAmountMinor = invoice;
    if (discount !== undefined) line.discountMinor = discount;
    if (adjustment) { line.adjustmentMinor = adjustment.minor; line.adjustmentReason = adjustment.reason; }
    return line;
  });
}
