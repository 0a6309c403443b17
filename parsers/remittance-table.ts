// The invoice table of a remittance advice, wherever it comes from: a spreadsheet's rows, a CSV, or
// the columns of an email or a PDF's text (cells separated by tabs, pipes or runs of spaces, placed by
// their position under the header). A header row names an invoice column and an amount column; rows
// below it are invoice lines until a total row (whose amount is the stated total) or the table ends.
import { parseAmountMinor } from '../domain/money.js';
import type { RemittanceLine } from '../domain/payment-documents.js';
import { overlap } from './layout-text.js';

export interface Cell { text: string; start: number; end: number }
/** A row of cells; `line` is the 1-based line or row number, for warnings. */
export interface Row { cells: Cell[]; line: number }

export type ColumnKind = 'reference' | 'paid' | 'invoiceAmount' | 'discount' | 'adjustment' | 'reason';
export interface Column { kind: ColumnKind | undefined; start: number; end: number; header: string }

const HEADERS: Record<ColumnKind, string[]> = {
  reference: ['invoice', 'invoice no', 'invoice number', 'invoice num', 'invoice nbr', 'invoice id', 'invoice ref', 'invoice reference', 'inv',
    'inv no', 'inv number', 'inv num', 'inv nbr', 'your invoice', 'your invoice no', 'your invoice number', 'your ref', 'your reference',
    'supplier invoice', 'supplier invoice no', 'supplier invoice number', 'vendor invoice', 'vendor invoice no', 'vendor invoice number',
    'bill', 'bill no', 'bill number', 'document', 'document no', 'document number', 'doc no', 'doc number', 'reference', 'ref', 'ref no',
    'reference no', 'reference number', 'invoice document', 'invoice or credit memo', 'invoice credit memo', 'document reference', 'invoices'],
  paid: ['paid', 'amount paid', 'paid amount', 'net', 'net amount', 'net paid', 'net amt', 'payment', 'payment amount', 'payment amt',
    'amount', 'amt', 'amount remitted', 'remitted', 'remitted amount', 'amount applied', 'applied', 'applied amount', 'paid amt', 'amt paid',
    'this payment', 'amount this payment', 'net payment', 'net pay amount', 'net amount paid', 'amount to pay', 'total paid', 'payment applied'],
  invoiceAmount: ['invoice amount', 'invoice amt', 'inv amount', 'inv amt', 'gross', 'gross amount', 'gross amt', 'original amount',
    'original amt', 'invoice total', 'amount due', 'document amount', 'invoice value', 'gross invoice amount', 'original invoice amount',
    'invoice gross', 'gross invoice', 'inv total'],
  discount: ['discount', 'disc', 'discount taken', 'discount amount', 'discount amt', 'disc amt', 'disc taken', 'cash discount', 'less discount',
    'early payment discount', 'terms discount', 'discounts'],
  adjustment: ['deduction', 'deductions', 'deduction amount', 'deduction amt', 'adjustment', 'adjustments', 'adjustment amount', 'adj', 'adj amt',
    'adj amount', 'short pay', 'short paid', 'short payment', 'withholding', 'other deductions', 'chargeback', 'chargebacks',
    'deductions adjustments', 'deduction adjustment', 'less deductions', 'other adjustments', 'write off'],
  reason: ['reason', 'reason code', 'deduction reason', 'adjustment reason', 'reason for deduction', 'comment', 'comments', 'remark',
    'remarks', 'explanation', 'deduction code', 'adj reason', 'note', 'notes'],
};
const KIND_OF = new Map<string, ColumnKind>(Object.entries(HEADERS).flatMap(([k, ws]) => ws.map((w) => [w, k as ColumnKind] as const)));
// Columns that are known but carry nothing we keep: they make a header row look like one.
const KNOWN_OTHER = /^(?:(?:invoice|inv|doc|document|due|posting|transaction)\s+)?date$|^(?:po|p o|purchase order|po number|po no|order|order no|description|desc|line|currency|curr|due date|terms)$/;

export function normalizeHeader(cell: string): string {
  return cell.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/\((?:[a-z]{3}|[$€£])\)|\bin [a-z]{3}\b|[$€£]/g, ' ') // "Amount (USD)", "Amount in EUR"
    .replace(/#/g, ' no ').replace(/&|\//g, ' ').replace(/[.:()[\]_*-]/g, ' ').replace(/\s+/g, ' ').trim()
    .replace(/ (?:usd|eur|gbp|cad|aud|chf|jpy)$/, '');
}

export function columnKind(header: string): ColumnKind | undefined {
  return KIND_OF.get(normalizeHeader(header));
}

