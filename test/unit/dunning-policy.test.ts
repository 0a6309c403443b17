import { describe, expect, it } from 'vitest';
import { DEFAULT_DUNNING_POLICY as policy, dunningDueOn, dunningPolicySchema, nextDunningDay, recordSteps, type InvoiceUnderCollection } from '../../domain/dunning-policy.js';
import { addDays } from '../../domain/invoicing.js';

const invoice = (over: Partial<InvoiceUnderCollection> = {}): InvoiceUnderCollection => ({
  number: 'INV-000001', dueDate: '2026-12-31', currency: 'USD', totalMinor: 100_000, openMinor: 100_000, disputedMinor: 0, stepsTaken: [], ...over,
});

/** Walks day by day from `from` for `days`, doing whatever is due, as the workflow would: the log of what went out. */
function walk(start: InvoiceUnderCollection[], from: string, days: number, onDay?: (day: string, invoices: InvoiceUnderCollection[]) => InvoiceUnderCollection[]) {
  let invoices = start;
  const log: string[] = [];
  for (let d = 0; d <= days; d++) {
    const today = addDays(from, d);
    if (onDay) invoices = onDay(today, invoices);
    const due = dunningDueOn(invoices, policy, today);
    const done = [
      ...due.skipped.map((s) => ({ ...s, skipped: true })),
      ...(due.reminder?.invoices ?? []),
      ...due.creditHold.map((number) => ({ number, step: 'credit_hold' as const })),
      ...due.leadDecision.map((number) => ({ number, step: 'lead_decision' as const })),
    ];
    if (due.reminder) log.push(`${today} ${due.reminder.step}: ${due.reminder.invoices.map((i) => i.number).join(',')}`);
    for (const n of due.creditHold) log.push(`${today} credit_hold: ${n}`);
    for (const n of due.leadDecision) log.push(`${today} lead_decision: ${n}`);
    invoices = recordSteps(invoices, done, today);
  }
  return { log, invoices };
}

describe('dunning schedule', () => {
  it('walks an unpaid invoice through every step on its day', () => {
    expect(walk([invoice()], '2026-12-01', 90).log).toEqual([
      '2026-12-28 courtesy: INV-000001', '2026-12-31 due: INV-000001', '2027-01-07 friendly: INV-000001', '2027-01-21 firm: INV-000001',
      '2027-02-04 final: INV-000001', '2027-02-14 credit_hold: INV-000001', '2027-03-01 lead_decision: INV-000001',
    ]);
  });

  it('groups a customer\'s invoices into one reminder in the tone of the most overdue', () => {
    const due = dunningDueOn([invoice({ number: 'INV-1', dueDate: '2026-11-01', stepsTaken: ['courtesy', 'due', 'friendly'], lastStepOn: '2026-11-08' }), invoice({ number: 'INV-2', dueDate: '2026-11-15', stepsTaken: ['courtesy'], lastStepOn: '2026-11-12' })], policy, '2026-11-22');
    expect(due.reminder).toEqual({ step: 'firm', withStatement: false, invoices: [{ number: 'INV-1', step: 'firm' }, { number: 'INV-2', step: 'due' }] });
  });

  it('after downtime sends the next step only, then keeps the minimum gap: no flood, no skipped step', () => {
    // Issued long ago, nothing sent: first run 50 days after due.
    const { log } = walk([invoice({ dueDate: '2026-10-01' })], '2026-11-20', 20);
    expect(log).toEqual([
      '2026-11-20 due: INV-000001', '2026-11-23 friendly: INV-000001', '2026-11-26 firm: INV-000001', '2026-11-29 final: INV-000001',
      '2026-12-02 credit_hold: INV-000001', '2026-12-05 lead_decision: INV-000001',
    ]);
    expect(log.some((l) => l.includes('courtesy'))).toBe(false); // a courtesy note after the due date is skipped, not sent late
  });

  it('a payment stops it; a partial payment re-ages the next step without skipping it', () => {
    const { log } = walk([invoice()], '2026-12-01', 90, (day, invs) => invs.map((i) =>
      day === '2027-01-10' ? { ...i, openMinor: 40_000, reagedOn: day } : day === '2027-02-20' ? { ...i, openMinor: 0 } : i));
    expect(log).toEqual(['2026-12-28 courtesy: INV-000001', '2026-12-31 due: INV-000001', '2027-01-07 friendly: INV-000001', '2027-01-21 firm: INV-000001', '2027-02-04 final: INV-000001', '2027-02-14 credit_hold: INV-000001']);
    const late = walk([invoice({ stepsTaken: ['courtesy', 'due', 'friendly'], lastStepOn: '2027-01-07' })], '2027-01-15', 30, (day, invs) => invs.map((i) => (day === '2027-01-20' ? { ...i, openMinor: 50_000, reagedOn: day } : i)));
    expect(late.log[0]).toBe('2027-01-27 firm: INV-000001'); // due on the 21st, re-aged to a week after the payment
  });

  it('a promise pauses chasing until its date plus grace; a fully disputed invoice is not chased', () => {
    const promised = walk([invoice({ stepsTaken: ['courtesy', 'due'], lastStepOn: '2026-12-31', promisedUntil: '2027-01-20' })], '2027-01-01', 30);
    expect(promised.log[0]).toBe('2027-01-24 friendly: INV-000001');
    const disputed = walk([invoice({ stepsTaken: ['courtesy', 'due'], lastStepOn: '2026-12-31', disputedMinor: 100_000 })], '2027-01-01', 60);
    expect(disputed.log).toEqual([]);
    expect(nextDunningDay([invoice({ disputedMinor: 100_000 })], policy)).toBeUndefined();
  });

  it('refuses a policy whose steps are out of order or repeated', () => {
    const bad = { ...policy, steps: [policy.steps[2]!, policy.steps[1]!] };
    expect(dunningPolicySchema.safeParse(bad).success).toBe(false);
    expect(dunningPolicySchema.safeParse({ ...policy, steps: [policy.steps[1]!, policy.steps[1]!] }).success).toBe(false);
    expect(dunningPolicySchema.safeParse(policy).success).toBe(true);
  });
});

