// The remittance stub of a check voucher: a table of the invoices the check pays, one per row
// (invoice number, its date, its amount, the discount taken, the net paid), usually closed by a total
// row. The table is found by its header; each row's figures go to the header's columns by order when
// every column has one, else by where they sit under the headers. Rows that do not add up (amount less
// discount is not the net), and totals that are not the sum of the rows, are reported, not mended.
import type { RemittanceLine } from '../domain/payment-documents.js';
import { formatMoney, parseAmountMinor } from '../domain/money.js';
import { cellsOf, DATE_PATTERN } from './layout-text.js';

type Role = 'reference' | 'date' | 'amount' | 'discount' | 'adjustment' | 'paid' | 'reason';
const AMOUNT_ROLES: Role[] = ['amount', 'discount', 'adjustment', 'paid'];

interface Column { role: Role; start: number; end: number }

export interface StubReading {
  lines: RemittanceLine[];
  warnings: string[];
  /** False when a row or the total row does not add up, or a row could not be read. */
  consistent: boolean;
  /** What the stub says was paid: its total row's net column, else the sum of its rows' net amounts. */
  paidTotalMinor?: number;
  /** Indexes of the header and of the last line read, to tell the stub from the check around it. */
  headerIndex: number;
  endIndex: number;
}

/** Which column a header cell names. Order matters: "Invoice Date" is a date, "Amount Paid" the net. */
function roleOf(header: string): Role | undefined {
  const t = header.toLowerCase();
  if (/\bche(ck|que)\b/.test(t)) return undefined; // "Check No.", "Check Amount": the check's own heading
  if (/\bdate\b|\bdated\b/.test(t)) return 'date';
  if (/disc/.test(t)) return 'discount';
  if (/adj|deduct|short|withh|chargeback/.test(t)) return 'adjustment';
  if (/\bnet\b|paid|payment|remit/.test(t)) return 'paid';
  if (/amount|\bamt\b|gross|\btotal\b|balance|\bdue\b/.test(t)) return 'amount';
  if (/invoice|\binv\b|\binv\.|\bref|document|\bdoc\b|number|\bno\.?$|#|voucher|bill/.test(t)) return 'reference';
  if (/reason|code|description|comment|remark/.test(t)) return 'reason';
  return undefined;
}

function headerColumns(line: string): Column[] | undefined {
  const columns: Column[] = [];
  for (const cell of cellsOf(line)) {
    const role = roleOf(cell.text);
    if (!role) continue;
    columns.push({ role, start: cell.start, end: cell.end });
  }
  const has = (r: Role) => columns.some((c) => c.role === r);
  if (!has('reference') || !AMOUNT_ROLES.some(has) || columns.length < 2) return undefined;
  // No reference column may repeat: a second "Invoice…" heading means this row is not a header.
  if (columns.filter((c) => c.role === 'reference').length > 1) return undefined;
  return columns;
}

interface Token { text: string; start: number; end: number }

function tokensOf(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** "1,250.00", "(30.00)", "-30.00", "30.00-", "$415.00", with an O read for a zero. */
function amountOf(token: string, currency: string): number | undefined {
  const t = token.replace(/[oO](?=[\d.,oO]*\)?-?$)/g, '0').replace(/^[|:]+|[|:]+$/g, '');
  if (!/^[($-]*\$?\d{1,3}(?:,\d{3})*[.]\d{2}-?\)?$|^[($-]*\$?\d+[.]\d{2}-?\)?$/.test(t)) return undefined;
  return parseAmountMinor(t, currency);
}

const isDate = (text: string) => new RegExp(`^${DATE_PATTERN.source}$`, 'i').test(text) || /^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}$/.test(text);
const isNoise = (text: string) => !/[\p{L}\p{N}]/u.test(text);

function centre(x: { start: number; end: number }): number {
  return (x.start + x.end) / 2;
}

