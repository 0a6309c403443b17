import { describe, expect, it } from 'vitest';
import { agingBucket, agingReport } from '../../domain/aging.js';

describe('AR aging', () => {
  it('puts each open invoice in its bucket by days past due, on the bucket edges too', () => {
    expect(['2026-12-01', '2026-11-30', '2026-11-01', '2026-10-31', '2026-10-02', '2026-10-01', '2026-09-02', '2026-09-01'].map((d) => agingBucket(d, '2026-12-01')))
      .toEqual(['current', '1-30', '1-30', '31-60', '31-60', '61-90', '61-90', 'over 90']);
  });

  it('totals per customer and per currency, never adding dollars to euros, most overdue first', () => {
    const report = agingReport([
      { customerNumber: 'C-1', customerName: 'A', currency: 'USD', dueDate: '2026-12-10', openMinor: 100_00, disputedMinor: 0 },
      { customerNumber: 'C-1', customerName: 'A', currency: 'USD', dueDate: '2026-10-15', openMinor: 50_00, disputedMinor: 20_00 },
      { customerNumber: 'C-2', customerName: 'B', currency: 'USD', dueDate: '2026-08-01', openMinor: 10_00, disputedMinor: 0 },
      { customerNumber: 'C-3', customerName: 'C', currency: 'EUR', dueDate: '2026-11-20', openMinor: 70_00, disputedMinor: 0 },
      { customerNumber: 'C-4', customerName: 'D', currency: 'USD', dueDate: '2026-11-20', openMinor: 0, disputedMinor: 0 },
    ], '2026-12-01');
    expect(report.rows.map((r) => [r.customerNumber, r.currency, r.totalMinor])).toEqual([['C-2', 'USD', 10_00], ['C-1', 'USD', 150_00], ['C-3', 'EUR', 70_00]]);
    expect(report.rows[1]!.buckets).toEqual({ current: 100_00, '1-30': 0, '31-60': 50_00, '61-90': 0, 'over 90': 0 });
    expect(report.totals).toEqual([
      { currency: 'EUR', buckets: { current: 0, '1-30': 70_00, '31-60': 0, '61-90': 0, 'over 90': 0 }, totalMinor: 70_00, disputedMinor: 0 },
      { currency: 'USD', buckets: { current: 100_00, '1-30': 0, '31-60': 50_00, '61-90': 0, 'over 90': 10_00 }, totalMinor: 160_00, disputedMinor: 20_00 },
    ]);
  });
});
