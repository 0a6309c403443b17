// Reads a purchase order sent as a CSV file (what "export to Excel" gives): a header row naming the
// columns in the words buyers use, one PO per file, its number on each row or in label/value rows
// above the table. The delimiter (",", ";" or tab), the decimal mark and the encoding (UTF-8,
// UTF-16 with a BOM, or Windows-1252) are worked out from the file. Values are exact (confidence 1.0);
// a row that looks like an order line but cannot be read whole goes to unreadableLines with the reason.
import { parse } from 'csv-parse/sync';
import { extendLine } from '../domain/money.js';
import type { ParsedLine, ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { parseDate } from './layout-text.js';
import { amountToMinor, CURRENCY_CODE, decodeText, exact, normalizeUnitCode, quantityToMilli } from './structured-values.js';

export class CsvPoError extends Error {
  constructor(readonly code: 'empty' | 'not_text' | 'malformed' | 'no_header' | 'several_pos', message: string) {
    super(message);
    this.name = 'CsvPoError';
  }
}

type Kind =
  | 'poNumber' | 'line' | 'item' | 'customerItem' | 'description' | 'quantity' | 'uom' | 'unitPrice' | 'priceBasis'
  | 'amount' | 'requestedDate' | 'orderDate' | 'shipTo' | 'customerNumber' | 'company' | 'currency';

// Header words as buyers' spreadsheets write them, after normalizeHeader ("PO#" → "po no").
const SYNONYMS: Record<Kind, string[]> = {
  poNumber: ['po', 'po no', 'po number', 'po num', 'po id', 'p o', 'p o no', 'purchase order', 'purchase order no', 'purchase order number', 'order no', 'order number', 'customer po', 'customer po no', 'your order no'],
  line: ['line', 'line no', 'line number', 'ln', 'pos', 'position', 'item line'],
  item: ['item', 'item no', 'item code', 'item number', 'item id', 'sku', 'part', 'part no', 'part number', 'product', 'product code', 'product no', 'product id', 'material', 'material no', 'article', 'article no', 'art no', 'vendor part', 'vendor part no', 'vendor part number', 'vendor item', 'supplier part', 'supplier part no', 'supplier part number', 'our part', 'catalog no', 'catalogue no', 'code'],
  customerItem: ['customer part', 'customer part no', 'customer part number', 'cust part', 'cust part no', 'customer item', 'customer item no', 'customer sku', 'buyer part', 'buyer part no', 'buyer part number', 'buyer item', 'your part no'],
  description: ['description', 'desc', 'item description', 'product description', 'product name', 'item name', 'name'],
  quantity: ['qty', 'quantity', 'order qty', 'qty ordered', 'ordered qty', 'order quantity', 'quantity ordered', 'qty to order'],
  uom: ['uom', 'u/m', 'um', 'unit', 'unit of measure', 'units of measure', 'unit of measurement'],
  unitPrice: ['unit price', 'price', 'price each', 'unit cost', 'net price', 'each', 'cost', 'rate', 'price per unit'],
  priceBasis: ['per', 'price unit', 'price per', 'price basis', 'pricing unit', 'price qty'],
  amount: ['amount', 'ext price', 'extended price', 'extended', 'extension', 'line total', 'total', 'net value', 'line amount', 'ext amount', 'extended amount'],
  requestedDate: ['requested date', 'request date', 'requested delivery date', 'delivery date', 'requested ship date', 'ship date', 'need by', 'needed by', 'need date', 'required date', 'required by', 'due date', 'date required', 'deliver by'],
  orderDate: ['order date', 'po date', 'date', 'date issued', 'issue date'],
  shipTo: ['ship to', 'ship to address', 'deliver to', 'delivery address', 'shipping address'],
  customerNumber: ['customer no', 'customer number', 'customer id', 'customer code', 'customer account', 'account', 'account no', 'account number', 'cust no', 'our customer no', 'acct no'],
  company: ['company', 'company name', 'customer', 'customer name', 'sold to', 'bill to', 'buyer'],
  currency: ['currency', 'curr', 'currency code'],
};

const LOOKUP = new Map<string, Kind>(Object.entries(SYNONYMS).flatMap(([kind, words]) => words.map((w) => [w, kind as Kind] as const)));
const HEADER_FIELDS: Kind[] = ['poNumber', 'orderDate', 'requestedDate', 'customerNumber', 'company', 'shipTo', 'currency'];

function normalizeHeader(cell: string): string {
  return cell.toLowerCase().replace(/#/g, ' no ').replace(/&/g, ' and ').replace(/[.:()[\]]/g, ' ').replace(/[-_]/g, ' ')
    .replace(/\bnr\b/g, 'no').replace(/\s+/g, ' ').trim();
}

/** What a header cell names; "Unit Price (EUR)" also names the currency. */
function kindOf(cell: string): { kind: Kind; currency?: string } | undefined {
  const h = normalizeHeader(cell);
  const direct = LOOKUP.get(h);
  if (direct) return { kind: direct };
  const withCurrency = /^(.*\S)\s+([a-z]{3})$/.exec(h);
  const base = withCurrency ? LOOKUP.get(withCurrency[1]!) : undefined;
  if (base && (base === 'unitPrice' || base === 'amount')) return { kind: base, currency: withCurrency![2]!.toUpperCase() };
  return undefined;
}

function decode(bytes: Buffer): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && bytes.includes(0)) throw new CsvPoError('not_text', 'the file is not text (it contains NUL bytes)');
  return decodeText(bytes);
}

