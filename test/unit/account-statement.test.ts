// The statement of account: open invoices aged as of the day, unapplied payments taken off the balance,
// disputes shown, one section per currency, a credit balance shown as such; and the console's forms for
// a promise to pay and a payment plan.
import { describe, expect, it } from 'vitest';
import { planFromForm, promiseFromForm } from '../../console/account-forms.js';
import { buildStatement } from '../../domain/account-statement.js';

const invoice = (number: string, dueDate: string, openMinor: number, extra: Partial<{ currency: string; disputedMinor: number; totalMinor: number }> = {}) =>
  ({ number, poNumber: `PO-${number}`, issueDate: '2026-09-01', dueDate, currency: 'USD', totalMinor: openMinor, openMinor, disputedMinor: 0, ...extra });

describe('a statement of account', () => {
  it('ages each open invoice on the statement date and takes unapplied payments off the balance', () => {
    const s = buildStatement([
      invoice('INV-3', '2026-12-15', 10_000),
      invoice('INV-1', '2026-10-01', 20_000, { disputedMinor: 5_000, totalMinor: 25_000 }),
      invoice('INV-2', '2026-11-20', 7_500),
      invoice('INV-PAID', '2026-10-01', 0),
    ], [{ reference: 'check 1042', receivedOn: '2026-11-28', currency: 'USD', unappliedMinor: 2_500 }], '2026-12-01');
    expect(s.overdue).toBe(true);
    expect(s.sections).toHaveLength(1);
    const usd = s.sections[0]!;
    expect(usd.lines.map((l) => [l.number, l.daysPastDue, l.bucket])).toEqual([['INV-1', 61, '61-90'], ['INV-2', 11, '1-30'], ['INV-3', 0, 'current']]);
    expect(usd.buckets).toEqual({ current: 10_000, '1-30': 7_500, '31-60': 0, '61-90': 20_000, 'over 90': 0 });
    expect([usd.openMinor, usd.disputedMinor, usd.unappliedMinor, usd.balanceDueMinor]).toEqual([37_500, 5_000, 2_500, 35_000]);
  });

  it('keeps currencies apart and shows more money received than owed as a credit balance', () => {
    const s = buildStatement([invoice('INV-E', '2026-12-31', 1_000, { currency: 'EUR' })], [{ reference: 'wire W1', receivedOn: '2026-11-30', currency: 'USD', unappliedMinor: 4_000 }], '2026-12-01');
    expect(s.overdue).toBe(false);
    expect(s.sections.map((x) => [x.currency, x.openMinor, x.balanceDueMinor])).toEqual([['EUR', 1_000, 1_000], ['USD', 0, -4_000]]);
  });
});

describe('account action forms', () => {
  it('read a promise to pay: the ticked invoices and the date', () => {
    expect(promiseFromForm('amy@x', { invoices: ['inv-000001', 'INV-000001', ' '], promisedDate: '2026-12-08', note: ' phone ' })).toEqual({ ok: true, value: { invoiceNumbers: ['INV-000001'], promisedDate: '2026-12-08', by: 'amy@x', note: 'phone' } });
    expect(promiseFromForm('amy@x', { invoices: [], promisedDate: '2026-12-08', note: '' })).toEqual({ ok: false, problem: 'tick the invoices the customer promised to pay' });
    expect(promiseFromForm('amy@x', { invoices: ['INV-1'], promisedDate: '8/12/2026', note: '' })).toEqual({ ok: false, problem: '"8/12/2026" is not a date (YYYY-MM-DD)' });
  });

  it('read a payment plan typed one installment a line, in the customer\'s currency, and name a line it cannot read', () => {
    expect(planFromForm('dana@x', 'USD', { invoices: ['INV-2'], installments: '2026-12-15 1,250.00\r\n\n2027-01-15, 1250.5', reason: 'seasonal' }))
      .toEqual({ ok: true, value: { invoiceNumbers: ['INV-2'], installments: [{ dueDate: '2026-12-15', amountMinor: 125_000 }, { dueDate: '2027-01-15', amountMinor: 125_050 }], by: 'dana@x', reason: 'seasonal' } });
    expect(planFromForm('dana@x', 'JPY', { invoices: ['INV-2'], installments: '2026-12-15 5000\n2027-01-15 5000', reason: 'seasonal' })).toMatchObject({ ok: true, value: { installments: [{ amountMinor: 5_000 }, { amountMinor: 5_000 }] } });
    expect(planFromForm('dana@x', 'USD', { invoices: ['INV-2'], installments: '2026-12-15 100\nnext month 100', reason: 'x y z' })).toEqual({ ok: false, problem: 'installment line 2 "next month 100" is not "<YYYY-MM-DD> <amount>"' });
    expect(planFromForm('dana@x', 'USD', { invoices: ['INV-2'], installments: '2026-12-15 100', reason: 'x y z' })).toMatchObject({ ok: false, problem: expect.stringContaining('at least two installments') });
    expect(planFromForm('dana@x', 'USD', { invoices: ['INV-2'], installments: '2026-12-15 -5\n2027-01-15 5', reason: 'x y z' })).toMatchObject({ ok: false, problem: expect.stringContaining('line 1') });
  });
});
