import { describe, expect, it } from 'vitest';
import { periodOf, staleTickets, ticketInvoiceGroups, type UnbilledTicket } from '../../domain/ticket-billing.js';

let next = 0;
function ticket(overrides: Partial<UnbilledTicket> & Pick<UnbilledTicket, 'ticketNumber' | 'customerNumber' | 'workDate'>): UnbilledTicket {
  next++;
  return {
    id: `tk${next}`, description: 'Service call', quantityMilli: 1000, unitPriceMinor: 9500, amountMinor: 9500, currency: 'USD',
    poNumber: null, billable: true, billed: false, ...overrides,
  };
}

describe('periodOf', () => {
  it('is the month of a date', () => {
    expect(periodOf('2026-11-14')).toBe('2026-11');
    expect(() => periodOf('14.11.2026')).toThrow(RangeError);
  });
});

describe('billing service tickets at period end', () => {
  const a1 = ticket({ id: 'a1', ticketNumber: 'T-10', customerNumber: 'C-1001', workDate: '2026-11-20', quantityMilli: 1500, amountMinor: 14250, description: 'Pump seal\nreplaced,  tested' });
  const a2 = ticket({ id: 'a2', ticketNumber: 'T-9', customerNumber: 'C-1001', workDate: '2026-11-20', amountMinor: 9500 });
  const aLate = ticket({ id: 'a3', ticketNumber: 'T-2', customerNumber: 'C-1001', workDate: '2026-10-28', amountMinor: 5000, unitPriceMinor: 5000 });
  const aEur = ticket({ id: 'a4', ticketNumber: 'T-11', customerNumber: 'C-1001', workDate: '2026-11-21', currency: 'EUR', amountMinor: 8000, unitPriceMinor: 8000, poNumber: 'PO-DE-1' });
  const aNext = ticket({ id: 'a5', ticketNumber: 'T-30', customerNumber: 'C-1001', workDate: '2026-12-01' });
  const aBilled = ticket({ id: 'a6', ticketNumber: 'T-1', customerNumber: 'C-1001', workDate: '2026-11-02', billed: true });
  const aNotBillable = ticket({ id: 'a7', ticketNumber: 'T-12', customerNumber: 'C-1001', workDate: '2026-11-03', billable: false });
  const aZero = ticket({ id: 'a8', ticketNumber: 'T-13', customerNumber: 'C-1001', workDate: '2026-11-04', amountMinor: 0, unitPriceMinor: 0 });
  const b1 = ticket({ id: 'b1', ticketNumber: 'T-20', customerNumber: 'C-0900', workDate: '2026-11-05', poNumber: 'WO-55' });
  const b2 = ticket({ id: 'b2', ticketNumber: 'T-21', customerNumber: 'C-0900', workDate: '2026-11-06', poNumber: 'WO-55', amountMinor: 19000, quantityMilli: 2000 });

  const groups = ticketInvoiceGroups([a1, a2, aLate, aEur, aNext, aBilled, aNotBillable, aZero, b1, b2], '2026-11');

  it('makes one invoice per customer and currency, sorted by customer then currency', () => {
    expect(groups.map((g) => [g.customerNumber, g.currency, g.reference, g.totalMinor])).toEqual([
      ['C-0900', 'USD', 'TICKETS-2026-11', 28_500],
      ['C-1001', 'EUR', 'TICKETS-2026-11-EUR', 8_000],
      ['C-1001', 'USD', 'TICKETS-2026-11-USD', 28_750],
    ]);
    expect(groups.every((g) => g.period === '2026-11')).toBe(true);
  });

  it('bills a late-imported ticket of an earlier month now, orders lines by date then ticket number, and leaves out billed, non-billable, zero and later tickets', () => {
    const usd = groups.find((g) => g.customerNumber === 'C-1001' && g.currency === 'USD')!;
    expect(usd.ticketIds).toEqual(['a3', 'a2', 'a1']);
    expect(usd.lines).toEqual([
      { sku: 'SERVICE', description: 'T-2 2026-10-28: Service call', quantityMilli: 1000, unitPriceMinor: 5000, amountMinor: 5000 },
      { sku: 'SERVICE', description: 'T-9 2026-11-20: Service call', quantityMilli: 1000, unitPriceMinor: 9500, amountMinor: 9500 },
      { sku: 'SERVICE', description: 'T-10 2026-11-20: Pump seal replaced, tested', quantityMilli: 1500, unitPriceMinor: 9500, amountMinor: 14250 },
    ]);
    const all = groups.flatMap((g) => g.ticketIds);
    for (const left of ['a5', 'a6', 'a7', 'a8']) expect(all).not.toContain(left);
  });

  it('uses the PO the tickets share, else SERVICE and the period', () => {
    expect(groups.find((g) => g.customerNumber === 'C-0900')!.poNumber).toBe('WO-55');
    expect(groups.find((g) => g.currency === 'EUR')!.poNumber).toBe('PO-DE-1');
    expect(groups.find((g) => g.customerNumber === 'C-1001' && g.currency === 'USD')!.poNumber).toBe('SERVICE 2026-11');
    const mixed = ticketInvoiceGroups([
      ticket({ ticketNumber: 'T-1', customerNumber: 'C-1', workDate: '2026-11-01', poNumber: 'PO-1' }),
      ticket({ ticketNumber: 'T-2', customerNumber: 'C-1', workDate: '2026-11-02', poNumber: 'PO-2' }),
    ], '2026-11');
    expect(mixed[0]!.poNumber).toBe('SERVICE 2026-11');
  });

  it('the December run picks up December, and nothing twice once November is marked billed', () => {
    const billedNovember = new Set(groups.flatMap((g) => g.ticketIds));
    const after = [a1, a2, aLate, aEur, aNext, b1, b2].map((t) => ({ ...t, billed: billedNovember.has(t.id) }));
    const december = ticketInvoiceGroups(after, '2026-12');
    expect(december.map((g) => [g.customerNumber, g.reference, g.ticketIds])).toEqual([['C-1001', 'TICKETS-2026-12', ['a5']]]);
  });

  it('cuts a long description to 200 characters', () => {
    const [group] = ticketInvoiceGroups([ticket({ ticketNumber: 'T-1', customerNumber: 'C-1', workDate: '2026-11-01', description: 'x'.repeat(500) })], '2026-11');
    const description = group!.lines[0]!.description;
    expect(description.startsWith('T-1 2026-11-01: ')).toBe(true);
    expect(description.length - 'T-1 2026-11-01: '.length).toBe(200);
  });

  it('refuses a period that is not YYYY-MM', () => {
    expect(() => ticketInvoiceGroups([], '2026-13')).toThrow(RangeError);
    expect(ticketInvoiceGroups([], '2026-11')).toEqual([]);
  });
});