/** The column a piece of the row sits under: nearest by centre, or by right edge (figures are right-aligned). */
function nearestColumn<T extends { start: number; end: number }>(piece: T, columns: Column[]): Column {
  let best = columns[0]!;
  let bestDistance = Infinity;
  for (const c of columns) {
    const d = Math.min(Math.abs(centre(c) - centre(piece)), Math.abs(c.end - piece.end), Math.abs(c.start - piece.start));
    if (d < bestDistance) { bestDistance = d; best = c; }
  }
  return best;
}

/** Amounts to the amount columns: in order when each column has one, else each under its nearest. */
function placeAmounts(amounts: { minor: number; token: Token }[], columns: Column[]): Map<Role, number> | undefined {
  const amountColumns = columns.filter((c) => AMOUNT_ROLES.includes(c.role));
  const placed = new Map<Role, number>();
  if (amounts.length === amountColumns.length) {
    amountColumns.forEach((c, i) => placed.set(c.role, amounts[i]!.minor));
    return placed;
  }
  if (amounts.length > amountColumns.length) return undefined;
  for (const a of amounts) {
    const column = nearestColumn(a.token, amountColumns);
    if (placed.has(column.role)) return undefined;
    placed.set(column.role, a.minor);
  }
  return placed;
}

/** Reads the stub table whose header is the first one at or after `from`; undefined when there is none. */
export function readRemittanceStub(lines: string[], currency: string, from = 0): StubReading | undefined {
  let headerIndex = -1;
  let columns: Column[] | undefined;
  for (let i = from; i < lines.length && !columns; i++) {
    columns = headerColumns(lines[i]!);
    if (columns) headerIndex = i;
  }
  if (!columns) return undefined;
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency }, 'en-US');
  const warnings: string[] = [];
  const out: RemittanceLine[] = [];
  let consistent = true;
  let totalRow: Map<Role, number> | undefined;
  let endIndex = headerIndex;
  const has = (r: Role) => columns!.some((c) => c.role === r);
  const referenceColumn = columns.find((c) => c.role === 'reference')!;

  const amountsIn = (line: string) => tokensOf(line).flatMap((t) => { const minor = amountOf(t.text, currency); return minor === undefined ? [] : [{ minor, token: t }]; });
  const isTotal = (line: string) => /\btotals?\b/i.test(line);
  // A row starts under the reference heading with something numbered ("INV-000123", "10077").
  const startsRow = (line: string) => {
    const first = tokensOf(line).find((t) => !isNoise(t.text));
    return first !== undefined && /\d/.test(first.text) && first.start <= referenceColumn.end && first.end >= referenceColumn.start - 2;
  };
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const where = `stub line ${i + 1}`;
    if (line.trim() === '' && out.length > 0) break; // a text layout's blank line closes the table
    if (line.trim() === '' || isNoise(line)) continue;
    const tokens = tokensOf(line).filter((t) => !isNoise(t.text));
    const amounts = amountsIn(line);
    const words = tokens.filter((t) => amountOf(t.text, currency) === undefined && !isDate(t.text));
    if (isTotal(line)) {
      endIndex = i;
      totalRow = placeAmounts(amounts, columns);
      if (!totalRow) { warnings.push(`${where}: the total row "${line.trim()}" could not be read`); consistent = false; }
      break;
    }
    if (amounts.length === 0) {
      // A row without figures is the table's end, unless rows or the total follow right after: then
      // its figures were lost to OCR, and the row is kept with a warning rather than dropped.
      const resumes = lines.slice(i + 1, i + 4).some((l) => isTotal(l) || (amountsIn(l).length > 0 && startsRow(l)));
      if (!resumes || !startsRow(line)) {
        if (out.length) break;
        if (resumes && /\d/.test(line)) {
          warnings.push(`${where} of the remittance stub could not be read as an invoice line: "${line.trim()}"`);
          consistent = false;
        }
        continue;
      }
      warnings.push(`${where} of the remittance stub has no amounts that could be read: "${line.trim()}"`);
      consistent = false;
    }
    endIndex = i;
    // The reference: the words under the reference heading (or first in the row, before any figure).
    const referenceWords = words.filter((t) => nearestColumn(t, columns!) === referenceColumn || t.end <= (amounts[0]?.token.start ?? Infinity) && t.start < referenceColumn.end + 2);
    const reference = referenceWords.map((t) => t.text).join(' ').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const placed = placeAmounts(amounts, columns);
    if (!reference || !/\d/.test(reference) || !placed) {
      warnings.push(`${where} of the remittance stub could not be read as an invoice line: "${line.trim()}"`);
      consistent = false;
      continue;
    }
    const remittance: RemittanceLine = { reference };
    const amount = placed.get('amount');
    const discount = placed.get('discount');
    const adjustment = placed.get('adjustment');
    let paid = placed.get('paid');
    if (paid === undefined && amount !== undefined) {
      // Without a net column, the amount column is what they pay (less any discount or adjustment shown).
      paid = has('discount') || has('adjustment') ? amount - Math.abs(discount ?? 0) - Math.abs(adjustment ?? 0) : amount;
    }
    if (amount !== undefined && (has('paid') || has('discount') || has('adjustment'))) remittance.invoiceAmountMinor = amount;
    if (discount !== undefined && discount !== 0) remittance.discountMinor = Math.abs(discount);
    if (adjustment !== undefined && adjustment !== 0) remittance.adjustmentMinor = Math.abs(adjustment);
    if (paid !== undefined) remittance.paidMinor = paid;
    const reasonColumn = columns.find((c) => c.role === 'reason');
    const reason = reasonColumn && words.filter((t) => nearestColumn(t, columns!) === reasonColumn && !referenceWords.includes(t)).map((t) => t.text).join(' ');
    if (reason) remittance.adjustmentReason = reason;
    if (amount !== undefined && placed.has('paid') && (discount !== undefined || adjustment !== undefined)) {
      const expected = amount - Math.abs(discount ?? 0) - Math.abs(adjustment ?? 0);
      if (expected !== paid) {
        warnings.push(`${where}: invoice ${reference} for ${money(amount)} less ${money(amount - expected)} discount and adjustment comes to ${money(expected)}, but the stub shows ${money(paid!)} paid`);
        consistent = false;
      }
    }
    out.push(remittance);
  }

  const rowsPaid = out.every((l) => l.paidMinor !== undefined) && out.length ? out.reduce((s, l) => s + l.paidMinor!, 0) : undefined;
  let paidTotalMinor = rowsPaid;
  if (totalRow) {
    const sums: [Role, number | undefined, string][] = [
      ['paid', rowsPaid, 'net paid'],
      ['amount', out.every((l) => l.invoiceAmountMinor !== undefined) ? out.reduce((s, l) => s + (l.invoiceAmountMinor ?? 0), 0) : undefined, 'invoice amount'],
      ['discount', out.reduce((s, l) => s + (l.discountMinor ?? 0), 0), 'discount'],
    ];
    for (const [role, sum, name] of sums) {
      const stated = totalRow.get(role);
      if (stated === undefined || sum === undefined || !has(role)) continue;
      if (Math.abs(stated) !== Math.abs(sum)) {
        warnings.push(`the stub's ${name} total is ${money(stated)} but its lines add up to ${money(sum)}`);
        consistent = false;
      }
    }
    const amountIsPaid = !has('paid') && !has('discount') && !has('adjustment');
    const statedPaid = totalRow.get('paid') ?? (amountIsPaid ? totalRow.get('amount') : undefined);
    if (statedPaid !== undefined) paidTotalMinor = statedPaid;
  }
  return { lines: out, warnings, consistent, paidTotalMinor, headerIndex, endIndex };
}
