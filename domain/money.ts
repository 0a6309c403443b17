// Money is an integer count of minor units beside its ISO 4217 currency. Never a float.

export interface Money {
  readonly amountMinor: number; // a safe integer
  readonly currency: string; // ISO 4217, upper case
}

const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3, OMR: 3, TND: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

export function money(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amount must be a whole number of minor units, got ${amountMinor}`);
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`currency must be an ISO 4217 code, got "${currency}"`);
  return { amountMinor, currency };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`cannot add ${a.currency} to ${b.currency}`);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function sumMoney(items: readonly Money[], currency: string): Money {
  return items.reduce((total, m) => addMoney(total, m), money(0, currency));
}

/**
 * Reads an amount as people write it on POs: "1,234.50", "$1 234,50", "(12.00)", "1.234,50 €".
 * Returns minor units, or undefined when the text is not an amount. Uses string arithmetic only.
 */
export function parseAmountMinor(text: string, currency = 'USD', decimalMark?: ',' | '.'): number | undefined {
  let s = text.trim().replace(/[$€£¥]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|JPY)\b/gi, '').trim();
  let negative = false;
  if (/^\(.*\)$/.test(s)) { negative = true; s = s.slice(1, -1).trim(); }
  if (s.startsWith('-')) { negative = true; s = s.slice(1).trim(); }
  if (s.endsWith('-')) { negative = true; s = s.slice(0, -1).trim(); }
  s = s.replace(/[\s\u00a0']/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return undefined;
  const decimalAt = decimalMark ? (s.lastIndexOf(decimalMark) >= 0 ? s.lastIndexOf(decimalMark) : undefined) : decimalSeparatorIndex(s);
  if (decimalMark && decimalAt !== undefined && s.indexOf(decimalMark) !== decimalAt) return undefined; // two decimal marks
  let whole = decimalAt === undefined ? s : s.slice(0, decimalAt);
  let fraction = decimalAt === undefined ? '' : s.slice(decimalAt + 1);
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) return undefined;
  const digits = minorDigits(currency);
  if (fraction.length > digits) {
    // More decimals than the currency has (unit prices like 0.125): not an amount we can hold exactly.
    if (/^0*$/.test(fraction.slice(digits))) fraction = fraction.slice(0, digits);
    else return undefined;
  }
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return undefined;
  return negative ? -minor : minor;
}

/**
 * Which separator is the decimal point. Both present: the last one. One kind, repeated: thousands.
 * One comma before exactly three digits ("1,234"): thousands, as written in the US; otherwise decimal.
 */
function decimalSeparatorIndex(s: string): number | undefined {
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return Math.max(lastDot, lastComma);
  const at = Math.max(lastDot, lastComma);
  if (at < 0) return undefined;
  const separator = s[at]!;
  if (s.indexOf(separator) !== at) return undefined;
  // "1,234" groups thousands; "0,125" cannot (no one writes a leading zero group): it is a decimal.
  if (separator === ',' && s.length - at - 1 === 3 && !/^0+,/.test(s)) return undefined;
  return at;
}

export function formatMoney(m: Money, locale = 'en-US'): string {
  const digits = minorDigits(m.currency);
  const negative = m.amountMinor < 0;
  const abs = Math.abs(m.amountMinor).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = digits > 0 ? abs.slice(abs.length - digits) : '';
  const grouped = BigInt(whole).toLocaleString(locale);
  const text = fraction ? `${grouped}.${fraction}` : grouped;
  return `${negative ? '-' : ''}${text} ${m.currency}`;
}

/**
 * Moves an amount read with one currency's minor digits to another's, exactly or not at all:
 * "1,200" read as 120000 cents is 1200 yen.
 */
export function rescaleMinor(amountMinor: number, fromDigits: number, toDigits: number): number | undefined {
  if (fromDigits === toDigits) return amountMinor;
  if (toDigits > fromDigits) return amountMinor * 10 ** (toDigits - fromDigits);
  const factor = 10 ** (fromDigits - toDigits);
  return amountMinor % factor === 0 ? amountMinor / factor : undefined;
}

/** A quantity held as thousandths, so 2.5 ft is 2500: line amounts stay exact integers. */
export type QuantityMilli = number;

export function parseQuantityMilli(text: string): QuantityMilli | undefined {
  const s = text.trim().replace(/,(?=\d{3}\b)/g, '');
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) return undefined;
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return Number.isSafeInteger(milli) ? milli : undefined;
}

export function formatQuantity(milli: QuantityMilli): string {
  const whole = Math.trunc(milli / 1000);
  const rest = milli % 1000;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(3, '0').replace(/0+$/, '')}`;
}

/** quantity × unit price, rounded half away from zero to the currency's minor unit. */
export function extendLine(quantityMilli: QuantityMilli, unitPriceMinor: number): number {
  const product = BigInt(quantityMilli) * BigInt(unitPriceMinor);
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  const rounded = (abs + 500n) / 1000n;
  const result = Number(rounded * sign);
  if (!Number.isSafeInteger(result)) throw new RangeError('line amount out of range');
  return result;
}
