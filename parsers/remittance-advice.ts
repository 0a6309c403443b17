// Remittance advice as payers send it: an email body or a PDF's text (SAP/Oracle "Payment Advice"
// tables, bill.com and Coupa notices, bank remittance reports, a two-line note), a sheet's rows, or a
// CSV/XLSX file. Each becomes a RemittanceAdvice: who paid, how, the payment's reference, date and
// total, and the invoices it covers with what was paid, discounted and deducted.
//
// Trust: amounts read from a table under column headings, or from labelled fields, are exact. Amounts
// tied to invoices from running text ("INV-1001 for $2,000 and INV-1002 for $2,500") are a guess, and
// lines listed without headings count only when a stated total confirms them. A guess, a line that
// cannot be read, or lines that do not add up to the stated total make `amountsReliable` false with a
// warning saying why. The readers never throw: what they cannot read becomes a warning.
import { minorDigits, parseAmountMinor } from '../domain/money.js';
import type { Payer, PaymentMethod, RemittanceAdvice, RemittanceLine } from '../domain/payment-documents.js';
import { overlap } from './layout-text.js';
import {
  COMMON_CURRENCIES, dateIn, type Field, findInvoiceRefs, findMoney, type FoundMoney, type FoundRef, matchLabel, methodFromLabel,
  methodFromWords, methodInText, paymentRefInText, readDate,
} from './remittance-fields.js';
import { csvLines, type Line, sheetLines, textLines, workbookLines } from './remittance-sources.js';
import { type Column, headerColumns, mergeHeaderRows, readTable, type Row, type TableRead } from './remittance-table.js';
import { decodeText } from './structured-values.js';

/** An email body or a PDF's text (HTML bodies are turned into text first). */
export function readRemittanceText(text: string, currency?: string): RemittanceAdvice {
  return safely(currency, () => readLines(textLines(String(text ?? '')), currency));
}

/** A sheet's rows as text, top to bottom (what a spreadsheet or CSV holds). */
export function readRemittanceSheet(rows: string[][], currency?: string): RemittanceAdvice {
  return safely(currency, () => readLines(sheetLines(rows), currency));
}

/** A CSV, XLSX or XLS file: the first sheet with an invoice table (or the first sheet). */
export function readRemittanceSpreadsheet(bytes: Buffer, filename: string, currency?: string): RemittanceAdvice {
  return safely(currency, () => {
    const name = filename || 'the file';
    if (!bytes || bytes.length === 0) return unreadable(currency, `${name} is empty`);
    const head = bytes.subarray(0, 8).toString('latin1');
    if (head.startsWith('%PDF')) return unreadable(currency, `${name} is a PDF, not a spreadsheet: its text is read as an email or PDF advice`);
    if (/\.(?:xlsx|xlsm|xlsb|xls|ods)$/i.test(name) || head.startsWith('PK\u0003\u0004') || head.startsWith('\u00d0\u00cf\u0011\u00e0')) {
      const book = workbookLines(bytes, minorDigits(validCurrency(currency) ?? 'USD'));
      return 'problem' in book ? unreadable(currency, `${name} ${book.problem}`) : readLines(book.lines, currency);
    }
    const text = decodeText(bytes);
    if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 4096).replace(/\u001a$/, ''))) return unreadable(currency, `${name} is not text and not a workbook this reader knows`);
    return readLines(csvLines(text) ?? textLines(text), currency);
  });
}

// ---- reading ----

interface Found { payer: Payer; method?: PaymentMethod; paymentRef?: string; paidOn?: string; total?: number; weakTotal?: number; weakDate?: string }
/** What a step read, and the doubts it has about the amounts. */
interface Doubts { warnings: string[]; reliable: boolean }

