import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCashDesk } from '../../bench/cash-harness.js';
import { generateCashScenarios, SCENARIO_KINDS } from '../../bench/cash-scenarios.js';
import { findCombinations } from '../../domain/combination-search.js';
import { oneTypoApart, referenceKey } from '../../domain/invoice-reference.js';

describe('the engine on a generated desk of 1,000 payments over 5,000 open invoices', () => {
  const desk = generateCashScenarios({ payments: 1_000, openInvoices: 5_000, customers: 400, seed: 1 });
  const run = runCashDesk(desk);

  it('never applies a payment wrongly', () => {
    expect(run.wrong.map((w) => `#${w.index} ${w.kind}: ${w.why} (${w.note})`)).toEqual([]);
    expect(run.total.autoWrong).toBe(0);
  });

  it('applies most payments without a person', () => {
    // Measured 91.9% (919 of 1,000; 98.8% of the 930 the payment itself settles) on this seed when this
    // floor was set, and 92.7% over seeds 100–140. The floor sits 4 points under: room for the generator
    // to change, none for the engine to get timid.
    expect(run.total.autoCorrect / run.total.payments).toBeGreaterThanOrEqual(0.88);
    expect(run.total.autoCorrect / run.total.applicable).toBeGreaterThanOrEqual(0.95);
  });

  it('holds every kind of case, and hands the ones only a person can settle to a person', () => {
    for (const kind of SCENARIO_KINDS) expect(run.byKind[kind].payments, kind).toBeGreaterThan(4);
    for (const kind of ['duplicate', 'unreliable_amount'] as const) expect(run.byKind[kind].autoCorrect + run.byKind[kind].autoWrong, kind).toBe(0);
    expect(run.byKind.unknown_payer.suspense).toBeGreaterThan(0);
  });

  it('is the same desk for the same seed, and another for another', () => {
    const again = generateCashScenarios({ payments: 50, openInvoices: 300, customers: 40, seed: 7 });
    expect(generateCashScenarios({ payments: 50, openInvoices: 300, customers: 40, seed: 7 })).toEqual(again);
    expect(generateCashScenarios({ payments: 50, openInvoices: 300, customers: 40, seed: 8 })).not.toEqual(again);
  });
});

/** Every subset of at most maxItems amounts whose sum is in [target - shortBy, target], by brute force. */
function bruteForce(amounts: number[], target: number, maxItems: number, shortBy: number): number[][] {
  const found: number[][] = [];
  for (let mask = 1; mask < 1 << amounts.length; mask++) {
    const picked = amounts.map((_, k) => k).filter((k) => mask & (1 << k));
    const total = picked.reduce((s, k) => s + amounts[k]!, 0);
    if (picked.length <= maxItems && picked.every((k) => amounts[k]! > 0) && total <= target && target - total <= shortBy) found.push(picked);
  }
  return found;
}

describe('findCombinations', () => {
  const amounts = fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 0, maxLength: 11 });

  it('every solution is a set of distinct positive amounts, at most maxItems, summing to the target or up to shortBy under it', () => {
    fc.assert(fc.property(amounts, fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 300 }), (xs, target, maxItems, shortBy) => {
      const search = findCombinations(xs, target, { maxItems, maxSteps: 100_000, shortBy });
      expect(search.solutions.length).toBeLessThanOrEqual(2);
      for (const s of search.solutions) {
        expect(new Set(s).size).toBe(s.length);
        expect([...s].sort((a, b) => a - b)).toEqual(s);
        expect(s.length).toBeGreaterThan(0);
        expect(s.length).toBeLessThanOrEqual(maxItems);
        const total = s.reduce((sum, k) => sum + xs[k]!, 0);
        expect(total).toBeLessThanOrEqual(target);
        expect(target - total).toBeLessThanOrEqual(shortBy);
        expect(s.every((k) => xs[k]! > 0)).toBe(true);
      }
    }), { numRuns: 400 });
  });

  it('a complete search finds none, one or "two or more" exactly as an exhaustive one does', () => {
    fc.assert(fc.property(amounts, fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 50 }), (xs, target, maxItems, shortBy) => {
      const search = findCombinations(xs, target, { maxItems, maxSteps: 1_000_000, shortBy });
      expect(search.complete).toBe(true);
      expect(search.solutions.length).toBe(Math.min(2, bruteForce(xs, target, maxItems, shortBy).length));
    }), { numRuns: 400 });
  });

  it('finds a planted subset when it is the only one (amounts whose subset sums all differ)', () => {
    fc.assert(fc.property(fc.shuffledSubarray([...Array(14).keys()], { minLength: 14, maxLength: 14 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (order, size, pick) => {
      // Powers of two (times 100, plus 1 cent so none is round): no two subsets share a sum.
      const xs = order.map((k) => 100 * 2 ** k + 1);
      const planted = [...new Set(Array.from({ length: size }, (_, j) => (pick + j * 7) % xs.length))].sort((a, b) => a - b);
      const target = planted.reduce((s, k) => s + xs[k]!, 0);
      expect(findCombinations(xs, target, { maxItems: 5, maxSteps: 1_000_000 })).toEqual({ solutions: [planted], complete: true });
    }), { numRuns: 200 });
  });

  it('says it is incomplete when the step budget runs out before an answer', () => {
    const xs = Array.from({ length: 40 }, (_, k) => 1_000 + 37 * k);
    expect(findCombinations(xs, 1, { maxItems: 5, maxSteps: 1_000_000 })).toEqual({ solutions: [], complete: true });
    expect(findCombinations(xs, 5_000_000, { maxItems: 5, maxSteps: 50 }).complete).toBe(true); // pruned: nothing can reach it
    expect(findCombinations(xs, 9_999, { maxItems: 5, maxSteps: 50 }).complete).toBe(false);
  });
});