interface Table { delimiter: string; rows: string[][]; headerAt: number; columns: ({ kind: Kind; currency?: string } | undefined)[] }

function parseRows(text: string, delimiter: string): string[][] | undefined {
  try {
    return parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch {
    return undefined;
  }
}

function findHeader(rows: string[][]): { headerAt: number; columns: Table['columns']; score: number } | undefined {
  for (let r = 0; r < Math.min(rows.length, 40); r++) {
    const columns = rows[r]!.map((c) => (c ? kindOf(c) : undefined));
    const kinds = new Set(columns.map((c) => c?.kind));
    if (kinds.has('quantity') && (kinds.has('item') || kinds.has('customerItem'))) return { headerAt: r, columns, score: kinds.size };
  }
  return undefined;
}

/** Tries each delimiter and keeps the one under which a header row names the columns. */
function findTable(text: string): Table {
  const sep = /^sep=(.)\r?\n/i.exec(text); // Excel's own hint line
  const body = sep ? text.slice(sep[0].length) : text;
  let best: Table & { score: number } | undefined;
  let malformed: string | undefined;
  for (const delimiter of sep ? [sep[1]!] : [',', ';', '\t']) {
    let rows = parseRows(body, delimiter);
    if (!rows) {
      try { parse(body, { delimiter, relax_column_count: true, skip_empty_lines: false }); } catch (err) { malformed ??= (err as Error).message; }
      continue;
    }
    rows = rows.map((r) => r.map((c) => c.replace(/^\uFEFF/, '')));
    const header = findHeader(rows);
    if (header && (!best || header.score > best.score)) best = { delimiter, rows, ...header };
  }
  if (best) return best;
  if (malformed) throw new CsvPoError('malformed', `the file cannot be read as CSV (${malformed})`);
  throw new CsvPoError('no_header', 'no header row names both an item column (Item, SKU, Part number, Customer part) and a quantity column (Qty, Quantity) in the first 40 rows');
}

/** "," where the file writes 4,25 and 1.250,00; "." where it writes 4.25 and 1,250.00. */
function decimalMark(table: Table): ',' | '.' {
  const numeric = table.rows.slice(table.headerAt + 1).flatMap((row) => row.filter((_, c) => ['quantity', 'unitPrice', 'amount', 'priceBasis'].includes(table.columns[c]?.kind ?? '')));
  const comma = numeric.filter((v) => /^[^\d]*\d+,\d{1,2}\b(?!\d)|\d\.\d{3},\d/.test(v)).length;
  const point = numeric.filter((v) => /^[^\d]*\d+\.\d{1,2}\b(?!\d)|\d,\d{3}\.\d/.test(v)).length;
  if (comma > 0 && point === 0) return ',';
  if (point > 0 && comma === 0) return '.';
  return table.delimiter === ';' ? ',' : '.';
}

/** A number as the file writes it → a plain decimal string ("1.234,5" → "1234.5"), or undefined when ambiguous. */
function plainNumber(text: string, mark: ',' | '.'): string | undefined {
  const s = text.replace(/[$€£¥\s\u00a0']|\b[A-Z]{3}\b/g, '');
  const group = mark === ',' ? '.' : ',';
  const m = new RegExp(`^(-?)(\\d{1,3}(?:\\${group}\\d{3})+|\\d*)(?:\\${mark}(\\d+))?$`).exec(s);
  if (!m || (m[2] === '' && m[3] === undefined)) return undefined;
  return `${m[1]}${m[2]!.split(group).join('') || '0'}${m[3] !== undefined ? `.${m[3]}` : ''}`;
}

const ITEM_CODE = /^(?=[A-Z0-9\-./]*\d)[A-Z0-9][A-Z0-9\-./]*$/i;
const FOOTER_ROW = /^(?:sub\s*-?total|tax|sales tax|vat|freight|shipping|handling|notes?|comments?|terms|remarks?)\b/i;
const TOTAL_ROW = /^(?:grand total|order total|po total|total(?: amount| order)?)\s*:?$/i;

function dateOf(value: string): string | undefined {
  return parseDate(value.replace(/[ T]\d{1,2}:\d{2}(?::\d{2})?$/, ''));
}

export function readCsvPurchaseOrder(bytes: Buffer, documentName: string): ParsedPurchaseOrder {
  if (bytes.length === 0) throw new CsvPoError('empty', 'the file is empty');
  const text = decode(bytes);
  if (!text.trim()) throw new CsvPoError('empty', 'the file has no text');
  const table = findTable(text);
  const { rows, headerAt, columns } = table;
  const mark = decimalMark(table);
  const shown = table.delimiter === '\t' ? ' | ' : table.delimiter;
  const header: Partial<Record<Kind, { value: string; source: string }[]>> = {};
  const note = (kind: Kind, value: string, source: string) => { (header[kind] ??= []).push({ value, source }); };

  // Label/value rows above the table: "PO Number,4500012345" or "PO Number: 4500012345".
  let shipToColumn: number | undefined;
  for (let r = 0; r < headerAt; r++) {
    const row = rows[r]!;
    const filled = row.map((c, i) => [c, i] as const).filter(([c]) => c);
    if (shipToColumn !== undefined && filled.length === 1 && filled[0]![1] === shipToColumn && header.shipTo) {
      header.shipTo[header.shipTo.length - 1]!.value += `, ${filled[0]![0]}`; // the address's next line
      continue;
    }
    shipToColumn = undefined;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c]!;
      const colon = cell.indexOf(':');
      const inline = colon > 0 ? kindOf(cell.slice(0, colon)) : undefined;
      if (inline && HEADER_FIELDS.includes(inline.kind) && cell.slice(colon + 1).trim()) {
        note(inline.kind, cell.slice(colon + 1).trim(), `CSV row ${r + 1}: "${cell}"`);
        continue;
      }
      const label = cell ? kindOf(cell) : undefined;
      const value = row[c + 1];
      if (label && HEADER_FIELDS.includes(label.kind) && value && !kindOf(value)) {
        note(label.kind, value, `CSV row ${r + 1}, "${cell}"`);
        if (label.kind === 'shipTo') shipToColumn = c + 1;
        c++;
      }
    }
  }

  const po: ParsedPurchaseOrder = { documentKind: 'csv', documentName, lines: [], unreadableLines: [] };
  const headerCurrency = columns.find((c) => c?.currency)?.currency;
  const lines: ParsedLine[] = [];
  let total: { value: string; source: string } | undefined;
  const cellOf = (row: string[], kind: Kind): string => {
    const at = columns.findIndex((c) => c?.kind === kind);
    return at >= 0 ? (row[at] ?? '').trim() : '';
  };
  const lineRows: { row: string[]; r: number }[] = [];
  for (let r = headerAt + 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.every((c) => !c)) continue;
    const item = cellOf(row, 'item') || cellOf(row, 'customerItem');
    const notAnItem = !ITEM_CODE.test(item.split(/\s+/)[0] ?? '');
    if (row.some((c) => TOTAL_ROW.test(c)) && (notAnItem || !cellOf(row, 'quantity'))) {
      const value = cellOf(row, 'amount') || [...row].reverse().find((c) => /\d/.test(c)) || '';
      if (value) total = { value, source: `CSV row ${r + 1}: "${row.filter(Boolean).join(shown)}"` };
      continue;
    }
    // Subtotal, tax, freight and notes rows below the lines are not order lines.
    if (FOOTER_ROW.test(row.find(Boolean) ?? '') && notAnItem && !cellOf(row, 'quantity')) continue;
    for (const kind of HEADER_FIELDS) if (cellOf(row, kind)) note(kind, cellOf(row, kind), `CSV row ${r + 1}, column "${rows[headerAt]![columns.findIndex((c) => c?.kind === kind)]}"`);
    lineRows.push({ row, r });
  }

  // One PO per file: the number may repeat on every row, but must not change.
  const numbers = [...new Set((header.poNumber ?? []).map((v) => v.value))];
  if (numbers.length > 1) throw new CsvPoError('several_pos', `the file carries ${numbers.length} PO numbers (${numbers.join(', ')}); arflow enters one PO per file`);
  if (header.poNumber) po.poNumber = exact(header.poNumber[0]!.value, header.poNumber[0]!.source);

  const currencyText = header.currency?.[0]?.value.toUpperCase() ?? headerCurrency;
  if (currencyText) {
    if (!CURRENCY_CODE.test(currencyText)) throw new CsvPoError('malformed', `the currency "${currencyText}" is not an ISO 4217 code`);
    po.currency = exact(currencyText, header.currency?.[0]?.source ?? 'CSV price column header');
  }
  const currency = po.currency?.value ?? 'USD';
  const firstDate = (kind: Kind): { value: string; source: string } | undefined => {
    const dated = (header[kind] ?? []).map((v) => ({ iso: dateOf(v.value), source: v.source })).filter((v): v is { iso: string; source: string } => v.iso !== undefined);
    if (dated.length === 0) return undefined;
    const distinct = [...new Set(dated.map((d) => d.iso))].sort();
    // Rows may ask for different dates; the order's is the earliest, and the source says so.
    return distinct.length === 1 ? { value: dated[0]!.iso, source: dated[0]!.source } : { value: distinct[0]!, source: `earliest of the rows' dates (${distinct.join(', ')})` };
  };
  const orderDate = firstDate('orderDate');
  if (orderDate) po.orderDate = exact(orderDate.value, orderDate.source);
  const requested = firstDate('requestedDate');
  if (requested) po.requestedShipDate = exact(requested.value, requested.source);
  for (const kind of ['customerNumber', 'company', 'shipTo'] as const) {
    const first = header[kind]?.[0];
    if (first) po[kind === 'company' ? 'companyName' : kind] = exact(first.value, first.source);
  }
  if (total) {
    const plain = plainNumber(total.value, mark);
    const minor = plain === undefined ? undefined : amountToMinor(plain, currency, 'total');
    if (minor?.ok) po.totalMinor = exact(minor.value, total.source);
  }

  for (const { row, r } of lineRows) {
    const sourceText = `row ${r + 1}: ${row.join(shown).replace(new RegExp(`(?:${shown.replace(/[|]/g, '\\|')})+$`), '')}`;
    let itemCode = cellOf(row, 'item') || cellOf(row, 'customerItem');
    let description = cellOf(row, 'description');
    const quantityCell = cellOf(row, 'quantity');
    if (!quantityCell && !itemCode) {
      // A description carried onto its own row belongs to the line above.
      if (description && lines.length) lines[lines.length - 1]!.description = `${lines[lines.length - 1]!.description} ${description}`.trim();
      continue;
    }
    if (/\s/.test(itemCode)) {
      const [first, ...rest] = itemCode.split(/\s+/);
      if (ITEM_CODE.test(first!)) { itemCode = first!; description ||= rest.join(' '); }
    }
    const fail = (reason: string) => po.unreadableLines.push(`${sourceText} — ${reason}`);
    if (!itemCode) { fail('it has a quantity but no item'); continue; }
    if (!quantityCell) {
      if (ITEM_CODE.test(itemCode)) fail('it has an item but no quantity');
      continue; // words in the item column with no quantity: a note, not an order line
    }
    const qm = /^(.*?\d)\s*(\p{L}{1,12}\.?)?$/u.exec(quantityCell);
    const quantityText = qm ? plainNumber(qm[1]!, mark) : undefined;
    const quantity = quantityText === undefined ? undefined : quantityToMilli(quantityText);
    if (!quantity?.ok) { fail(quantity && !quantity.ok ? quantity.reason : `quantity "${quantityCell}" is not a number`); continue; }
    const unit = cellOf(row, 'uom') || qm?.[2]?.replace(/\.$/, '');
    let unitPriceMinor: number | undefined;
    const priceCell = cellOf(row, 'unitPrice');
    if (priceCell) {
      const basisCell = cellOf(row, 'priceBasis');
      const basis = basisCell ? plainNumber(basisCell.replace(/\s*\p{L}+\.?$/u, ''), mark) : '1';
      const plain = plainNumber(priceCell, mark);
      if (plain === undefined || basis === undefined) { fail(`unit price "${priceCell}"${basisCell ? ` per "${basisCell}"` : ''} is not a number we can read exactly`); continue; }
      const price = amountToMinor(plain, currency, 'unit price', basis);
      if (!price.ok) { fail(price.reason); continue; }
      if (price.value < 0) { fail(`unit price ${priceCell} is negative`); continue; }
      unitPriceMinor = price.value;
    }
    let amountMinor: number | undefined;
    const amountCell = cellOf(row, 'amount');
    if (amountCell) {
      const plain = plainNumber(amountCell, mark);
      const amount = plain === undefined ? undefined : amountToMinor(plain, currency, 'amount');
      if (!amount?.ok) { fail(amount && !amount.ok ? amount.reason : `amount "${amountCell}" is not a number we can read exactly`); continue; }
      amountMinor = amount.value;
    }
    const lineCell = cellOf(row, 'line');
    lines.push({
      lineNumber: /^\d{1,6}$/.test(lineCell) && Number(lineCell) > 0 ? Number(lineCell) : lines.length + po.unreadableLines.length + 1,
      itemCode,
      description,
      quantityMilli: quantity.value,
      unitOfMeasure: unit ? normalizeUnitCode(unit) : undefined,
      unitPriceMinor,
      amountMinor,
      confidence: 1,
      sourceText,
    });
  }
  if (new Set(lines.map((l) => l.lineNumber)).size !== lines.length) lines.forEach((l, n) => { l.lineNumber = n + 1; });
  po.lines = lines;
  if (!po.totalMinor && lines.length > 0 && po.unreadableLines.length === 0 && lines.every((l) => l.unitPriceMinor !== undefined)) {
    po.totalMinor = exact(lines.reduce((sum, l) => sum + extendLine(l.quantityMilli, l.unitPriceMinor!), 0), 'sum of the rows (quantity × unit price); the file states no total');
  }
  return po;
}

/** Whether a CSV-like attachment has a PO header row at all (a .txt without one is not a PO). */
export function hasCsvPoHeader(bytes: Buffer): boolean {
  try {
    findTable(decode(bytes));
    return true;
  } catch {
    return false;
  }
}
