// Values as structured order formats write them (X12, Order-X, UBL, CSV), turned into arflow's exact
// representations: decimal strings into thousandths and minor units by string and BigInt arithmetic
// (never floats), dates into ISO, and unit codes into the codes our catalogue uses.
import { minorDigits } from '../domain/money.js';

type Exact<T> = { value: T; confidence: number; source: string };

/** A field read from a structured document: exact by construction. */
export function exact<T>(value: T, source: string): Exact<T> {
  return { value, confidence: 1, source };
}

interface Decimal { digits: bigint; scale: number; negative: boolean }

/** "1250", "4.25", ".5", "-3.0" → digits and scale; undefined for anything else (no exponents, no grouping). */
export function parseDecimal(text: string): Decimal | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const fraction = m[3] ?? '';
  return { digits: BigInt(`${m[2] || '0'}${fraction}`), scale: fraction.length, negative: m[1] === '-' };
}

export type Converted = { ok: true; value: number } | { ok: false; reason: string };

/** A decimal quantity as thousandths, exactly, or why not. */
export function quantityToMilli(text: string): Converted {
  const d = parseDecimal(text);
  if (!d) return { ok: false, reason: `quantity "${text}" is not a number` };
  const milli = scaleExactly(d, 3, 1n, 0);
  if (milli === undefined) return { ok: false, reason: `quantity "${text}" has more than three decimals` };
  const signed = d.negative ? -milli : milli;
  if (!Number.isSafeInteger(signed)) return { ok: false, reason: `quantity "${text}" is too large` };
  if (signed <= 0) return { ok: false, reason: `quantity "${text}" is not more than zero` };
  return { ok: true, value: signed };
}

/**
 * An amount in the currency's minor units, exactly, or why not. `basis` is the quantity the price
 * is for ("12.50 per 100"): the result is then the price of one unit, which must be a whole number
 * of minor units, since arflow holds prices as integers.
 */
export function amountToMinor(text: string, currency: string, what: string, basis = '1'): Converted {
  const d = parseDecimal(text);
  if (!d) return { ok: false, reason: `${what} "${text}" is not a number` };
  const b = parseDecimal(basis);
  if (!b || b.negative || b.digits === 0n) return { ok: false, reason: `${what} is given per "${basis}" units, which is not a quantity` };
  const minor = scaleExactly(d, minorDigits(currency), b.digits, b.scale);
  if (minor === undefined) {
    const per = basis === '1' ? '' : ` per ${basis} units`;
    return { ok: false, reason: `${what} ${text}${per} is not a whole number of ${currency} minor units per unit` };
  }
  const signed = d.negative ? -minor : minor;
  if (!Number.isSafeInteger(signed)) return { ok: false, reason: `${what} "${text}" is too large` };
  return { ok: true, value: signed };
}

/** d × 10^digits ÷ (basisDigits ÷ 10^basisScale), when that is a whole number. */
function scaleExactly(d: Decimal, digits: number, basisDigits: bigint, basisScale: number): number | undefined {
  const numerator = d.digits * 10n ** BigInt(digits + basisScale);
  const denominator = 10n ** BigInt(d.scale) * basisDigits;
  if (numerator % denominator !== 0n) return undefined;
  const result = numerator / denominator;
  return result > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER + 1 : Number(result);
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

/** CCYYMMDD (X12 DTM, UN/CEFACT format 102) or YYMMDD (older X12) → ISO; undefined when not a real date. */
export function compactDateToIso(text: string): string | undefined {
  const s = text.trim();
  let m = /^(\d{4})(\d{2})(\d{2})/.exec(s);
  if (m && (s.length === 8 || /^\d{8}\d*$/.test(s))) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoDate(2000 + +m[1]!, +m[2]!, +m[3]!);
  return undefined;
}

/** YYYY-MM-DD (XML Schema date, with an optional time zone) → ISO. */
export function xmlDateToIso(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
  return m ? isoDate(+m[1]!, +m[2]!, +m[3]!) : undefined;
}

// X12 (data element 355) and UN/ECE Recommendation 20/21 codes, as the codes our catalogue and the
// PDF reader use (EA, BX, CS, RL, FT, KG, LB); codes not listed are kept as sent.
const UNIT_CODES: Record<string, string> = {
  EA: 'EA', EACH: 'EA', PC: 'EA', PCE: 'EA', PCS: 'EA', PIECE: 'EA', PIECES: 'EA', C62: 'EA', H87: 'EA', XPP: 'EA', STK: 'EA', 'STÜCK': 'EA',
  BX: 'BX', BOX: 'BX', BOXES: 'BX', XBX: 'BX',
  CS: 'CS', CA: 'CS', CASE: 'CS', CASES: 'CS', XCS: 'CS',
  RL: 'RL', RO: 'RL', ROLL: 'RL', ROLLS: 'RL', XRO: 'RL',
  FT: 'FT', FOT: 'FT', FEET: 'FT',
  KG: 'KG', KGM: 'KG',
  LB: 'LB', LBS: 'LB', LBR: 'LB',
  M: 'M', MTR: 'M', MR: 'M',
  DZ: 'DZ', DZN: 'DZ',
};

export function normalizeUnitCode(code: string): string {
  const c = code.trim().toUpperCase();
  return UNIT_CODES[c] ?? c;
}

/** Address parts as people write them on one line: name, street lines, "City, ST 62702", a foreign country. */
export function addressText(parts: { name?: string[]; lines?: string[]; city?: string; region?: string; postcode?: string; country?: string }): string {
  const place = [parts.city, [parts.region, parts.postcode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const country = parts.country && !/^(US|USA)$/i.test(parts.country) ? parts.country : undefined;
  return [...(parts.name ?? []), ...(parts.lines ?? []), place, country]
    .map((p) => p?.trim()).filter((p): p is string => Boolean(p)).join(', ');
}

export const CURRENCY_CODE = /^[A-Z]{3}$/;

// Windows-1252 differs from Latin-1 only in 0x80–0x9F. Node 20's TextDecoder('windows-1252') decodes
// those bytes as Latin-1 control characters, losing €, dashes and curly quotes: map them here.
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? CP1252_80_9F[byte - 0x80] : String.fromCharCode(byte);
  return text;
}

/**
 * Text of a file whose encoding nobody declared: UTF-16 or UTF-8 by their byte-order marks, UTF-8 when
 * the bytes are valid UTF-8, else Windows-1252 (what Excel and older EDI translators on Windows write).
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return decodeWindows1252(body);
  }
}