describe('invoice references', () => {
  const n = fc.integer({ min: 1, max: 999_999 });
  const pad = (x: number) => String(x).padStart(6, '0');

  it('every way payers write INV-000123 reduces to the key "123"', () => {
    fc.assert(fc.property(n, (x) => {
      for (const written of [`INV-${pad(x)}`, `INV${pad(x)}`, `inv-${pad(x)}`, pad(x), String(x), `#${pad(x)}`, `Invoice ${x}`, `INV ${pad(x)}.`]) {
        expect(referenceKey(written).key, written).toBe(String(x));
        expect(referenceKey(written).notAnInvoice, written).toBe(false);
      }
    }));
  });

  it('OCR look-alikes for 0 and 1 read back as digits', () => {
    fc.assert(fc.property(n, fc.array(fc.constantFrom('O', 'D', 'Q'), { minLength: 6, maxLength: 6 }), fc.constantFrom('I', 'l', '|'), fc.boolean(), (x, zeros, one, misreadPrefix) => {
      const digits = [...pad(x)];
      // Misread every zero, and the first 1 if there is one, but keep the last digit a real one (a reading of nothing but letters is no number).
      const read = digits.map((d, k) => (k === digits.length - 1 ? d : d === '0' ? zeros[k]! : d === '1' && digits.indexOf('1') === k ? one : d)).join('');
      const written = `${misreadPrefix ? 'lNV' : 'INV'}-${read}`;
      expect(referenceKey(written).key, written).toBe(String(x));
    }));
  });

  it('a PO, check or order number is never taken for an invoice, glued to its label or not', () => {
    fc.assert(fc.property(n, fc.constantFrom('PO', 'PO-', 'PO#', 'P.O. ', 'PO ', 'CHECK ', 'CK', 'CHK#', 'ORDER ', 'SO'), (x, label) => {
      expect(referenceKey(`${label}${x}`).notAnInvoice, `${label}${x}`).toBe(true);
    }));
    expect(referenceKey('BILL123').key).toBe('123'); // a word of look-alike letters is a word, not digits
  });

  it('oneTypoApart: one substituted digit or two swapped neighbours, symmetric, never the same number', () => {
    const key = fc.integer({ min: 1_000, max: 99_999_999 }).map(String);
    fc.assert(fc.property(key, fc.nat(), fc.integer({ min: 1, max: 9 }), (k, at, bump) => {
      const i = at % k.length;
      const substituted = k.slice(0, i) + String((Number(k[i]) + bump) % 10) + k.slice(i + 1);
      expect(oneTypoApart(k, substituted)).toBe(true);
      expect(oneTypoApart(substituted, k)).toBe(true);
      expect(oneTypoApart(k, k)).toBe(false);
      expect(oneTypoApart(k, `${k}1`)).toBe(false);
      if (i < k.length - 1 && k[i] !== k[i + 1]) {
        const swapped = k.slice(0, i) + k[i + 1] + k[i] + k.slice(i + 2);
        expect(oneTypoApart(k, swapped)).toBe(true);
      }
      if (k.length >= 4) {
        // Two substitutions that are not a swap of neighbours are two typos.
        const j = (i + 2) % k.length;
        const twice = [...k].map((c, p) => (p === i || p === j ? String((Number(c) + 1) % 10) : c)).join('');
        expect(oneTypoApart(k, twice)).toBe(false);
      }
    }));
  });
});