describe('one customer, many invoices', () => {
  it('keeps the minimum gap between two reminders to a customer; steps falling inside it wait and go together', () => {
    const a = invoice({ number: 'INV-A', dueDate: '2027-01-10' });
    const b = invoice({ number: 'INV-B', dueDate: '2027-01-11' });
    const c = invoice({ number: 'INV-C', dueDate: '2027-01-12' });
    let invoices = [a, b, c];
    let last: string | undefined;
    const log: string[] = [];
    for (let d = 0; d <= 30; d++) {
      const today = addDays('2027-01-01', d);
      const due = dunningDueOn(invoices, policy, today, last);
      if (!due.reminder) continue;
      log.push(`${today} ${due.reminder.step}: ${due.reminder.invoices.map((i) => `${i.number}/${i.step}`).join(' ')}`);
      invoices = recordSteps(invoices, [...due.skipped.map((s) => ({ ...s, skipped: true })), ...due.reminder.invoices], today);
      last = today;
    }
    expect(log).toEqual([
      '2027-01-07 courtesy: INV-A/courtesy',
      '2027-01-10 due: INV-A/due INV-B/courtesy INV-C/courtesy',
      '2027-01-13 due: INV-B/due INV-C/due',
      '2027-01-17 friendly: INV-A/friendly',
      '2027-01-20 friendly: INV-B/friendly INV-C/friendly',
      '2027-01-31 firm: INV-A/firm',
    ]);
  });
});

describe('which policy a customer is chased by', () => {
  it('is the account\'s own, else strict for due-on-receipt terms, else standard; an unknown code is refused by name', async () => {
    const { dunningPolicyFor, dunningPolicySchema: schema, DUNNING_POLICIES } = await import('../../domain/dunning-policy.js');
    expect(dunningPolicyFor({ number: 'C-1', dunningPolicy: 'key_account', netDays: 0 }).code).toBe('key_account');
    expect(dunningPolicyFor({ number: 'C-1', dunningPolicy: null, netDays: 0 }).code).toBe('strict');
    expect(dunningPolicyFor({ number: 'C-1', dunningPolicy: null, netDays: 30 }).code).toBe('standard');
    expect(() => dunningPolicyFor({ number: 'C-9', dunningPolicy: 'gentle', netDays: 30 })).toThrow('customer C-9 has dunning policy "gentle", which is not one of: standard, key_account, strict');
    for (const p of Object.values(DUNNING_POLICIES)) expect(schema.safeParse(p).success).toBe(true);
  });
});
