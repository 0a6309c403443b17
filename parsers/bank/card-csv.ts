// A card processor's payments export (Stripe payments or balance history, Square transactions, PayPal
// activity, Authorize.net transaction search) as a BankFile. Each processor names its columns its own
// way, so columns are found by header name (case-insensitive, with synonyms). A successful charge is a
// credit of kind 'card' for the gross amount: the processor's fee is a bank charge, not a customer
// short pay, so it goes into the memo. A refund is a debit of kind 'return'. Declined, voided or
// authorised-only rows moved no money: they are listed in `skipped` with the reason, never dropped.
// A row that cannot be read (no id, an unreadable amount or date, an unknown currency) rejects the file.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { formatMoney, minorDigits } from '../../domain/money.js';
import { BankFileError, type BankAccountReport, type BankEntry, type BankFile, type EntryKind, type RemittanceLine } from '../../domain/payment-documents.js';
import { findInvoiceRefs } from '../remittance-fields.js';
import { amountToMinor } from '../structured-values.js';

type Kind =
  | 'id' | 'date' | 'amount' | 'fee' | 'net' | 'currency' | 'feeCurrency' | 'description' | 'email' | 'name' | 'firstName' | 'lastName'
  | 'last4' | 'cardNumber' | 'status' | 'type' | 'invoice' | 'customerNumber' | 'refunded' | 'source' | 'balanceImpact';

// Header names after normalizeHeader, in order of preference where a file has several ("Transaction ID"
// before Square's "Payment ID"; Authorize.net's "Settlement Amount" before its "Authorization Amount").
const SYNONYMS: Record<Kind, string[]> = {
  // Stripe's report API names its columns in snake_case ("balance_transaction_id", "created_utc").
  id: ['id', 'transaction id', 'balance transaction id', 'charge id', 'payment id', 'txn id', 'trans id', 'transaction no', 'transaction number', 'payment intent id', 'paymentintent id'],
  date: ['created date utc', 'created utc', 'created', 'created date', 'created at', 'date', 'date utc', 'transaction date', 'transaction date utc', 'payment date',
    'settlement date time', 'settlement date', 'submit date time', 'submit date', 'date time', 'datetime', 'transaction time', 'available on utc'],
  amount: ['gross', 'amount', 'total collected', 'settlement amount', 'total amount', 'gross amount', 'charge amount', 'payment amount', 'transaction amount', 'amount gross'],
  fee: ['fee', 'fees', 'processing fee', 'processing fees', 'fee amount', 'total fees', 'stripe fee'],
  net: ['net', 'net total', 'net amount'],
  currency: ['currency', 'currency code', 'settlement currency', 'curr', 'transaction currency', 'presentment currency'],
  feeCurrency: ['converted currency'],
  description: ['description', 'item title', 'details', 'invoice description', 'order description', 'memo', 'note', 'subject'],
  email: ['customer email', 'email', 'from email address', 'email address', 'customer email address', 'buyer email', 'payer email', 'cardholder email'],
  // The customer's (company's) name before the cardholder's: a business pays with a person's card.
  name: ['customer name', 'company', 'company name', 'name', 'customer description', 'cardholder name', 'cardholder', 'card holder name', 'card name', 'billing name', 'payer name', 'buyer name'],
  firstName: ['customer first name', 'first name', 'billing first name'],
  lastName: ['customer last name', 'last name', 'billing last name'],
  last4: ['card last4', 'card last 4', 'last4', 'last 4', 'pan suffix', 'card last four', 'last four', 'card last 4 digits'],
  cardNumber: ['card number', 'masked card number', 'card no', 'account number'],
  status: ['status', 'transaction status', 'payment status', 'charge status', 'settlement status'],
  type: ['type', 'transaction type', 'event type', 'reporting category'],
  invoice: [],
  customerNumber: ['customer number', 'customer no', 'customer reference id', 'customer number metadata', 'customer no metadata', 'metadata customer number', 'account number metadata', 'metadata account number'],
  refunded: ['amount refunded', 'refunded amount'],
  source: ['source', 'source id', 'reference txn id', 'reference transaction id', 'original transaction id'],
  // PayPal: Credit, Debit, or Memo for a row that does not change the balance (an authorization).
  balanceImpact: ['balance impact'],
};
// Stripe writes metadata as "metadata[invoice]" or "invoice_number (metadata)"; others "Invoice", "Invoice #".
const INVOICE_HEADER = /^(?:metadata )?(?:invoice|invoices|inv)(?: (?:no|number|numbers|num|id|ids|ref|reference|references))?(?: metadata)?$/;
const REQUIRED: Kind[] = ['id', 'date', 'amount'];
const DESCRIBED: Record<string, string> = { id: 'transaction id ("id", "Transaction ID", "Charge ID")', date: 'date ("Created date (UTC)", "Date", "Transaction Date")', amount: 'amount ("Amount", "Gross", "Total Collected", "Settlement Amount")' };

