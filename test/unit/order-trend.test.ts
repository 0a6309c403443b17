import { describe, expect, it } from 'vitest';
import { orderTrend } from '../../domain/order-trend.js';

describe("the desk's trend report", () => {
  it('counts orders entered per day, days without orders included, and ages the backlog', () => {
    const at = (iso: string, status: string) => ({ createdAt: new Date(iso), status });
    const report = orderTrend([
      at('2026-11-20T09:00:00Z', 'acknowledged'), at('2026-11-20T17:00:00Z', 'in_review'), at('2026-11-23T08:00:00Z', 'credit_hold'),
      at('2026-11-23T10:00:00Z', 'acknowledged'), at('2026-10-01T10:00:00Z', 'in_review'),
    ], '2026-11-23', 4);
    expect(report.enteredPerDay).toEqual([
      { date: '2026-11-20', entered: 2 }, { date: '2026-11-21', entered: 0 }, { date: '2026-11-22', entered: 0 }, { date: '2026-11-23', entered: 2 },
    ]);
    expect(report.backlog).toEqual([
      { status: 'in_review', orders: 2, oldestDays: 53 }, { status: 'credit_hold', orders: 1, oldestDays: 0 }, { status: 'received', orders: 0, oldestDays: null },
    ]);
  });
});
