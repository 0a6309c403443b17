// What a bank file's entries become: payments, reconciled deposits, or lines for the bookkeeper, each with
// its reason; never dropped. And the AR ledger reconciliation that follows the money.
import { describe, expect, it } from 'vitest';
import { reconcileLedger } from '../../domain/ar-reconciliation.js';
import { planBankImport } from '../../domain/bank-import.js';
import type { BankEntry, BankFile } from '../../domain/payment-documents.js';

const entry = (over: Partial<BankEntry>): BankEntry => ({
  direction: 'credit', amountMinor: 10_000, currency: 'USD', bookedOn: '2026-12-01', kind: 'ach', typeCode: '165', bankRef: '', customerRef: '',
  payer: { name: 'ACME' }, remittance: [], memo: '', location: 'line 3', ...over,
});
const file = (entries: BankEntry[]): BankFile => ({ format: 'bai2', fileId: 'F1', createdOn: '2026-12-01', accounts: [{ accountNumber: '4410', currency: 'USD', entries }] });

describe('planning a bank import', () => {
  it('turns customer credits into payments and lists everything else with its reason', () => {
    const plan = planBankImport(file([
      entry({ bankRef: 'A1', location: 'line 3' }),
      entry({ direction: 'debit', kind: 'fee', typeCode: '698', amountMinor: 1_500, location: 'line 4' }),
      entry({ kind: 'other', typeCode: '354', payer: {}, location: 'line 5' }),
      entry({ kind: 'return', direction: 'debit', typeCode: '555', location: 'line 6', memo: 'R01 NSF' }),
      entry({ kind: 'wire', typeCode: '195', customerRef: 'C9', location: 'line 7' }),
    ]), []);
    expect(plan.payments.map((p) => [p.method, p.externalRef, p.sourceKey])).toEqual([['ach', 'A1/2026-12-01/10000', 'bank:4410'], ['wire', 'C9/2026-12-01/10000', 'bank:4410']]);
    expect(plan.outcomes.map((o) => o.outcome)).toEqual(['payment', 'not_a_payment', 'not_a_payment', 'returned_item', 'payment']);
    expect(plan.outcomes[1]).toMatchObject({ reason: expect.stringContaining('bank fee') });
    expect(plan.outcomes[3]).toMatchObject({ reason: expect.stringContaining('R01 NSF') });
  });

  it('reconciles a deposit batch by amount within its window, once, and makes the rest payments', () => {
    const deposits = [{ id: 'd1', number: 'DEP-000001', depositDate: '2026-11-30', currency: 'USD', totalMinor: 451_250 }];
    const plan = planBankImport(file([
      entry({ kind: 'deposit', typeCode: '301', amountMinor: 451_250, bankRef: 'D1', payer: {} }),
      entry({ kind: 'deposit', typeCode: '301', amountMinor: 451_250, bankRef: 'D2', payer: {}, location: 'line 4' }),
    ]), deposits);
    expect(plan.deposits).toEqual([{ depositId: 'd1', number: 'DEP-000001', bankReference: 'D1' }]);
    expect(plan.payments.map((p) => [p.method, p.externalRef])).toEqual([['check', 'D2/2026-12-01/451250']]);
    const late = planBankImport(file([entry({ kind: 'deposit', typeCode: '301', amountMinor: 451_250, bookedOn: '2026-12-09', bankRef: 'D3' })]), deposits);
    expect(late.deposits).toEqual([]);
  });

  it('keys a payment by the bank reference with its day and amount, else by its content, the same in any file', () => {
    const plan = planBankImport(file([entry({ bankRef: 'X', location: 'line 3' }), entry({ bankRef: 'X', location: 'line 4' }), entry({ location: 'line 5', memo: 'ORIG CO NAME:ACME' })]), []);
    expect(plan.payments.map((p) => p.externalRef)).toEqual(['X/2026-12-01/10000', 'X/2026-12-01/10000@line 4', expect.stringMatching(/^2026-12-01\/10000\/165\/[0-9a-f]{8}$/)]);
    const resent = planBankImport(file([entry({ location: 'line 9', memo: 'ORIG CO NAME:ACME' })]), []);
    expect(resent.payments[0]!.externalRef).toBe(plan.payments[2]!.externalRef);
  });

  it('does not book the credit for a deposit reconciled from an earlier report a second time', () => {
    const plan = planBankImport(file([entry({ kind: 'deposit', typeCode: '301', amountMinor: 451_250, bankRef: 'D1', payer: {} })]), [], new Map([['D1', 'DEP-000001']]));
    expect(plan.payments).toEqual([]);
    expect(plan.outcomes).toEqual([expect.objectContaining({ outcome: 'not_a_payment', reason: expect.stringContaining('DEP-000001, reconciled from an earlier report') })]);
  });

  it('lists the rows a card export skipped, with their reasons', () => {
    const plan = planBankImport({ ...file([]), skipped: [{ location: 'line 4', reason: 'declined: not money' }] }, []);
    expect(plan.outcomes).toEqual([expect.objectContaining({ location: 'line 4', outcome: 'not_a_payment', reason: 'declined: not money' })]);
  });
});