function normalizeHeader(cell: string): string {
  return cell.replace(/^\uFEFF/, '').toLowerCase().replace(/#/g, ' no ').replace(/[[\]().:_/\\-]/g, ' ').replace(/\s+/g, ' ').trim();
}

type Columns = Partial<Record<Kind, number[]>>;

function columnsOf(header: string[]): Columns {
  const names = header.map(normalizeHeader);
  const columns: Columns = {};
  for (const [kind, words] of Object.entries(SYNONYMS) as [Kind, string[]][]) {
    const found = words.flatMap((w) => names.map((n, i) => (n === w ? i : -1)).filter((i) => i >= 0));
    if (found.length > 0) columns[kind] = [...new Set(found)];
  }
  const invoices = names.map((n, i) => (INVOICE_HEADER.test(n) ? i : -1)).filter((i) => i >= 0);
  if (invoices.length > 0) columns.invoice = invoices;
  return columns;
}

interface Table { rows: { cells: string[]; line: number }[]; headerAt: number; columns: Columns; delimiter: string }

function readRows(text: string, delimiter: string): Table['rows'] {
  const records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  return records.map((r) => ({ cells: r.record.map((c) => c.trim()), line: r.info.lines }));
}

/** The delimiter and header row under which the id, date and amount columns are all named. */
function findTable(text: string): Table {
  let parseError: { line: number; message: string } | undefined;
  let closest: { missing: Kind[]; line: number } | undefined;
  for (const delimiter of [',', ';', '\t']) {
    let rows: Table['rows'];
    try {
      rows = readRows(text, delimiter);
    } catch (err) {
      const e = err as Error & { lines?: number };
      parseError ??= { line: e.lines ?? 0, message: e.message };
      continue;
    }
    for (let r = 0; r < Math.min(rows.length, 20); r++) {
      const columns = columnsOf(rows[r]!.cells);
      const missing = REQUIRED.filter((k) => !columns[k]);
      if (missing.length === 0) return { rows, headerAt: r, columns, delimiter };
      if (missing.length < REQUIRED.length && (!closest || missing.length < closest.missing.length)) closest = { missing, line: rows[r]!.line };
    }
  }
  if (closest) throw new BankFileError('card-csv', closest.line, `the header row has no ${closest.missing.map((k) => DESCRIBED[k]).join(', no ')} column`);
  if (parseError) throw new BankFileError('card-csv', parseError.line, `the file cannot be read as CSV (${parseError.message})`);
  throw new BankFileError('card-csv', 0, `no header row in the first 20 rows names a ${REQUIRED.map((k) => DESCRIBED[k]).join(', a ')} column`);
}

// Beside id, date and amount, what only a processor's export has (Stripe, PayPal and Square a fee,
// Authorize.net a card number): a customer's remittance sheet or a payment list has none of these.
const PROCESSOR_COLUMNS: Kind[] = ['fee', 'net', 'last4', 'cardNumber'];

/** True when the text is a CSV whose header names a transaction id, a date, an amount and a fee, net or card column. */
export function looksLikeCardCsv(text: string): boolean {
  try {
    // The header is among the first rows: a few lines are enough, and a megabyte of text is not read thrice.
    const sample = text.split('\n', 21).slice(0, 20).join('\n').slice(0, 32_768);
    const { columns } = findTable(sample);
    return PROCESSOR_COLUMNS.some((k) => columns[k]);
  } catch {
    return false;
  }
}

// ---- values ----

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const SYMBOL = /^(?:US|CA|C|A|AU|NZ|HK|S|R|MX)?\$|^[€£¥]|[€£¥]$/;
const SYMBOL_CURRENCY: Record<string, string> = { '€': 'EUR', '£': 'GBP', US$: 'USD', CA$: 'CAD', C$: 'CAD', A$: 'AUD', AU$: 'AUD', NZ$: 'NZD', HK$: 'HKD', S$: 'SGD', R$: 'BRL', MX$: 'MXN' };

interface Written { negative: boolean; digits: string; currency?: string; symbol?: string }

/** "$1,234.56", "-12.00", "(3.50)", "1.234,56 €", "USD 12.00" → sign, digits as written, and any currency shown. */
function splitAmount(raw: string): Written | undefined {
  let s = raw.trim();
  let negative = false;
  if (/^\(.*\)$/.test(s)) { negative = true; s = s.slice(1, -1).trim(); }
  if (/^[-−]/.test(s)) { negative = true; s = s.slice(1).trim(); } else if (s.startsWith('+')) s = s.slice(1).trim();
  let currency: string | undefined;
  let symbol: string | undefined;
  const code = /^([A-Za-z]{3})\s*(?=[\d.,(-])|(?<=[\d.])\s*([A-Za-z]{3})$/.exec(s);
  if (code) { currency = (code[1] ?? code[2])!.toUpperCase(); s = s.replace(code[0], '').trim(); }
  const sym = SYMBOL.exec(s);
  if (sym) { symbol = sym[0]; s = s.replace(sym[0], '').trim(); currency ??= SYMBOL_CURRENCY[sym[0]]; }
  if (/^[-−]/.test(s)) { negative = true; s = s.slice(1).trim(); } // "$-12.00"
  if (s.endsWith('-')) { negative = true; s = s.slice(0, -1).trim(); }
  s = s.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$|^[.,]\d+$/.test(s)) return undefined;
  return { negative, digits: s, ...(currency ? { currency } : {}), ...(symbol ? { symbol } : {}) };
}

/** Digits as written → a plain decimal ("1.234,56" with a comma mark → "1234.56"), or undefined when they do not fit the mark. */
function plainDecimal(digits: string, mark: ',' | '.'): string | undefined {
  const group = mark === ',' ? '.' : ',';
  const m = new RegExp(`^(\\d{1,3}(?:\\${group}\\d{3})+|\\d*)(?:\\${mark}(\\d+))?$`).exec(digits);
  if (!m || (m[1] === '' && m[2] === undefined)) return undefined;
  return `${m[1]!.split(group).join('') || '0'}${m[2] !== undefined ? `.${m[2]}` : ''}`;
}

/** Whether the file writes 1,234.56 or 1.234,56, from the amounts themselves. */
function decimalMark(values: { text: string; line: number }[], delimiter: string): ',' | '.' {
  let comma: number | undefined;
  let point: number | undefined;
  for (const v of values) {
    const d = splitAmount(v.text)?.digits;
    if (!d) continue;
    if (/\d,\d{1,2}$|\.\d{3},\d/.test(d)) comma ??= v.line;
    if (/\d\.\d{1,2}$|,\d{3}\.\d/.test(d)) point ??= v.line;
  }
  if (comma !== undefined && point !== undefined) {
    throw new BankFileError('card-csv', Math.max(comma, point), `amounts are written with a decimal comma (line ${comma}) and with a decimal point (line ${point}): the file mixes number formats`);
  }
  if (comma !== undefined) return ',';
  if (point !== undefined) return '.';
  return delimiter === ';' ? ',' : '.';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDate(y: number, m: number, d: number): string | undefined {
  const year = y < 100 ? 2000 + y : y;
  const t = new Date(Date.UTC(year, m - 1, d));
  if (year < 1970 || m < 1 || m > 12 || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return t.toISOString().slice(0, 10);
}

const NUMERIC_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[\sT,])/;

/** The calendar date as the file writes it (a time after it is ignored: exports state the date in their own zone). */
function readDate(raw: string, dayFirst: boolean): string | undefined {
  const s = raw.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?=$|[\sT])/.exec(s);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = NUMERIC_DATE.exec(s);
  if (m) return m[2] === '.' || dayFirst ? isoDate(+m[4]!, +m[3]!, +m[1]!) : isoDate(+m[4]!, +m[1]!, +m[3]!);
  m = /^(\d{1,2})[-\s]([A-Za-z]{3})[a-z]*\.?[-\s,]+(\d{4})(?=$|[\s,T:])/.exec(s);
  if (m && MONTHS.includes(m[2]!.toLowerCase())) return isoDate(+m[3]!, MONTHS.indexOf(m[2]!.toLowerCase()) + 1, +m[1]!);
  m = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?=$|[\s,])/.exec(s);
  if (m && MONTHS.includes(m[1]!.toLowerCase())) return isoDate(+m[3]!, MONTHS.indexOf(m[1]!.toLowerCase()) + 1, +m[2]!);
  return undefined;
}