function readLines(lines: Line[], requested: string | undefined): RemittanceAdvice {
  const doubts: Doubts = { warnings: [], reliable: true };
  const currency = resolveCurrency(requested, lines, doubts.warnings);
  const tables = readTables(lines, currency, doubts);

  // Labelled fields outside the tables ("Check No: 10234"), but not a forwarded email's own headers.
  const found: Found = { payer: {} };
  const fieldLines = new Set<number>();
  const mailHeaders = forwardedHeaders(lines);
  lines.forEach((l, i) => { if (!tables.rows.has(i) && !mailHeaders.has(i) && readFields(l.row, found, currency)) fieldLines.add(i); });

  // Lines listing one invoice and its amount, without column headings.
  const listed: { line: RemittanceLine; several: boolean; at: number }[] = [];
  lines.forEach((l, i) => {
    if (tables.rows.has(i) || fieldLines.has(i)) return;
    const item = listedLine(l, currency);
    if (item) listed.push({ ...item, at: i });
  });

  // Running text: references, amounts, and the payment's reference, method and date where no field gave them.
  const outside = (i: number) => !tables.rows.has(i) && !listed.some((l) => l.at === i);
  const prose = lines.filter((_, i) => outside(i)).map((l) => l.text).join('\n');
  const money = findMoney(lines.filter((_, i) => outside(i) && !fieldLines.has(i)).map((l) => l.text).join('\n'), currency);
  noteOtherCurrencies(money, currency, doubts);
  if (!found.paymentRef) {
    const ref = paymentRefInText(prose);
    if (ref) { found.paymentRef = ref.ref; found.method ??= ref.method; }
  }
  found.method ??= methodInText(prose);
  found.paidOn ??= found.weakDate ?? datedInText(prose);

  let adviceLines = tables.lines;
  let proseTotal: number | undefined;
  if (tables.lines.length > 0) {
    const outsideTable = listed.filter((l) => !tables.lines.some((t) => t.reference.toUpperCase() === l.line.reference.toUpperCase()));
    if (outsideTable.length > 0) {
      doubts.warnings.push(`${outsideTable.map((l) => l.line.reference).join(', ')} ${outsideTable.length === 1 ? 'is' : 'are'} listed with an amount outside the invoice table`);
      doubts.reliable = false;
    }
    // Mentioned in the text but not in the table: perhaps paid before, perhaps forgotten; a person may look.
    const mentioned = findInvoiceRefs(prose).filter((r) => !tables.lines.some((t) => t.reference.toUpperCase() === r.ref.toUpperCase()));
    if (mentioned.length > 0) doubts.warnings.push(`the text also mentions ${mentioned.map((r) => r.ref).join(', ')}, which the invoice table does not list`);
  } else if (listed.length > 0) {
    adviceLines = listed.map((l) => l.line);
    proseTotal = statedInText(money);
    if (listed.some((l) => l.several)) {
      doubts.warnings.push('lines list several amounts without column headings: the last one on each line was taken as paid');
      doubts.reliable = false;
    }
  } else {
    ({ lines: adviceLines, total: proseTotal } = linesFromText(findInvoiceRefs(prose), money, doubts));
  }
  adviceLines = dedupe(adviceLines);

  // The total: labelled, else the table's total row, else what the text says.
  const statedTotals = [...new Set([found.total, ...tables.totals].filter((t): t is number => t !== undefined))];
  if (statedTotals.length > 1) {
    doubts.warnings.push(`the advice states different totals: ${statedTotals.map((t) => show(t, currency)).join(' and ')}`);
    doubts.reliable = false;
  }
  const total = found.total ?? tables.totals[0] ?? found.weakTotal ?? proseTotal;
  if (adviceLines.length > 0 && total !== undefined && adviceLines.every((l) => l.paidMinor !== undefined)) {
    const sum = adviceLines.reduce((s, l) => s + l.paidMinor!, 0);
    if (sum !== total) {
      doubts.warnings.push(`the lines add up to ${show(sum, currency)}, but the advice states a total of ${show(total, currency)}`);
      doubts.reliable = false;
    }
  }
  if (tables.lines.length === 0 && listed.length > 0 && doubts.reliable && total === undefined) {
    doubts.warnings.push('invoice amounts are listed without column headings and no stated total confirms them');
    doubts.reliable = false;
  }

  const advice: RemittanceAdvice = { payer: found.payer, currency, lines: adviceLines, amountsReliable: doubts.reliable, warnings: doubts.warnings };
  if (found.method) advice.method = found.method;
  if (found.paymentRef) advice.paymentRef = found.paymentRef;
  if (found.paidOn) advice.paidOn = found.paidOn;
  if (total !== undefined) advice.totalMinor = total;
  return advice;
}

/** Every invoice table in the rows (a page break may start another), with the rows they take. */
function readTables(lines: Line[], currency: string, doubts: Doubts): { lines: RemittanceLine[]; totals: number[]; rows: Set<number> } {
  const out = { lines: [] as RemittanceLine[], totals: [] as number[], rows: new Set<number>() };
  const rows = lines.map((l) => l.row);
  for (let i = 0; i < rows.length; i++) {
    const table = tableAt(rows, i, currency);
    if (!table) continue;
    for (let k = i; k <= table.lastRow; k++) out.rows.add(k);
    out.lines.push(...table.lines);
    if (table.statedTotal !== undefined) out.totals.push(table.statedTotal);
    doubts.warnings.push(...table.warnings);
    if (!table.reliable) doubts.reliable = false;
    i = table.lastRow;
  }
  return out;
}