describe('stale tickets', () => {
  it('reports billable unbilled tickets older than the limit, oldest first', () => {
    const stale = staleTickets([
      ticket({ ticketNumber: 'T-3', customerNumber: 'C-2', workDate: '2026-10-01', amountMinor: 12_000 }),
      ticket({ ticketNumber: 'T-1', customerNumber: 'C-1', workDate: '2026-09-15' }),
      ticket({ ticketNumber: 'T-2', customerNumber: 'C-1', workDate: '2026-11-01' }), // 30 days: not older than 30
      ticket({ ticketNumber: 'T-4', customerNumber: 'C-1', workDate: '2026-08-01', billed: true }),
      ticket({ ticketNumber: 'T-5', customerNumber: 'C-1', workDate: '2026-08-01', billable: false }),
      ticket({ ticketNumber: 'T-6', customerNumber: 'C-3', workDate: '2026-09-30', currency: 'EUR', amountMinor: 8000 }),
    ], '2026-12-01', 30);
    expect(stale).toEqual([
      { ticketNumber: 'T-1', customerNumber: 'C-1', workDate: '2026-09-15', ageDays: 77, amountMinor: 9500, currency: 'USD' },
      { ticketNumber: 'T-6', customerNumber: 'C-3', workDate: '2026-09-30', ageDays: 62, amountMinor: 8000, currency: 'EUR' },
      { ticketNumber: 'T-3', customerNumber: 'C-2', workDate: '2026-10-01', ageDays: 61, amountMinor: 12_000, currency: 'USD' },
    ]);
  });
});