/**
 * 03/04/2027 is day first when some date in the file has a first number over 12, month first when some
 * has a second number over 12, and month first (as US exports write it) when no date says.
 */
function dayFirstIn(values: { text: string; line: number }[]): boolean {
  let dayFirst: number | undefined;
  let monthFirst: number | undefined;
  for (const v of values) {
    const m = NUMERIC_DATE.exec(v.text.trim());
    if (!m || m[2] === '.' || (+m[1]! > 12 && +m[3]! > 12)) continue; // no order makes 31/31 a date: it fails when read
    if (+m[1]! > 12) dayFirst ??= v.line;
    if (+m[3]! > 12) monthFirst ??= v.line;
  }
  if (dayFirst !== undefined && monthFirst !== undefined) {
    throw new BankFileError('card-csv', Math.max(dayFirst, monthFirst), `dates are written day first (line ${dayFirst}) and month first (line ${monthFirst}): the file mixes date formats`);
  }
  return dayFirst !== undefined;
}

// ---- what a row is ----

const words = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_/-]+/g, ' ').toLowerCase().replace(/\s+/g, ' ').trim();
const NOT_MONEY_STATUS = /\b(?:fail(?:ed|ure)?|declined?|denied|void(?:ed)?|cancell?ed|expired?|blocked|incomplete|uncaptured|requires (?:payment method|action|confirmation|capture)|refused|rejected|error|unclaimed|abandoned|pending (?:capture|review)|authori[sz]ed)\b/;
const NOT_MONEY_TYPE = /^(?:void|(?:general )?authori[sz]ation(?: only)?|auth only|verify|verification|card verification)$/;
const SUCCESS_STATUS = /^(?:paid|succeeded|success|successful|completed?|settled|settled successfully|captured|approved|available|cleared)$/;