/**
 * Lines from running text: the references, with amounts when each sits beside its own (a guess, so
 * unreliable), and the total the text states.
 */
function linesFromText(refs: FoundRef[], money: FoundMoney[], doubts: Doubts): { lines: RemittanceLine[]; total?: number } {
  const tied = tieAmounts(refs, money.filter((m) => !m.isTotal));
  if (tied) {
    doubts.warnings.push('the amounts for each invoice were read from running text');
    doubts.reliable = false;
    return { lines: tied.lines, total: singleValue(money.filter((m) => m.isTotal)) ?? singleValue(tied.unpaired) };
  }
  const total = statedInText(money);
  if (total === undefined && money.length > 0) {
    doubts.warnings.push(`the text states ${money.length} amounts that cannot be tied to invoices or read as the total`);
    doubts.reliable = false;
  }
  return { lines: refs.map((r) => ({ reference: r.ref })), total };
}

/** The total a text states: the one amount said to be a total, or its only amount. */
function statedInText(money: FoundMoney[]): number | undefined {
  const totals = money.filter((m) => m.isTotal);
  return singleValue(totals.length > 0 ? totals : money);
}

/**
 * The invoice table whose header is at row i: a header printed over two lines ("Invoice  Gross" above
 * "Number   Amount", the second line's words under the first's) is tried first, then the one line.
 */
function tableAt(rows: Row[], i: number, currency: string): TableRead | undefined {
  const row = rows[i]!;
  const next = rows[i + 1];
  const candidates: { columns: Column[] | undefined; headerAt: number }[] = [];
  if (next && row.cells.length >= 2 && next.cells.length > 0 && next.cells.every((c) => !/\d/.test(c.text) && row.cells.some((h) => overlap(h, c) > 0))) {
    candidates.push({ columns: headerColumns(mergeHeaderRows(row, next)), headerAt: i + 1 });
  }
  candidates.push({ columns: headerColumns(row), headerAt: i });
  for (const { columns, headerAt } of candidates) {
    if (!columns) continue;
    const table = readTable(rows, headerAt, columns, currency);
    if (table.lines.length > 0 || table.statedTotal !== undefined) return table;
  }
  return undefined;
}

const MAIL_HEADER = /^\*?(?:from|to|cc|sent|date|subject)\s*:/i;

/** The From/Sent/Date/Subject block of a forwarded or quoted email: its "Date:" is when the mail went, not the payment. */
function forwardedHeaders(lines: Line[]): Set<number> {
  const at = lines.map((l, i) => (MAIL_HEADER.test(l.text) ? i : -1)).filter((i) => i >= 0);
  return new Set(at.filter((i) => at.some((j) => j !== i && Math.abs(j - i) <= 3)));
}

/** Fills what a row's labelled cells say; true when the row was such a field row. */
function readFields(row: Row, found: Found, currency: string): boolean {
  let any = false;
  const cells = row.cells;
  for (let c = 0; c < cells.length; c++) {
    const m = matchLabel(cells[c]!.text);
    if (!m) continue;
    let value = m.value;
    let separated = m.separated;
    if (!value && cells[c + 1] && !matchLabel(cells[c + 1]!.text)) { value = cells[c + 1]!.text.trim(); separated = true; c++; }
    if (!value) continue;
    if (applyField(m.field, m.label, value, separated, found, currency)) any = true;
  }
  return any;
}

