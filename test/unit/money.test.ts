import { describe, expect, it } from 'vitest';
import { extendLine, formatMoney, money, parseAmountMinor, parseQuantityMilli, formatQuantity } from '../../domain/money.js';

describe('amounts as people write them', () => {
  it.each([
    ['1,234.50', 123450], ['$1,234.50', 123450], ['1234.5', 123450], ['1.234,50', 123450], ['1 234,50 €', 123450],
    ['0.85', 85], ['12', 1200], ['1,234', 123400], ['1,234,567', 123456700], ['(12.00)', -1200], ['-3.10', -310], ['45.00-', -4500],
    ['USD 19.99', 1999], ['12,5', 1250],
  ])('%s is %i cents', (text, minor) => expect(parseAmountMinor(text, 'USD')).toBe(minor));

  it.each(['abc', '', '12.34.56,7x', '0.125', '$'])('%s is not an amount we can hold exactly', (text) => {
    expect(parseAmountMinor(text, 'USD')).toBeUndefined();
  });

  it('knows currencies without minor units', () => {
    expect(parseAmountMinor('1,500', 'JPY')).toBe(1500);
    expect(formatMoney(money(1500, 'JPY'))).toBe('1,500 JPY');
  });

  it('formats minor units without floating point', () => {
    expect(formatMoney(money(191250, 'USD'))).toBe('1,912.50 USD');
    expect(formatMoney(money(-5, 'EUR'))).toBe('-0.05 EUR');
    expect(formatMoney(money(900719925474099, 'USD'))).toBe('9,007,199,254,740.99 USD');
  });

  it('refuses fractional or unsafe minor units', () => {
    expect(() => money(1.5, 'USD')).toThrow(/whole number/);
    expect(() => money(1, 'usd')).toThrow(/ISO 4217/);
  });
});

describe('quantities and line amounts', () => {
  it('reads quantities to the thousandth', () => {
    expect(parseQuantityMilli('1,000')).toBe(1_000_000);
    expect(parseQuantityMilli('2.5')).toBe(2500);
    expect(parseQuantityMilli('2.5555')).toBeUndefined();
    expect(formatQuantity(2500)).toBe('2.5');
    expect(formatQuantity(40_000)).toBe('40');
  });

  it('extends a line exactly and rounds half away from zero', () => {
    expect(extendLine(250_000, 425)).toBe(106_250);
    expect(extendLine(2500, 333)).toBe(833); // 832.5 → 833
    expect(extendLine(1500, 1)).toBe(2); // 1.5 → 2
    expect(extendLine(333, 100)).toBe(33); // 0.333 × 1.00 = 0.333 → 0.33
  });
});