function kindOf(type: string, status: string): EntryKind {
  const t = words(type);
  if (/\bfees?\b|\bnetwork cost\b/.test(t)) return 'fee';
  if (/\b(?:hold|reserve|payout|transfer|withdrawal|conversion|top ?up|adjustment|deposit|bank)\b/.test(t)) return 'other';
  if (/\b(?:refund|chargeback|dispute|reversal|reversed|return)\b|^credit$/.test(t)) return 'return';
  if (!t && /^refund\b/.test(words(status))) return 'return'; // Authorize.net: "Refund Settled Successfully"
  if (!t || /\b(?:charge|payment|sale|capture|purchase|checkout|subscription|order)\b/.test(t)) return 'card';
  return 'other';
}

/** Why the row moved no money, or undefined when it did. */
function notMoney(type: string, status: string, balanceImpact: string): string | undefined {
  const s = words(status);
  if (NOT_MONEY_TYPE.test(words(type))) return `transaction type "${type}" moves no money`;
  if (words(balanceImpact) === 'memo') return 'its balance impact is "Memo": it does not change the balance';
  if (s && NOT_MONEY_STATUS.test(s) && !/could not void/.test(s)) return `status "${status}": the charge did not go through`;
  return undefined;
}

// ---- the file ----

export interface CardCsvOptions {
  /** The currency of a file that has no currency column and writes amounts with a bare "$". */
  currency?: string;
}