const GENERIC_REF_LABEL = /^(?:reference|reference number|reference no\.?|ref\.?|ref no\.?|ref #|document number|transaction reference)$/;
const WEAK_TOTAL_LABEL = /^(?:amount|sum)$/;

function applyField(field: Field, label: string, value: string, separated: boolean, found: Found, currency: string): boolean {
  switch (field) {
    case 'payer': {
      if (!separated || !/\p{L}/u.test(value) || found.payer.name) return false;
      found.payer.name = value.replace(/\s{2,}.*$/, '').trim();
      return true;
    }
    case 'customerNumber': {
      const id = /[A-Za-z0-9][\w-]*\d[\w-]*|\d[\w-]*/.exec(value)?.[0];
      if (!id || found.payer.customerNumber) return false;
      found.payer.customerNumber = id;
      return true;
    }
    case 'paymentRef': {
      // "Reference: INV-1001, INV-1002" names invoices, not the payment.
      if (GENERIC_REF_LABEL.test(label) && findInvoiceRefs(value).some((r) => /^(?:inv|cm)/i.test(r.ref))) return false;
      const id = value.split(/\s+/).map((t) => t.replace(/^[#:]+|[.,;:]+$/g, '')).find((t) => /\d/.test(t) && /^[\w/-]+$/.test(t));
      if (!id || found.paymentRef) return false;
      found.paymentRef = id;
      found.method ??= methodFromLabel(label);
      return true;
    }
    case 'paidOn': {
      const date = readDate(value) ?? dateIn(value);
      if (!date) return false;
      if (label === 'date') found.weakDate ??= date;
      else found.paidOn ??= date;
      return true;
    }
    case 'total': {
      const amount = amountOf(value, currency);
      if (amount === undefined) return false;
      if (WEAK_TOTAL_LABEL.test(label)) found.weakTotal ??= amount;
      else found.total ??= amount;
      return true;
    }
    case 'method': {
      const method = methodFromWords(value);
      if (!method) return false;
      found.method = method;
      return true;
    }
    case 'currency':
      return validCurrency(value) !== undefined;
  }
}

function amountOf(value: string, currency: string): number | undefined {
  const direct = parseAmountMinor(value.replace(new RegExp(`\\b${currency}\\b`, 'g'), ''), currency);
  if (direct !== undefined) return direct;
  return findMoney(value, currency)[0]?.minor;
}

const PROSE_WORD = /\b(?:please|apply|applied|paying|pay|paid|payment|check|cheque|remit\w*|cover\w*|for|to|and|of|is|are|was|were|will|the|we|our|your|total|balance|short|less|credit|debit|trace|wire|ach)\b/i;
const AMOUNT_CELL = /^[(-]?\s*(?:[A-Z]{3}\s?|[$€£¥])?\s*-?\d[\d,.'\u00a0]*\s?(?:[A-Z]{3}|€)?\s*[)-]?$/;

/** "INV-1001   $2,000.00" or "Invoice 1002 - 2,500.00": one invoice and its amount, and little else. */
function listedLine(l: Line, currency: string): { line: RemittanceLine; several: boolean } | undefined {
  const refs = findInvoiceRefs(l.text);
  if (refs.length !== 1) return undefined;
  const amounts = lineAmounts(l, currency);
  if (amounts.length === 0) return undefined;
  const ref = refs[0]!;
  let rest = l.text.slice(0, ref.index) + ' ' + l.text.slice(ref.end);
  for (const c of l.row.cells) if (AMOUNT_CELL.test(c.text.trim())) rest = rest.replace(c.text, ' ');
  rest = rest.replace(/[$€£]?\s?\d[\d,./-]*\s?(?:[A-Z]{3})?/g, ' ');
  if (PROSE_WORD.test(rest) || rest.replace(/\b(?:invoices?|inv|no|number|amount|amt|date|due|dated)\b|[#:.\-–|()]/gi, ' ').trim().split(/\s+/).filter(Boolean).length > 3) return undefined;
  return { line: { reference: ref.ref, paidMinor: amounts[amounts.length - 1]! }, several: amounts.length > 1 };
}

function lineAmounts(l: Line, currency: string): number[] {
  const fromCells = l.row.cells.map((c) => c.text.trim())
    .filter((t) => AMOUNT_CELL.test(t) && (/[$€£¥]|\b[A-Z]{3}\b/.test(t) || new RegExp(`[.,]\\d{${Math.max(1, minorDigits(currency))}}\\)?-?$`).test(t)) && !/^\d{1,2}[./]\d{1,2}[./]\d{2,4}$/.test(t))
    .map((t) => parseAmountMinor(t, currency)).filter((a): a is number => a !== undefined);
  if (fromCells.length > 0) return fromCells;
  return findMoney(l.text, currency).map((m) => m.minor);
}

/**
 * Amounts tied to the references around them: each reference followed by exactly one amount before the
 * next reference ("INV-1001 for $2,000.00 and INV-1002 for $2,500.00"), or each preceded by one.
 */
function tieAmounts(refs: FoundRef[], money: FoundMoney[]): { lines: RemittanceLine[]; unpaired: FoundMoney[] } | undefined {
  if (refs.length === 0 || money.length === 0) return undefined;
  const tryDirection = (forward: boolean) => {
    const used = new Set<FoundMoney>();
    const lines: RemittanceLine[] = [];
    for (let i = 0; i < refs.length; i++) {
      const from = forward ? refs[i]!.end : (refs[i - 1]?.end ?? 0);
      const to = forward ? (refs[i + 1]?.index ?? Infinity) : refs[i]!.index;
      const inside = money.filter((m) => m.index >= from && m.end <= to && (!forward || i + 1 < refs.length || m.index - from < 80));
      if (inside.length !== 1) return undefined;
      used.add(inside[0]!);
      lines.push({ reference: refs[i]!.ref, paidMinor: inside[0]!.minor });
    }
    return { lines, unpaired: money.filter((m) => !used.has(m)) };
  };
  return tryDirection(true) ?? tryDirection(false);
}

function singleValue(money: FoundMoney[]): number | undefined {
  const values = [...new Set(money.map((m) => m.minor))];
  return values.length === 1 ? values[0] : undefined;
}

/** "sent … on 04/10/2027", "paid March 3, 2027": a date written shortly after a word saying the payment went. */
function datedInText(text: string): string | undefined {
  // "Sent: Tuesday, April 6, 2027" heads a forwarded email: when the mail went, not the payment.
  for (const m of text.matchAll(/\b(?:sent|paid|issued|mailed|dated|initiated|released|made|deposited|scheduled|processed)\b(?!\s*:)/gi)) {
    const date = dateIn(text.slice(m.index, m.index + 60).split(/[.!?](?:\s|$)|\n/)[0]!);
    if (date) return date;
  }
  return undefined;
}

function dedupe(lines: RemittanceLine[]): RemittanceLine[] {
  const seen = new Set<string>();
  const out: RemittanceLine[] = [];
  for (const l of lines) {
    const key = `${l.reference.toUpperCase()}|${l.paidMinor ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(l);
  }
  return out;
}

// ---- currency ----

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function validCurrency(code: string | undefined): string | undefined {
  const c = (code ?? '').trim().toUpperCase();
  return ISO_CURRENCIES.has(c) ? c : undefined;
}

/** The caller's currency; else the one the advice names (a Currency field, a column heading, codes by amounts, €, £ or ¥); else USD. */
function resolveCurrency(requested: string | undefined, lines: Line[], warnings: string[]): string {
  if (requested !== undefined) {
    const valid = validCurrency(requested);
    if (valid) return valid;
    warnings.push(`"${requested}" is not a currency code; the currency was read from the advice`);
  }
  for (const l of lines) {
    for (let c = 0; c < l.row.cells.length; c++) {
      const m = matchLabel(l.row.cells[c]!.text);
      if (m?.field !== 'currency') continue;
      const code = validCurrency(m.value.split(/\s+/)[0]) ?? validCurrency(l.row.cells[c + 1]?.text);
      if (code) return code;
    }
  }
  for (const l of lines) {
    for (const cell of l.row.cells) {
      const m = /\(([A-Za-z]{3})\)|\bin ([A-Za-z]{3})$|^(?:amount|net|paid|gross|total)\w*\s+([A-Z]{3})$/i.exec(cell.text.trim());
      const code = m && validCurrency(m[1] ?? m[2] ?? m[3]);
      if (code && COMMON_CURRENCIES.has(code)) return code;
    }
  }
  const text = lines.map((l) => l.text).join('\n');
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/\b([A-Z]{3})\s?[\d(-]|\d\s?([A-Z]{3})\b/g)) {
    const code = (m[1] ?? m[2])!;
    if (COMMON_CURRENCIES.has(code)) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (byCount[0]) return byCount[0][0];
  if (/€/.test(text)) return 'EUR';
  if (/£/.test(text)) return 'GBP';
  if (/¥/.test(text)) return 'JPY';
  return 'USD';
}

function noteOtherCurrencies(money: FoundMoney[], currency: string, doubts: Doubts): void {
  const others = [...new Set(money.map((m) => m.currency).filter((c): c is string => c !== undefined && c !== currency))];
  if (others.length === 0) return;
  doubts.warnings.push(`amounts are also written in ${others.join(', ')}, not only ${currency}`);
  doubts.reliable = false;
}

// ---- results ----

function show(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const abs = Math.abs(minor).toString().padStart(digits + 1, '0');
  const text = digits > 0 ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs;
  return `${minor < 0 ? '-' : ''}${text} ${currency}`;
}

function unreadable(currency: string | undefined, why: string): RemittanceAdvice {
  return { payer: {}, currency: validCurrency(currency) ?? 'USD', lines: [], amountsReliable: false, warnings: [why] };
}

/** A reader's own defect must not stop the payment it describes from being handled: it becomes a warning. */
function safely(currency: string | undefined, read: () => RemittanceAdvice): RemittanceAdvice {
  try {
    return read();
  } catch (err) {
    return unreadable(currency, `the advice could not be read: the reader failed unexpectedly (${(err as Error)?.message ?? String(err)})`);
  }
}
