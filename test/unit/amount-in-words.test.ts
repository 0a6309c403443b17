// The legal amount line of a check, read from words: what a bank pays, so it must never be misread
// into another amount: a reading is either right or undefined.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountFromWords, amountToWords, readAmountInWords } from '../../domain/amount-in-words.js';

describe('reading the legal amount line', () => {
  it.each([
    ['Four thousand five hundred twelve and 50/100 DOLLARS', 451250],
    ['ONE THOUSAND TWO HUNDRED AND 00/100', 120000],
    ['Twelve Thousand Dollars and Thirty-Four Cents', 1200034],
    ['One hundred and five dollars', 10500],
    ['Two thousand and ten and no/100 dollars', 201000],
    ['Fifteen hundred and xx/100', 150000],
    ['Twenty-five hundred fifty and 00/100', 255000],
    ['One million two hundred thirty-four thousand five hundred sixty-seven and 89/100', 123456789],
    ['Zero and 75/100', 75],
    ['Fifty cents', 50],
    ['Ninety-nine dollars and no cents', 9900],
    ['Seven dollars & 5 cents', 705],
    ['PAY EXACTLY Three Hundred Dollars Only', 30000],
  ])('%s → %i', (text, minor) => {
    expect(amountFromWords(text)).toBe(minor);
  });

  it('tolerates fill and OCR noise around the words', () => {
    expect(amountFromWords('****Four Thousand Five Hundred Twelve and 50/100************DOLLARS')).toBe(451250);
    expect(amountFromWords('--- Four Thousand --- Five Hundred Twelve and 50 / 100 ------- Dollars')).toBe(451250);
    expect(amountFromWords('Twenty-Three Thousand Four Hundred Six and 18/100 ****')).toBe(2340618);
    expect(amountFromWords('kkkkkkk One Thousand and --/100 kxkkickiiikkiokk DOLLARS')).toBe(100000);
    // Letters read as digits and one slip in a long word.
    expect(amountFromWords('F0UR THOUSAND and 5O/1OO')).toBe(400050);
    expect(amountFromWords('NINE HONDRED EIGHTY-SEVEN AND 65/100')).toBe(98765);
    expect(amountFromWords('Four thousand fiev hundred and 00/l00')).toBe(450000);
    expect(amountFromWords('fourthousand fivehundred and 00/100')).toBe(450000);
    expect(amountFromWords('Fourty and 00/100')).toBe(4000);
  });

  it('is undefined for figures, other text, and words that do not make an amount', () => {
    for (const text of [
      '****4,512.50', '$ 4,512.50', '4512 and 50/100 dollars', '', '   ', 'and 50/100 DOLLARS', 'Arflow Demo Corporation',
      'Four Seasons Supply', // a payee with a number word in its name
      'Five four and 00/100', 'Twenty thirty and 00/100', 'Thousand and 00/100', 'Four thousand hundred',
      'Two thousand twelve hundred', 'One hundred one hundred', 'Twelve and five', 'Five and 150/100',
      'Eighty-eightt and 00/100', // as near "eight" as "eighty": a guess either way
      'Four thousand sx hundred', 'Four thousand ORDER five hundred', 'Five thousand and 50/100 and 60/100',
    ]) expect(amountFromWords(text), text).toBeUndefined();
  });

  it('counts minor units in the currency given', () => {
    expect(amountFromWords('Twelve thousand and 00/100', 'JPY')).toBe(12000);
    expect(amountFromWords('Twelve thousand and 50/100', 'JPY')).toBeUndefined();
    expect(amountFromWords('Two dinars and 125/1000', 'BHD')).toBeUndefined(); // "dinars" is not known filler
    expect(amountFromWords('Two and 125/1000', 'BHD')).toBe(2125);
    expect(amountFromWords('Two and 12/100', 'BHD')).toBeUndefined();
  });

  it('says what the reading rests on', () => {
    expect(readAmountInWords('Four Seasons')).toBeUndefined();
    expect(readAmountInWords('Four Thousand Dollars')).toEqual({ minor: 400000, numberWords: 2, minorStated: false, currencyWord: true });
    expect(readAmountInWords('Four Thousand and 00/100')).toMatchObject({ minorStated: true, currencyWord: false });
  });
});