export function parseCardCsv(text: string, options: CardCsvOptions = {}): BankFile {
  const body = String(text ?? '').replace(/^\uFEFF/, '');
  if (!body.trim()) throw new BankFileError('card-csv', 0, 'the file is empty');
  const table = findTable(body);
  const { rows, headerAt, columns } = table;
  const header = rows[headerAt]!.cells;
  const cell = (cells: string[], kind: Kind): string => {
    for (const i of columns[kind] ?? []) if ((cells[i] ?? '').trim()) return cells[i]!.trim();
    return '';
  };
  const data = rows.slice(headerAt + 1).filter((r) => r.cells.some((c) => c !== ''));
  const amountTexts = data.flatMap((r) => (['amount', 'fee', 'net', 'refunded'] as Kind[]).map((k) => ({ text: cell(r.cells, k), line: r.line })));
  const mark = decimalMark(amountTexts, table.delimiter);
  const dayFirst = dayFirstIn(data.map((r) => ({ text: cell(r.cells, 'date'), line: r.line })));
  const fallbackCurrency = options.currency?.trim().toUpperCase();
  if (fallbackCurrency !== undefined && !ISO_CURRENCIES.has(fallbackCurrency)) throw new BankFileError('card-csv', 0, `"${options.currency}" is not an ISO 4217 currency code`);

  const currencyOf = (cells: string[], written: Written | undefined, line: number): string => {
    const stated = cell(cells, 'currency');
    if (stated) {
      const code = stated.toUpperCase();
      if (!ISO_CURRENCIES.has(code)) throw new BankFileError('card-csv', line, `currency "${stated}" is not an ISO 4217 currency code`);
      if (written?.currency && written.currency !== code) throw new BankFileError('card-csv', line, `the amount is written in ${written.currency} but the currency column says ${code}`);
      return code;
    }
    if (written?.currency) {
      if (!ISO_CURRENCIES.has(written.currency)) throw new BankFileError('card-csv', line, `currency "${written.currency}" is not an ISO 4217 currency code`);
      return written.currency;
    }
    if (fallbackCurrency) return fallbackCurrency;
    const shown = written?.symbol ? `amounts are written with "${written.symbol}", which several currencies use, and ` : '';
    throw new BankFileError('card-csv', line, `${shown}the row states no currency (no currency column${columns.currency ? ' value' : ''}): the currency is unknown`);
  };
  const minorOf = (raw: string, currency: string, what: string, line: number): number => {
    const written = splitAmount(raw);
    const plain = written && plainDecimal(written.digits, mark);
    if (!written || plain === undefined) throw new BankFileError('card-csv', line, `${what} "${raw}" is not an amount`);
    const converted = amountToMinor(`${written.negative ? '-' : ''}${plain}`, currency, what);
    if (!converted.ok) {
      const tooPrecise = /minor units/.test(converted.reason);
      throw new BankFileError('card-csv', line, tooPrecise ? `${what} "${raw}" has more decimals than ${currency} has (${minorDigits(currency)})` : converted.reason);
    }
    return converted.value;
  };
  const show = (minor: number, currency: string) => formatMoney({ amountMinor: minor, currency });

  const accounts = new Map<string, BankAccountReport>();
  const skipped: { location: string; reason: string }[] = [];
  const dates: string[] = [];
  const signedTotals = new Map<string, { money: number; all: number }>();

  for (const { cells, line } of data) {
    const location = `line ${line}`;
    const id = cell(cells, 'id');
    const amountText = cell(cells, 'amount');
    if (/^(?:grand\s+)?totals?\s*:?$/i.test(cells.find(Boolean) ?? '') && !readDate(cell(cells, 'date'), dayFirst)) {
      checkTotalsRow(cells, line);
      continue;
    }
    if (!amountText && (!id || !cell(cells, 'date'))) {
      // A note under the table ("Exported by …"): no amount, and no id or no date to make it a transaction.
      skipped.push({ location, reason: `not a transaction: no ${id ? 'date' : 'id'} and no amount ("${cells.filter(Boolean).join(', ').slice(0, 80)}")` });
      continue;
    }
    if (!id) throw new BankFileError('card-csv', line, `the row has an amount but no transaction id (column "${header[columns.id![0]!]}")`);
    const type = cell(cells, 'type');
    const status = cell(cells, 'status');
    const why = notMoney(type, status, cell(cells, 'balanceImpact'));
    if (why) {
      const date = readDate(cell(cells, 'date'), dayFirst);
      if (date) dates.push(date);
      skipped.push({ location, reason: `${id}: ${why}` });
      noteTotal(signedTotals, cells, amountText, line, false);
      continue;
    }
    if (!amountText) throw new BankFileError('card-csv', line, `${id}: no amount (column "${header[columns.amount![0]!]}")`);
    const written = splitAmount(amountText);
    const currency = currencyOf(cells, written, line);
    const gross = minorOf(amountText, currency, 'amount', line);
    const dateText = cell(cells, 'date');
    const bookedOn = readDate(dateText, dayFirst);
    if (!bookedOn) throw new BankFileError('card-csv', line, dateText ? `${id}: date "${dateText}" is not a date` : `${id}: no date (column "${header[columns.date![0]!]}")`);
    dates.push(bookedOn);
    noteTotal(signedTotals, cells, amountText, line, true);
    if (gross === 0) { skipped.push({ location, reason: `${id}: the amount is zero (a card check, not a payment)` }); continue; }

    const kind = kindOf(type, status);
    const refundLike = kind === 'return' && (/^(?:credit|refund)$|\brefund\b/.test(words(type)) || (!type && /^refund\b/.test(words(status))));
    const direction: BankEntry['direction'] = gross < 0 || (refundLike && !/reversal|cancel/.test(words(type))) ? 'debit' : 'credit';

    const memo: string[] = [];
    const description = cell(cells, 'description');
    if (description) memo.push(description);
    const feeCurrency = cell(cells, 'feeCurrency').toUpperCase() || currency;
    const feeText = cell(cells, 'fee');
    const fee = feeText ? minorOf(feeText, ISO_CURRENCIES.has(feeCurrency) ? feeCurrency : currency, 'fee', line) : undefined;
    if (fee) memo.push(`fee ${show(Math.abs(fee), feeCurrency)}`);
    const netText = cell(cells, 'net');
    if (netText) {
      const net = minorOf(netText, feeCurrency, 'net', line);
      // Stripe subtracts a positive fee; PayPal and Square add a negative one. Neither: the columns are not what they seem.
      if (feeCurrency === currency && net !== gross - (fee ?? 0) && net !== gross + (fee ?? 0)) {
        throw new BankFileError('card-csv', line, `${id}: net ${show(net, currency)} is not the amount ${show(gross, currency)} less the fee ${show(Math.abs(fee ?? 0), currency)}`);
      }
      memo.push(`net ${show(net, feeCurrency)}`);
    }
    const refundedText = cell(cells, 'refunded');
    const refunded = refundedText ? minorOf(refundedText, currency, 'amount refunded', line) : 0;
    if (refunded) memo.push(`refunded ${show(Math.abs(refunded), currency)}`);
    if (status && !SUCCESS_STATUS.test(words(status))) memo.push(`status ${status}`);
    const email = cell(cells, 'email');
    if (email) memo.push(`customer email ${email}`);
    const source = cell(cells, 'source');
    // Stripe's "Source" is the charge (ch_…) behind a balance row; Square's is a channel ("Point of Sale").
    if (source && source !== id && /^[\w-]+$/.test(source) && /[\d_]/.test(source)) memo.push(`refers to ${source}`);

    const entry: BankEntry = {
      direction,
      amountMinor: Math.abs(gross),
      currency,
      bookedOn,
      kind,
      typeCode: type || (direction === 'credit' ? 'charge' : 'refund'),
      bankRef: id,
      customerRef: id,
      payer: payerOf(cells, cell),
      remittance: remittanceOf(cells, columns, description),
      memo: memo.join('; '),
      location,
    };
    let account = accounts.get(currency);
    if (!account) {
      // A processor export does not name the merchant account: one report per currency, unnumbered.
      account = { accountNumber: '', currency, entries: [] };
      accounts.set(currency, account);
    }
    account.entries.push(entry);
  }

  function noteTotal(totals: typeof signedTotals, cells: string[], amountText: string, line: number, isMoney: boolean): void {
    if (!amountText) return;
    const written = splitAmount(amountText);
    let currency: string;
    try { currency = currencyOf(cells, written, line); } catch (err) { if (isMoney) throw err; return; }
    let minor: number;
    try { minor = minorOf(amountText, currency, 'amount', line); } catch (err) { if (isMoney) throw err; return; }
    const t = totals.get(currency) ?? { money: 0, all: 0 };
    if (isMoney) t.money += minor;
    t.all += minor;
    totals.set(currency, t);
  }

  /** A totals row must equal the rows above it (those that moved money, or all of them). */
  function checkTotalsRow(cells: string[], line: number): void {
    const amountText = cell(cells, 'amount');
    if (!amountText) return;
    const written = splitAmount(amountText);
    const statesCurrency = Boolean(cell(cells, 'currency') || written?.currency);
    const currency = !statesCurrency && signedTotals.size === 1 ? [...signedTotals.keys()][0]! : currencyOf(cells, written, line);
    const stated = minorOf(amountText, currency, 'total', line);
    const sums = signedTotals.get(currency) ?? { money: 0, all: 0 };
    if (stated !== sums.money && stated !== sums.all) {
      throw new BankFileError('card-csv', line, `the totals row says ${show(stated, currency)} but the transactions above add up to ${show(sums.money, currency)}`);
    }
  }

  if (dates.length === 0) throw new BankFileError('card-csv', 0, 'the file lists no transactions');
  const fileId = `sha256:${createHash('sha256').update(body).digest('hex').slice(0, 16)}`;
  const file: BankFile = {
    format: 'card-csv',
    // The export carries no identifier of its own; its content's digest names it (the same file, the same id).
    fileId,
    // Nor a creation date: the latest transaction date stands for it.
    createdOn: dates.reduce((a, b) => (b > a ? b : a)),
    accounts: [...accounts.values()],
  };
  if (skipped.length > 0) file.skipped = skipped;
  return file;
}