/** Columns of a header row, or undefined when the row does not name an invoice column and an amount column. */
export function headerColumns(row: Row): Column[] | undefined {
  if (row.cells.length < 2) return undefined;
  const columns = row.cells.map((c) => ({ kind: columnKind(c.text), start: c.start, end: c.end, header: c.text }));
  const kinds = columns.map((c) => c.kind);
  if (!kinds.includes('reference') || !(kinds.includes('paid') || kinds.includes('invoiceAmount'))) return undefined;
  // Most header cells must be column names: a sentence split into cells is not a header.
  const named = columns.filter((c) => c.kind || KNOWN_OTHER.test(normalizeHeader(c.header))).length;
  if (named * 3 < columns.length * 2) return undefined;
  // One column per kind: the reference that names the invoice best (SAP prints its own "Document" number
  // beside the "Reference" that holds ours), and the rightmost amount paid (the net, after gross and discount).
  const refRank = (c: Column) => (/invoice|inv\b|bill/.test(normalizeHeader(c.header)) ? 3 : /ref/.test(normalizeHeader(c.header)) ? 2 : 1);
  const refs = columns.filter((c) => c.kind === 'reference');
  const bestRef = refs.reduce((a, b) => (refRank(b) > refRank(a) ? b : a));
  for (const c of refs) if (c !== bestRef) c.kind = undefined;
  for (const kind of ['paid', 'invoiceAmount', 'discount', 'adjustment', 'reason'] as const) {
    const at = columns.map((c) => c.kind).lastIndexOf(kind);
    columns.forEach((c, i) => { if (c.kind === kind && i !== at) c.kind = undefined; });
  }
  return columns;
}

/**
 * A header printed over two lines ("Invoice   Gross    Net" above "Number    Amount   Amount"): the cells
 * of the second line joined to the cells of the first they sit under.
 */
export function mergeHeaderRows(first: Row, second: Row): Row {
  const cells = first.cells.map((c) => ({ ...c }));
  for (const c of second.cells) {
    const under = cells.map((f, i) => ({ i, o: overlap(f, c) })).filter((x) => x.o > 0).sort((a, b) => b.o - a.o)[0];
    if (under) {
      const f = cells[under.i]!;
      f.text = `${f.text} ${c.text}`;
      f.start = Math.min(f.start, c.start);
      f.end = Math.max(f.end, c.end);
    } else cells.push({ ...c });
  }
  cells.sort((a, b) => a.start - b.start);
  return { cells, line: first.line };
}

/** Each cell of a row placed in the column it sits under (most overlap, else the nearest). */
export function placeCells(row: Row, columns: Column[]): string[] {
  const values = columns.map(() => '');
  for (const cell of row.cells) {
    let best = -1;
    let bestScore = -Infinity;
    columns.forEach((col, i) => {
      const o = overlap(cell, col);
      const gap = o > 0 ? 0 : Math.min(Math.abs(cell.start - col.end), Math.abs(col.start - cell.end));
      const score = o > 0 ? o : -gap;
      if (score > bestScore) { bestScore = score; best = i; }
    });
    if (best >= 0) values[best] = values[best] ? `${values[best]} ${cell.text}` : cell.text;
  }
  return values;
}

