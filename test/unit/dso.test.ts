import { describe, expect, it } from 'vitest';
import { daysSalesOutstanding } from '../../domain/dso.js';

describe('days sales outstanding', () => {
  it('is what is owed over what was sold in the period, times its days, to a tenth of a day', () => {
    expect(daysSalesOutstanding(50_000_00, 150_000_00, 90)).toBe(30);
    expect(daysSalesOutstanding(12_000, 12_000, 90)).toBe(90);
    expect(daysSalesOutstanding(1, 3, 90)).toBe(30);
    expect(daysSalesOutstanding(1_000, 7_000, 90)).toBe(12.9);
  });
  it('has no value without sales in the period', () => {
    expect(daysSalesOutstanding(5_000, 0, 90)).toBeUndefined();
  });
});