function payerOf(cells: string[], cell: (cells: string[], kind: Kind) => string): BankEntry['payer'] {
  const payer: BankEntry['payer'] = {};
  const name = cell(cells, 'name') || [cell(cells, 'firstName'), cell(cells, 'lastName')].filter(Boolean).join(' ');
  if (name) payer.name = name;
  const last4 = /(\d{4})$/.exec(cell(cells, 'last4'))?.[1] ?? /^[\sXx*•.-]*\d{0,6}[\sXx*•.-]+(\d{4})$|^(\d{4})$/.exec(cell(cells, 'cardNumber'))?.slice(1).find(Boolean);
  if (last4) payer.accountRef = last4;
  const customerNumber = cell(cells, 'customerNumber');
  if (customerNumber) payer.customerNumber = customerNumber;
  return payer;
}

/** Invoice columns may list several references ("INV-1001, INV-1002"); the description may name more. */
function remittanceOf(cells: string[], columns: Columns, description: string): RemittanceLine[] {
  const refs: string[] = [];
  for (const i of columns.invoice ?? []) {
    for (const token of (cells[i] ?? '').split(/[,;\s]+/)) {
      const ref = token.replace(/^#/, '').replace(/[.:]+$/, '');
      if (/\d/.test(ref)) refs.push(ref);
    }
  }
  if (description) refs.push(...findInvoiceRefs(description).map((r) => r.ref));
  // "INV-001300" in the invoice column and "invoice 1300" in the description are one reference.
  const key = (r: string) => { const m = /^(?:INV[-#/]?)?0*(\d+)$/i.exec(r); return m ? `INV ${m[1]}` : r.toUpperCase(); };
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(key(r)) && seen.add(key(r))).map((reference) => ({ reference }));
}