describe('reconciling the AR ledger', () => {
  it('agrees when every invoice balance follows its applications and credit memos, and names the cause when not', () => {
    const rec = reconcileLedger({
      today: '2026-12-01',
      invoices: [
        { number: 'INV-1', customerNumber: 'C-1', currency: 'USD', totalMinor: 10_000, openMinor: 2_000, applications: [{ key: 'a', effectMinor: 5_000, recordedOnInvoice: true }], creditMemosMinor: 3_000 },
        { number: 'INV-2', customerNumber: 'C-1', currency: 'USD', totalMinor: 10_000, openMinor: 10_000, applications: [{ key: 'PMT-9:auto:INV-2', effectMinor: 10_000, recordedOnInvoice: false }], creditMemosMinor: 0 },
        { number: 'INV-3', customerNumber: 'C-2', currency: 'USD', totalMinor: 5_000, openMinor: 4_000, applications: [], creditMemosMinor: 0 },
      ],
      unapplied: [
        { number: 'PMT-1', customerNumber: 'C-1', currency: 'USD', unappliedMinor: 700, receivedOn: '2026-11-20', status: 'on_account' },
        { number: 'PMT-2', customerNumber: null, currency: 'USD', unappliedMinor: 1_234, receivedOn: '2026-08-01', status: 'suspense' },
      ],
      deposits: [
        { number: 'DEP-1', depositDate: '2026-11-20', currency: 'USD', totalMinor: 100, checksMinor: 100, status: 'open' },
        { number: 'DEP-2', depositDate: '2026-11-30', currency: 'USD', totalMinor: 100, checksMinor: 90, status: 'open' },
      ],
      depositWindowDays: 5,
    });
    expect(rec.differences.map((d) => [d.invoiceNumber, d.ledgerMinor, d.openMinor])).toEqual([['INV-2', 0, 10_000], ['INV-3', 5_000, 4_000]]);
    expect(rec.differences[0]!.cause).toContain('(PMT-9:auto:INV-2) not yet counted by the invoice');
    expect(rec.differences[1]!.cause).toContain('a person must look');
    expect(rec.totals).toEqual([{ currency: 'USD', ledgerMinor: 2_000 + 0 + 5_000, openItemsMinor: 16_000, differenceMinor: -9_000, unappliedCashMinor: 700, suspenseMinor: 1_234 }]);
    expect(rec.unappliedCash).toEqual([
      { currency: 'USD', customerNumber: 'C-1', buckets: { '0-30': 700, '31-60': 0, '61-90': 0, 'over 90': 0 }, payments: ['PMT-1'] },
      { currency: 'USD', customerNumber: null, buckets: { '0-30': 0, '31-60': 0, '61-90': 0, 'over 90': 1_234 }, payments: ['PMT-2'] },
    ]);
    expect(rec.deposits.map((d) => d.number)).toEqual(['DEP-1', 'DEP-2']);
    expect(rec.deposits[0]!.problem).toContain('not credited by the bank after 11 days');
    expect(rec.deposits[1]!.problem).toContain('add up to 90');
  });
});