describe('writing an amount in words', () => {
  it('spells as check writers do', () => {
    expect(amountToWords(451250)).toBe('Four Thousand Five Hundred Twelve and 50/100');
    expect(amountToWords(1200034, 'USD', 'cents')).toBe('Twelve Thousand Dollars and Thirty-Four Cents');
    expect(amountToWords(75)).toBe('Zero and 75/100');
    expect(amountToWords(100, 'USD', 'cents')).toBe('One Dollar');
    expect(amountToWords(12000, 'JPY')).toBe('Twelve Thousand');
    expect(() => amountToWords(-1)).toThrow(RangeError);
  });
});

const amounts = fc.integer({ min: 0, max: 999_999_999_999_99 });

/** A check writer's or printer's variations: case, fill, the currency word, hyphens as spaces. */
function decorated(words: string, variant: { upper: boolean; lower: boolean; fill: string; dollars: boolean; spaceHyphens: boolean; lead: string }): string {
  let text = variant.spaceHyphens ? words.replace(/-/g, ' ') : words;
  if (variant.upper) text = text.toUpperCase();
  else if (variant.lower) text = text.toLowerCase();
  return `${variant.lead}${text} ${variant.fill}${variant.dollars ? ' DOLLARS' : ''}`;
}

const variants = fc.record({
  upper: fc.boolean(), lower: fc.boolean(), dollars: fc.boolean(), spaceHyphens: fc.boolean(),
  fill: fc.constantFrom('', '****', '-----------', '~~~~', '==', '*** *** ***'),
  lead: fc.constantFrom('', '***', 'Pay ', 'THE SUM OF ', '-- '),
});

describe('property: amounts to words and back', () => {
  it('every amount written as a fraction reads back exactly', () => {
    fc.assert(fc.property(amounts, variants, (minor, variant) => {
      expect(amountFromWords(decorated(amountToWords(minor), variant))).toBe(minor);
    }), { numRuns: 500 });
  });

  it('every amount written with cents in words reads back exactly', () => {
    fc.assert(fc.property(amounts, variants, (minor, variant) => {
      expect(amountFromWords(decorated(amountToWords(minor, 'USD', 'cents'), { ...variant, dollars: false }))).toBe(minor);
    }), { numRuns: 500 });
  });

  it('one misread letter in a number word gives the right amount or none, never another amount', () => {
    // Below a million: "million" and "billion" differ by one letter, so that one slip cannot be caught.
    const small = fc.integer({ min: 0, max: 999_999_99 });
    fc.assert(fc.property(small, fc.nat(), fc.nat(), fc.integer({ min: 97, max: 122 }), (minor, wordPick, letterPick, code) => {
      const words = amountToWords(minor).split(/(\s+|-)/);
      const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{5,}$/.test(w));
      fc.pre(long.length > 0);
      const [word, index] = long[wordPick % long.length]!;
      const at = letterPick % word.length;
      words[index] = word.slice(0, at) + String.fromCharCode(code) + word.slice(at + 1);
      const read = amountFromWords(words.join(''));
      if (read !== undefined) expect(read).toBe(minor);
    }), { numRuns: 1000 });
  });

  it('an amount in figures is never taken for words', () => {
    fc.assert(fc.property(amounts, fc.constantFrom('', '$', '****', '$ **'), (minor, prefix) => {
      const whole = Math.floor(minor / 100).toLocaleString('en-US');
      expect(amountFromWords(`${prefix}${whole}.${String(minor % 100).padStart(2, '0')}`)).toBeUndefined();
    }));
  });
});
