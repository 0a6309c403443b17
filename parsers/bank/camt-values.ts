// Amounts, indicators and dates as ISO 20022 writes them, read exactly: an amount is decimal text
// with its currency in the Ccy attribute, never more decimals than ISO 4217 gives the currency.
import { minorDigits } from '../../domain/money.js';
import { BankFileError } from '../../domain/payment-documents.js';
import { amountToMinor, CURRENCY_CODE, xmlDateToIso } from '../structured-values.js';
import { firstOf, type CamtFormat, type XmlElement } from './camt-xml.js';

export interface CamtAmount {
  /** Minor units, never negative: the direction travels in a separate CdtDbtInd. */
  minor: number;
  currency: string;
}

/** An ActiveOrHistoricCurrencyAndAmount element (`<Amt Ccy="EUR">12.50</Amt>`). */
export function readAmount(element: XmlElement, format: CamtFormat): CamtAmount {
  const currency = element.attributes.Ccy;
  if (!currency) throw new BankFileError(format, element.line, `${element.path} has no currency (Ccy attribute)`);
  if (!CURRENCY_CODE.test(currency)) throw new BankFileError(format, element.line, `${element.path} currency "${currency}" is not an ISO 4217 code`);
  const text = element.text;
  if (text.startsWith('-')) throw new BankFileError(format, element.line, `${element.path} ${text} is negative: camt amounts are positive with a CdtDbtInd`);
  const m = /^\+?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new BankFileError(format, element.line, `${element.path} "${text}" is not an amount`);
  const digits = minorDigits(currency);
  const written = m[2] ?? '';
  // ISO 20022's CurrencyAmount rule: the fraction digits must comply with ISO 4217. XML Schema counts
  // fractionDigits in the value, not in the text, so trailing zeros ("8.850 EUR", "5442.09000 RON",
  // as Dutch and Romanian banks write them) are the same value and within the rule.
  const fraction = written.replace(/0+$/, '');
  if (fraction.length > digits) {
    throw new BankFileError(format, element.line, `${element.path} ${text} has more decimals than ${currency} has (${digits})`);
  }
  const minor = BigInt(`${m[1] || '0'}${fraction.padEnd(digits, '0')}`);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new BankFileError(format, element.line, `${element.path} ${text} is too large`);
  return { minor: Number(minor), currency };
}

/** A DecimalNumber control total (TxsSummry Sum) in the account's currency's minor units. */
export function readDecimalTotal(element: XmlElement, currency: string, format: CamtFormat): bigint {
  const converted = amountToMinor(element.text, currency, element.path);
  if (!converted.ok) throw new BankFileError(format, element.line, converted.reason);
  if (converted.value < 0) throw new BankFileError(format, element.line, `${element.path} ${element.text} is negative`);
  return BigInt(converted.value);
}

/** CdtDbtInd: CRDT or DBIT, nothing else. */
export function readDirection(element: XmlElement, format: CamtFormat): 'credit' | 'debit' {
  if (element.text === 'CRDT') return 'credit';
  if (element.text === 'DBIT') return 'debit';
  throw new BankFileError(format, element.line, `${element.path} "${element.text}" is neither CRDT nor DBIT`);
}

/** An XML Schema boolean (RvslInd, LastPgInd). */
export function readBoolean(element: XmlElement, format: CamtFormat): boolean {
  if (element.text === 'true' || element.text === '1') return true;
  if (element.text === 'false' || element.text === '0') return false;
  throw new BankFileError(format, element.line, `${element.path} "${element.text}" is not true or false`);
}

/** ISODate or ISODateTime → the date as the bank wrote it (its own time zone), YYYY-MM-DD. */
export function readDateText(element: XmlElement, format: CamtFormat): string {
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(element.text);
  const iso = m ? xmlDateToIso(m[1]!) : undefined;
  if (!iso) throw new BankFileError(format, element.line, `${element.path} "${element.text}" is not a date`);
  return iso;
}

/** DateAndDateTimeChoice (BookgDt, ValDt): Dt or DtTm. */
export function readDateChoice(element: XmlElement | undefined, format: CamtFormat): string | undefined {
  const value = firstOf(element, 'Dt', 'DtTm');
  if (element && !value) throw new BankFileError(format, element.line, `${element.path} has neither Dt nor DtTm`);
  return value ? readDateText(value, format) : undefined;
}

/** Minor units as decimal text in the currency's own decimals, for reasons and for writing. */
export function formatDecimal(minor: number | bigint, currency: string): string {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const text = digits > 0 ? `${whole}.${abs.slice(abs.length - digits)}` : whole;
  return negative ? `-${text}` : text;
}

/** A count element (NbOfNtries, NbOfTxs): Max15NumericText. */
export function readCount(element: XmlElement, format: CamtFormat): number {
  if (!/^\d{1,15}$/.test(element.text)) throw new BankFileError(format, element.line, `${element.path} "${element.text}" is not a count`);
  return Number(element.text);
}
