import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/invoicing.js';
import { paymentPlanRequestSchema, planStatus, refusePlan, type PaymentPlan } from '../../domain/payment-plan.js';

const plan = (sent: string[] = []): PaymentPlan => ({
  invoiceNumbers: ['INV-000001'], by: 'dana.lead@arflow.test', reason: 'cash flow after a lost contract', agreedOn: '2027-01-01', coveredMinor: 90_000, sent,
  installments: [{ dueDate: '2027-01-15', amountMinor: 30_000 }, { dueDate: '2027-02-15', amountMinor: 30_000 }, { dueDate: '2027-03-15', amountMinor: 30_000 }],
});

/** Walks the plan day by day with payments on given days; returns what went out and how it ended. */
function walk(payments: Record<string, number>, days = 120) {
  const p = plan();
  let paid = 0;
  const log: string[] = [];
  for (let d = 0; d <= days; d++) {
    const today = addDays('2027-01-01', d);
    paid += payments[today] ?? 0;
    const status = planStatus(p, paid, today);
    if (status.kind !== 'running') { log.push(`${today} ${status.kind}${status.kind === 'broken' ? ` at installment ${status.installment}` : ''}`); break; }
    for (const n of status.notices) { log.push(`${today} #${n.installment} ${n.kind} ${n.stillDueMinor}`); p.sent.push(`${n.installment - 1}:${n.kind}`); }
  }
  return log;
}

describe('a payment plan', () => {
  it('reminds before and on each installment; installments paid on time end it completed', () => {
    expect(walk({ '2027-01-14': 30_000, '2027-02-16': 30_000, '2027-03-10': 30_000 })).toEqual([
      '2027-01-12 #1 upcoming 30000', '2027-02-12 #2 upcoming 30000', '2027-02-15 #2 due 30000', '2027-03-10 completed',
    ]);
  });

  it('a short payment leaves the rest of the installment due; two weeks late it breaks', () => {
    expect(walk({ '2027-01-15': 20_000 })).toEqual(['2027-01-12 #1 upcoming 30000', '2027-01-15 #1 due 10000', '2027-01-22 #1 late 10000', '2027-01-29 broken at installment 1']);
  });

  it('refuses installments that do not add up, start in the past, are out of order, or run over a year', () => {
    const request = { invoiceNumbers: ['INV-1'], by: 'dana.lead@arflow.test', reason: 'hardship', installments: [{ dueDate: '2027-01-15', amountMinor: 50 }, { dueDate: '2027-02-15', amountMinor: 50 }] };
    expect(refusePlan(request, 101, '2027-01-01')).toMatch(/add up to 100, but the invoices owe 101/);
    expect(refusePlan(request, 100, '2027-01-20')).toMatch(/already past/);
    expect(refusePlan({ ...request, installments: [{ dueDate: '2027-01-15', amountMinor: 50 }, { dueDate: '2028-02-15', amountMinor: 50 }] }, 100, '2027-01-01')).toMatch(/365 days at most/);
    expect(paymentPlanRequestSchema.safeParse({ ...request, installments: [{ dueDate: '2027-02-15', amountMinor: 50 }, { dueDate: '2027-01-15', amountMinor: 50 }] }).success).toBe(false);
    expect(refusePlan(request, 100, '2027-01-01')).toBeUndefined();
  });
});