const TOTAL_ROW = /^(?:grand\s+)?totals?\b|^(?:sum|summe)\b|^(?:payment|check|cheque|remittance|invoice)\s+totals?\b|^total\s+(?:paid|amount|payment|remitted|net)\b/i;
const COLUMN_SUMMARY_ROW = /^totals?\s+(?:of\s+)?(?:discounts?|deductions?|adjustments?|gross|invoices?|invoiced|items?|lines?|count|number)\b/i;
const SUBTOTAL_ROW = /^sub-?\s*totals?\b/i;
const PAGE_ROW = /^(?:page|seite|p\.)\s*\d+(?:\s*(?:of|\/|von)\s*\d+)?$|^(?:continued|\(continued\)|cont'd)$/i;
const SEPARATOR_ROW = /^[-=_*+|.:\s]+$/;

export interface TableRead {
  lines: RemittanceLine[];
  /** The amount of the table's total row, when it has one. */
  statedTotal?: number;
  warnings: string[];
  /** False when a row could not be read whole. */
  reliable: boolean;
  /** Index (into the rows given) of the last row the table used. */
  lastRow: number;
}

function amountIn(text: string, currency: string): number | undefined | 'unreadable' {
  const t = text.replace(new RegExp(`\\b${currency}\\b`, 'gi'), '').trim();
  if (!t || /^[-–—]$/.test(t)) return undefined;
  const minor = parseAmountMinor(t, currency);
  return minor === undefined ? 'unreadable' : minor;
}

/**
 * The total row's amount: under the paid column; with no paid column, the invoice total less what was
 * taken off; or the row's only amount when it sits apart from the columns.
 */
function totalOf(values: string[], texts: string[], columns: Column[], currency: string): number | undefined {
  const cell = (kind: ColumnKind) => {
    const i = columns.findIndex((c) => c.kind === kind);
    const a = i >= 0 ? amountIn(values[i]!, currency) : undefined;
    return typeof a === 'number' ? a : undefined;
  };
  const paid = cell('paid');
  if (paid !== undefined) return paid;
  const gross = cell('invoiceAmount');
  if (!columns.some((c) => c.kind === 'paid') && gross !== undefined) return gross - Math.abs(cell('discount') ?? 0) - Math.abs(cell('adjustment') ?? 0);
  const amounts = texts.map((t) => amountIn(t.replace(TOTAL_ROW, '').replace(/^\s*:/, ''), currency)).filter((a): a is number => typeof a === 'number');
  return amounts.length === 1 ? amounts[0] : undefined;
}

/** Reads the rows under a header until a total row or a row that is not an invoice line. */
export function readTable(rows: Row[], headerAt: number, columns: Column[], currency: string): TableRead {
  const out: TableRead = { lines: [], warnings: [], reliable: true, lastRow: headerAt };
  const at = (kind: ColumnKind) => columns.findIndex((c) => c.kind === kind);
  const amountKinds = (['paid', 'invoiceAmount', 'discount', 'adjustment'] as const).filter((k) => at(k) >= 0);
  const lineAmounts: boolean[] = [];
  for (let r = headerAt + 1; r < rows.length; r++) {
    const row = rows[r]!;
    const texts = row.cells.map((c) => c.text.trim()).filter(Boolean);
    if (texts.length === 0 || texts.every((t) => SEPARATOR_ROW.test(t))) continue;
    const values = placeCells(row, columns);
    const first = texts[0]!;
    if (COLUMN_SUMMARY_ROW.test(first)) { out.lastRow = r; continue; } // "Total discount": not what was paid
    if (TOTAL_ROW.test(first) || TOTAL_ROW.test(values[at('reference')] ?? '')) {
      const total = totalOf(values, texts, columns, currency);
      if (total !== undefined) out.statedTotal = total;
      else { out.warnings.push(`line ${row.line}: the total row's amount cannot be read ("${texts.join(' ')}")`); out.reliable = false; }
      out.lastRow = r;
      break;
    }
    if (SUBTOTAL_ROW.test(first)) { out.lastRow = r; continue; } // derived from the lines above
    // A page break repeats the header and prints the page number: the table goes on.
    if (PAGE_ROW.test(texts.join(' '))) { out.lastRow = r; continue; }
    if (headerColumns(row)) {
      if (out.lines.length === 0) break; // the header above had no lines under it: this one is the table's
      out.lastRow = r;
      continue;
    }
    const reference = (values[at('reference')] ?? '').replace(/^#\s*/, '').trim();
    const amounts = new Map<ColumnKind, number>();
    const unreadable: string[] = [];
    for (const kind of amountKinds) {
      const a = amountIn(values[at(kind)]!, currency);
      if (a === 'unreadable') unreadable.push(values[at(kind)]!);
      else if (a !== undefined) amounts.set(kind, a);
    }
    // A reference is a short code ("INV-000123", "PO 4500 / 88"), not a sentence that has run under the column.
    const hasReference = /\d/.test(reference) && reference.length <= 40 && reference.split(/\s+/).length <= 3;
    if (!hasReference) {
      if (amounts.size === 0 || reference.split(/\s+/).length > 3) break; // prose or a footer: the table has ended
      out.warnings.push(`line ${row.line}: amounts without an invoice reference ("${texts.join(' ')}")`);
      out.reliable = false;
      out.lastRow = r;
      continue;
    }
    if (unreadable.length > 0) {
      out.warnings.push(`line ${row.line}: ${reference}: cannot read the amount "${unreadable.join('", "')}"`);
      out.reliable = false;
    }
    const line: RemittanceLine = { reference };
    const invoiceAmount = amounts.get('invoiceAmount');
    const discount = amounts.has('discount') ? Math.abs(amounts.get('discount')!) : undefined;
    const adjustment = amounts.has('adjustment') ? Math.abs(amounts.get('adjustment')!) : undefined;
    let paid = amounts.get('paid');
    // Without a paid column, what is paid is the invoice less what the payer took off, exactly.
    if (paid === undefined && at('paid') < 0 && invoiceAmount !== undefined && unreadable.length === 0) paid = invoiceAmount - (discount ?? 0) - (adjustment ?? 0);
    if (paid !== undefined) line.paidMinor = paid;
    if (invoiceAmount !== undefined) line.invoiceAmountMinor = invoiceAmount;
    if (discount) line.discountMinor = discount;
    if (adjustment) line.adjustmentMinor = adjustment;
    const reason = at('reason') >= 0 ? values[at('reason')]!.trim() : '';
    if (reason) line.adjustmentReason = reason;
    out.lines.push(line);
    lineAmounts.push(paid !== undefined);
    out.lastRow = r;
  }
  // Some lines with an amount and some without: the ones without were not read.
  if (lineAmounts.includes(true) && lineAmounts.includes(false)) {
    const missing = out.lines.filter((l) => l.paidMinor === undefined).map((l) => l.reference);
    out.warnings.push(`no amount paid for ${missing.join(', ')}`);
    out.reliable = false;
  }
  return out;
}
