// Finds a purchase order's header fields and line items in layout text, whatever the layout:
// fields by their labels (value beside or below the label), lines by the table's header row,
// and for orders typed in an email, by the phrasings people use ("10 x WID-100 @ 12.50").
import { parseAmountMinor, parseQuantityMilli } from '../domain/money.js';
import type { ParsedLine, ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { cellsOf, overlap, parseDate, DATE_PATTERN, type Cell } from './layout-text.js';

export type Found<T> = { value: T; confidence: number; source: string };

const NUMBER_AND_DATE = String.raw`p\.?\s?o\.?\s*(?:no\.?|number)\s*\/\s*date`; // SAP prints "PO number/date  4500012345 / 11/20/2026"
const PO_NUMBER_LABEL = new RegExp(String.raw`^(?:purchase\s*order|p\.?\s?o\.?)\s*(?:no\.?|number|num\.?|#|id)?\s*[:#]?$|^order\s*(?:no\.?|number|#)\s*:?$|^${NUMBER_AND_DATE}\s*:?$`, 'i');
const PO_NUMBER_INLINE = /\b(?:purchase\s*order|p\.?\s?o\.?)\s*(?:no\.?|number|num\.?|#|id)?\s*[:#]?\s*(?=[A-Z0-9-]*\d)([A-Z0-9][A-Z0-9\-/.]{2,30})\b/i;
const ORDER_DATE_LABEL = new RegExp(String.raw`^(?:p\.?o\.?\s*date|order\s*date|date\s*(?:issued|of\s*order)?|issue\s*date|${NUMBER_AND_DATE})\s*:?$`, 'i');
const REQUESTED_DATE_LABEL = /^(?:requested\s*(?:ship|delivery)?\s*date|required\s*(?:by|date)|need(?:ed)?\s*by(?:\s*date)?|deliver(?:y)?\s*(?:by|date)|ship\s*(?:by|date)|requested\s*by|due\s*date|req\.?\s*date|expected\s*(?:delivery|receipt|ship)?\s*date|(?:delivery|date)\s*required)\s*:?$/i;
const CUSTOMER_NUMBER_LABEL = /^(?:our\s+)?(?:(?:customer|cust\.?)\s*(?:acct\.?|account)\s*(?:no\.?|number|#|id)?|(?:customer|cust\.?|account|acct\.?)\s*(?:no\.?|number|#|id|code|account)|account|acct\.?)\s*:?$/i;
const SHIP_TO_LABEL = /^(?:ship\s*to|deliver\s*to|delivery\s*address|ship-to)\s*:?$/i;
const COMPANY_LABEL = /^(?:company|sold\s*to|bill\s*to|customer|customer\s*name)\s*:?$/i;
const TOTAL_LABEL = /^(?:grand\s*total|order\s*total|p\.?o\.?\s*total|total(?:\s*net\s*value)?(?:\s*amount)?(?:\s*excl\.?\s*(?:tax|vat))?(?:\s*\(?[A-Z]{3}\)?)?)\s*:?$/i;
const CURRENCY_LABEL = /^currency\s*:?$/i;
// "Terms", "Payment Terms", "Terms of Payment"; not "Freight Terms" or "Terms and conditions".
const TERMS_LABEL = /^(?:payment\s*terms|terms(?:\s*of\s*payment)?)\s*:?$/i;
const acceptTerms = (text: string): string | undefined => (/\d|receipt|\bcod\b/i.test(text) && text.trim().length <= 40 ? text.trim() : undefined);

const phraseForms = new Map<RegExp, RegExp>();

/** "Need by 12/10/2026": the label's words then the value, with no colon between. */
function phraseForm(label: RegExp): RegExp {
  let form = phraseForms.get(label);
  if (!form) {
    form = new RegExp(`^(?:${label.source.replace(/[$^]/g, '')})\\s+(\\S.*)$`, 'i');
    phraseForms.set(label, form);
  }
  return form;
}

/** Splits "PO Number: 4500012345" (or, when allowed, "PO 4500012345") into label and value. */
type LabelHit = { labelCell: Cell; value?: string; phrase?: boolean; merged?: boolean };

/**
 * "Order Number Rev.": a grid's label run into the next box's label by a narrow gap (pdftotext does this),
 * so the value sits below the label's own words. Only when what follows is a short title, not a value.
 */
function mergedLabel(cell: Cell, label: RegExp): LabelHit | undefined {
  const spaces = [...cell.text.matchAll(/ /g)].map((m) => m.index).reverse();
  for (const at of spaces) {
    const rest = cell.text.slice(at + 1);
    if (/\d|:/.test(rest) || rest.split(' ').length > 3) return undefined;
    if (label.test(cell.text.slice(0, at))) return { labelCell: { ...cell, end: cell.start + at }, merged: true };
  }
  return undefined;
}

function splitLabel(cell: Cell, label: RegExp, allowPhrase = false): LabelHit | undefined {
  if (label.test(cell.text)) return { labelCell: cell };
  const colon = cell.text.indexOf(':');
  if (colon > 0 && label.test(cell.text.slice(0, colon + 1).trim())) {
    const value = cell.text.slice(colon + 1).trim();
    return { labelCell: { ...cell, end: cell.start + colon + 1 }, value: value || undefined };
  }
  const phrase = allowPhrase ? phraseForm(label).exec(cell.text) : null;
  if (phrase) return { labelCell: { ...cell, end: cell.end - phrase[1]!.length }, value: phrase[1], phrase: true };
  return mergedLabel(cell, label);
}

/**
 * Finds a labelled value: right of the label on its row, or in the row below under the label.
 * `accept` says whether a candidate is a value of the right kind.
 */
export function findLabelled<T>(lines: string[], label: RegExp, accept: (text: string) => T | undefined, what: string, allowPhrase = false): Found<T> | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (headerColumns(lines[i]!)) continue; // a table's "Total" column is not the order total
    const cells = cellsOf(lines[i]!);
    for (let c = 0; c < cells.length; c++) {
      let hit = splitLabel(cells[c]!, label, allowPhrase);
      if (!hit) continue;
      if (hit.value !== undefined) {
        const v = accept(hit.value);
        if (v !== undefined) return { value: v, confidence: hit.phrase ? 0.75 : 0.95, source: `${what}: "${lines[i]!.trim()}"` };
        if (hit.phrase) {
          hit = mergedLabel(cells[c]!, label);
          if (!hit) continue;
        }
      }
      const right = cells[c + 1];
      if (right && hit.value === undefined && !hit.merged) {
        const v = accept(right.text);
        if (v !== undefined) return { value: v, confidence: 0.9, source: `${what}: "${lines[i]!.trim()}"` };
      }
      // The value may sit below the label, in the same column.
      for (let j = i + 1; j < Math.min(lines.length, i + 3); j++) {
        const labelCell = hit.labelCell;
        // Under a merged label, only a value starting where the label starts is its own.
        const below = cellsOf(lines[j]!).filter((b) => overlap(b, labelCell) > 0 && (!hit.merged || Math.abs(b.start - labelCell.start) <= 2));
        if (below.length === 0) continue;
        const v = accept(below[0]!.text);
        if (v !== undefined) return { value: v, confidence: 0.85, source: `${what} below its label` };
        break;
      }
    }
  }
  return undefined;
}

export const acceptPoNumber = (text: string): string | undefined => {
  const first = text.trim().split(/\s+\/\s+/)[0]!; // "4500012345 / 11/20/2026": the number comes first
  const m = /^#?\s*((?=[A-Z0-9\-/.]*\d)[A-Z0-9][A-Z0-9\-/]*(?:\.[A-Z0-9\-/]+)*)[.,;]?$/i.exec(first);
  return m && !parseDate(m[1]!) ? m[1] : undefined;
};
export const acceptDate = (text: string): string | undefined => {
  const m = DATE_PATTERN.exec(text);
  return m ? parseDate(m[1]!.replace(/,$/, '')) : undefined;
};
export const acceptCode = (text: string): string | undefined => (/^(?=.*\d)[A-Z0-9][A-Z0-9\-/.]{1,20}$/i.test(text.trim()) ? text.trim() : undefined);
// A cell ending in a colon is the next label (a "Supplier:" block beside "Bill To:"), not a name.
export const acceptName = (text: string): string | undefined => (text.trim().length >= 2 && /[a-z]/i.test(text) && !/:$/.test(text.trim()) ? text.trim() : undefined);
export const acceptCurrency = (text: string): string | undefined => (/^[A-Z]{3}$/.test(text.trim()) ? text.trim() : undefined);

function findPoNumber(lines: string[]): Found<string> | undefined {
  const labelled = findLabelled(lines, PO_NUMBER_LABEL, acceptPoNumber, 'PO number');
  if (labelled) return labelled;
  for (const line of lines) {
    const m = PO_NUMBER_INLINE.exec(line);
    if (m && !parseDate(m[1]!)) return { value: m[1]!, confidence: 0.8, source: `PO number in "${line.trim()}"` };
  }
  return undefined;
}

function findShipTo(lines: string[]): Found<string> | undefined {
  for (let i = 0; i < lines.length; i++) {
    const cells = cellsOf(lines[i]!);
    for (const cell of cells) {
      const hit = splitLabel(cell, SHIP_TO_LABEL);
      if (!hit) continue;
      const block: string[] = hit.value ? [hit.value] : [];
      // Address lines below the label, in its column (two-column headers put Bill To beside it).
      const column = { start: hit.labelCell.start, end: hit.labelCell.start + 40 };
      for (let j = i + 1; j < lines.length && block.length < 5; j++) {
        if (headerColumns(lines[j]!)) break;
        // An address line starts where the label starts; anything else is the next section.
        const below = cellsOf(lines[j]!).filter((b) => overlap(b, column) > 0 && Math.abs(b.start - column.start) <= 2);
        if (below.length === 0 || /:$/.test(below[0]!.text)) break;
        block.push(below[0]!.text);
      }
      if (block.length) return { value: block.join(', '), confidence: 0.8, source: 'ship-to block' };
    }
  }
  return undefined;
}

// ─── Line items from a table with a header row ───

// `customerItem` is the customer's own part number when ours has a column too; `needBy` a date per line;
// `other` a column the order does not need (GL account, tax code, project), kept so its cells land nowhere else.
type ColumnKind = 'line' | 'item' | 'customerItem' | 'description' | 'quantity' | 'uom' | 'unitPrice' | 'amount' | 'needBy' | 'other';

function columnKind(header: string): ColumnKind | undefined {
  const h = header.toLowerCase().replace(/[.:]/g, '').trim();
  if (/^(?:tax|vat)\b|\bg\/?l\b|account|^project|cost\s*cent(?:er|re)|^dept/.test(h)) return 'other';
  if (/^(qty|quantity|qty ordered|order qty|ordered|units)$/.test(h) || /\bqty\b|quantity/.test(h)) return 'quantity';
  if (/unit\s*price|^price|net\s*price|unit\s*cost|^rate$|^cost$|price\s*each|each$/.test(h)) return 'unitPrice';
  if (/amount|^ext|extended|^total|line\s*total|net\s*value/.test(h)) return 'amount';
  if (/^(uom|u\/m|um|unit|units of measure)$/.test(h)) return 'uom';
  if (/desc/.test(h)) return 'description';
  if (/^(line|ln|#|no|pos|item #|line #)$/.test(h)) return 'line';
  if (/need(?:ed)?\s*by|date|^due|required|deliver/.test(h)) return 'needBy';
  if (/item|part|sku|product|material|article|^art\b|catalog|code/.test(h)) return 'item';
  return undefined;
}

interface Column { kind: ColumnKind; start: number; end: number }

/** Of two part-number columns, the one the customer titles as the supplier's is ours; the other is theirs. */
const SUPPLIER_PART = /supplier|vendor|your|mfr|manufacturer|mfg/i;
const CUSTOMER_PART = /\bour\b|customer|buyer|internal/i;

function headerColumns(line: string): Column[] | undefined {
  const cells = cellsOf(line);
  if (cells.some((c) => /\d/.test(c.text))) return undefined; // a row of values, not of titles
  const columns = cells.map((c) => ({ kind: columnKind(c.text), start: c.start, end: c.end }));
  const items = columns.map((c, i) => i).filter((i) => columns[i]!.kind === 'item');
  if (items.length > 1) {
    // "Item" beside "Material" (SAP) numbers the lines; the other column holds the code.
    const itemNo = items.find((i) => /^item$/i.test(cells[i]!.text));
    if (itemNo !== undefined) columns[itemNo]!.kind = 'line';
    else {
      const ours = items.find((i) => SUPPLIER_PART.test(cells[i]!.text)) ?? items.find((i) => !CUSTOMER_PART.test(cells[i]!.text)) ?? items[0]!;
      for (const i of items) if (i !== ours) columns[i]!.kind = 'customerItem';
    }
  }
  const kinds = new Set(columns.map((c) => c.kind));
  if (!kinds.has('quantity') || !(kinds.has('item') || kinds.has('description'))) return undefined;
  if (columns.filter((c) => c.kind === undefined).length > 1) return undefined;
  // An untitled column still takes its own cells, so they do not run into a neighbour's.
  return columns.map((c) => ({ ...c, kind: c.kind ?? 'other' }));
}

function assign(cell: Cell, columns: Column[]): Column {
  let best = columns[0]!;
  let bestScore = -Infinity;
  for (const col of columns) {
    const score = overlap(cell, col) * 10 - Math.abs((cell.start + cell.end) / 2 - (col.start + col.end) / 2);
    if (score > bestScore) { bestScore = score; best = col; }
  }
  return best;
}

const TABLE_END = /^\s*(sub\s*-?total|total|grand total|tax|sales tax|freight|shipping|notes?|terms|comments?|authori[sz]ed|signature)\b/i;
const ITEM_CODE = /^(?=[A-Z0-9\-./]*\d)(?=[A-Z0-9\-./]*[A-Z-])[A-Z0-9][A-Z0-9\-./]{2,}$/i;

function parseQuantityCell(text: string, decimalComma: boolean): { quantityMilli?: number; uom?: string } {
  const m = /^(\d[\d,.]*)\s*(\p{L}{1,12}\.?)?$/u.exec(text.trim());
  if (!m) return {};
  if (/\d[OoIl]$/.test(text.trim())) return {}; // "1O", "5l": a misread digit, not a unit glued to the number
  return { quantityMilli: parseQuantityNumber(m[1]!, decimalComma), uom: m[2] ? normalizeUnit(m[2].replace(/\.$/, '')) : undefined };
}

/** "1.000" is a thousand where commas are the decimal mark, one where points are; "1,5" is one and a half. */
function parseQuantityNumber(text: string, decimalComma: boolean): number | undefined {
  if (decimalComma || /^\d+,\d{1,2}$/.test(text)) return parseQuantityMilli(text.replace(/\./g, '').replace(',', '.'));
  return parseQuantityMilli(text.replace(/,/g, ''));
}

/** Whether the document writes amounts as 1.234,56 rather than 1,234.56. */
function usesDecimalComma(lines: string[]): boolean {
  const text = lines.join('\n');
  return (text.match(/\d,\d{2}\b(?![.,]\d)/g) ?? []).length > (text.match(/\d\.\d{2}\b(?![.,]\d)/g) ?? []).length;
}

/** Page headers and footers a table runs through when it continues on the next page. */
const PAGE_MARK = /^(?:page\s*\d+(?:\s*(?:of|\/)\s*\d+)?|\(?continued\)?|continued\s+(?:on|from)\s+(?:the\s+)?(?:next|previous|last)?\s*page(?:\s*\d+)?|.*\((?:continued|cont'?d\.?)\))$/i;
const isPageFurniture = (line: string) => cellsOf(line).some((c) => PAGE_MARK.test(c.text));

/** The table header repeated on the page that starts at `pageStart`, if it is. */
function repeatedHeaderAt(lines: string[], pageStart: number): number | undefined {
  for (let j = pageStart; j < lines.length && lines[j] !== '\f'; j++) if (headerColumns(lines[j]!)) return j;
  return undefined;
}

/** Whether only blank rows and page furniture stand between `from` and a page break: the table may go on there. */
function pageBreakAhead(lines: string[], from: number): number | undefined {
  for (let j = from; j < lines.length; j++) {
    if (lines[j] === '\f') return j;
    if (lines[j]!.trim() && !isPageFurniture(lines[j]!)) return undefined;
  }
  return undefined;
}

interface TableRead { lines: ParsedLine[]; needBy: string[] }

function linesFromTable(lines: string[], currency: string, decimalComma: boolean, unreadable: string[]): TableRead | undefined {
  const headerAt = lines.findIndex((l) => headerColumns(l) !== undefined);
  if (headerAt < 0) return undefined;
  let columns = headerColumns(lines[headerAt]!)!;
  const result: ParsedLine[] = [];
  const needBy: string[] = [];
  let blankRun = 0;
  // A description-only row belongs to the line above it, not to a page's letterhead or notes.
  let continues = false;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '\f') {
      // A new page: the table goes on under its repeated header (placed anew), or at the top without one.
      const header = repeatedHeaderAt(lines, i + 1);
      if (header !== undefined) { columns = headerColumns(lines[header]!)!; i = header; }
      continues = false;
      blankRun = 0;
      continue;
    }
    if (!line.trim()) {
      if (++blankRun >= 2 && result.length) {
        const pageBreak = pageBreakAhead(lines, i);
        if (pageBreak === undefined) break;
        i = pageBreak - 1;
      }
      continue;
    }
    blankRun = 0;
    if (TABLE_END.test(line)) break;
    if (headerColumns(line)) { columns = headerColumns(line)!; continues = false; continue; } // the header repeated on a new page
    const byKind = new Map<ColumnKind, string>();
    for (const cell of cellsOf(line)) {
      const col = assign(cell, columns);
      byKind.set(col.kind, byKind.has(col.kind) ? `${byKind.get(col.kind)} ${cell.text}` : cell.text);
    }
    const qty = parseQuantityCell(byKind.get('quantity') ?? '', decimalComma);
    // Our part number when the PO prints it, else the customer's own (matched to ours at intake).
    const itemText = byKind.get('item') ?? byKind.get('customerItem');
    let itemCode = itemText?.split(/\s+/)[0];
    let description = byKind.get('description') ?? '';
    if (!itemCode && description) {
      const first = description.split(/\s+/)[0]!;
      if (ITEM_CODE.test(first)) { itemCode = first; description = description.slice(first.length).trim(); }
    }
    if (qty.quantityMilli === undefined || !itemCode) {
      const previous = result[result.length - 1];
      if (byKind.size === 1 && byKind.has('description') && continues && previous) {
        // A description running onto a second row belongs to the line above.
        previous.description = `${previous.description} ${description}`.trim();
      } else if (isPageFurniture(line)) {
        continues = false; // "Page 1 of 2", "Continued on next page": not an order row
      } else if (byKind.has('quantity') || (itemCode && ITEM_CODE.test(itemCode))) {
        unreadable.push(line.trim()); // an order line we cannot read whole: never drop it quietly
      }
      continue;
    }
    const unitPriceText = byKind.get('unitPrice');
    const amountText = byKind.get('amount');
    const mark = decimalComma ? ',' : '.';
    const unitPriceMinor = unitPriceText ? parseAmountMinor(unitPriceText, currency, mark) : undefined;
    const amountMinor = amountText ? parseAmountMinor(amountText, currency, mark) : undefined;
    const lineNo = Number(byKind.get('line'));
    const date = byKind.has('needBy') ? acceptDate(byKind.get('needBy')!) : undefined;
    if (date) needBy.push(date);
    result.push({
      lineNumber: Number.isInteger(lineNo) && lineNo > 0 ? lineNo : result.length + 1,
      itemCode,
      description: description || (itemText?.split(/\s+/).slice(1).join(' ') ?? ''),
      quantityMilli: qty.quantityMilli,
      unitOfMeasure: byKind.has('uom') ? normalizeUnit(byKind.get('uom')!) : qty.uom,
      unitPriceMinor: unitPriceMinor !== undefined && unitPriceMinor >= 0 ? unitPriceMinor : undefined,
      amountMinor,
      confidence: unitPriceText && unitPriceMinor === undefined ? 0.6 : 0.9,
      sourceText: line.trim(),
    });
    continues = true;
  }
  // Renumber when the PO's own line numbers were missing or repeated.
  if (new Set(result.map((l) => l.lineNumber)).size !== result.length) result.forEach((l, i) => { l.lineNumber = i + 1; });
  return { lines: result, needBy };
}

/** A requested date printed only per line ("Need By" column): the order's, when the header has none. */
function requestedDateFromLines(needBy: string[]): Found<string> | undefined {
  if (needBy.length === 0) return undefined;
  const earliest = [...needBy].sort()[0]!;
  if (new Set(needBy).size === 1) return { value: earliest, confidence: 0.85, source: 'need-by date of every line' };
  // Lines wanted on different dates: the earliest, doubtful, so a person sees that they differ.
  return { value: earliest, confidence: 0.5, source: `earliest of the lines' need-by dates (${[...new Set(needBy)].sort().join(', ')})` };
}

/** Layout text with each page break ("\f", which pdftotext prints at the start of a page's first row) on its own row. */
function pagesApart(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (!line.includes('\f')) { out.push(line); continue; }
    line.split('\f').forEach((part, k) => {
      if (k > 0) out.push('\f');
      if (part.trim()) out.push(part);
    });
  }
  return out;
}

// ─── Line items typed in an email ───

const CODE = String.raw`((?=[A-Z0-9\-./]*\d)(?=[A-Z0-9\-./]*[A-Z-])[A-Z0-9][A-Z0-9\-./]{2,})`;
const QTY = String.raw`(\d[\d,.]*)`;
const UNIT = String.raw`(?:x|×|pcs?\.?|pieces?|ea\.?|each|units?|cs|cases?|boxes?|bx|rolls?|ft|feet|m|kg|lbs?)`;
const TYPED_LINE_PATTERNS: { re: RegExp; qty: number; code: number }[] = [
  // "10 x WID-100 Blue widget", "qty 10 pcs of WID-100"
  { re: new RegExp(String.raw`^\s*(?:[-*•]\s*|\d+[.)]\s+)?(?:qty:?\s*)?${QTY}\s*${UNIT}\s+(?:of\s+)?(?:item|part|sku|product)?\s*#?\s*${CODE}(.*)$`, 'i'), qty: 1, code: 2 },
  // "WID-100 x 10", "WID-100 - qty 10", "Item WID-100, quantity: 10"
  { re: new RegExp(String.raw`^\s*(?:[-*•]\s*|\d+[.)]\s+)?(?:item|part|sku|product)?\s*#?\s*:?\s*${CODE}\b(.*?)(?:\bx|×|\bqty\.?|\bquantity)\s*:?\s*${QTY}(.*)$`, 'i'), qty: 3, code: 1 },
];

const UNIT_CODES: Record<string, string> = { PC: 'EA', PCS: 'EA', PIECE: 'EA', PIECES: 'EA', EACH: 'EA', EA: 'EA', STÜCK: 'EA', STK: 'EA', BOX: 'BX', BOXES: 'BX', CASE: 'CS', CASES: 'CS', CS: 'CS', ROLL: 'RL', ROLLS: 'RL', FT: 'FT', KG: 'KG', LB: 'LB', LBS: 'LB' };

/** Words people type for units, as the unit codes our catalogue uses. */
function normalizeUnit(word: string): string {
  return UNIT_CODES[word.toUpperCase()] ?? word.toUpperCase();
}

const PRICE_AFTER = /(?:@|\bat\b|\bprice\b:?)\s*\$?\s*([\d,.]+\d)/i;

function linesFromTypedText(lines: string[], currency: string, decimalComma: boolean, unreadable: string[]): ParsedLine[] {
  const result: ParsedLine[] = [];
  for (const line of lines) {
    if (/^\s*>/.test(line)) continue; // quoted history of an earlier message
    for (const pattern of TYPED_LINE_PATTERNS) {
      const m = pattern.re.exec(line);
      if (!m) continue;
      const quantityMilli = parseQuantityNumber(m[pattern.qty]!.replace(/[.,]$/, ''), decimalComma);
      if (quantityMilli === undefined || quantityMilli === 0) { unreadable.push(line.trim()); break; }
      const itemCode = m[pattern.code]!.replace(/[.,]$/, '');
      const rest = line.slice(line.indexOf(m[pattern.code]!) + m[pattern.code]!.length);
      const price = PRICE_AFTER.exec(rest);
      const unitPriceMinor = price ? parseAmountMinor(price[1]!, currency, decimalComma ? ',' : '.') : undefined;
      if (price && unitPriceMinor === undefined) { unreadable.push(line.trim()); break; }
      const unitOfMeasure = new RegExp(String.raw`\d\s*(pcs?|ea|each|cs|cases?|boxes?|rolls?|ft|kg|lbs?)\b`, 'i').exec(line)?.[1]?.toUpperCase();
      result.push({
        lineNumber: result.length + 1,
        itemCode,
        description: rest.replace(/(?:@|\bat\b|\bprice\b:?)\s*\$?\s*[\d,.]+.*$/i, '').replace(/^[\s\-–:,]+/, '').replace(/\bx\s*\d[\d,.]*\b/i, '').trim(),
        quantityMilli,
        unitOfMeasure: unitOfMeasure ? normalizeUnit(unitOfMeasure) : undefined,
        unitPriceMinor,
        confidence: 0.8,
        sourceText: line.trim(),
      });
      break;
    }
  }
  return result;
}

/** Reads the first cell of the page when it names a company (the letterhead at the top of most POs). */
function letterhead(lines: string[]): Found<string> | undefined {
  for (const line of lines.filter((l) => l.trim() && l !== '\f').slice(0, 3)) {
    const cell = cellsOf(line)[0];
    if (!cell || /purchase\s*order|^p\.?o\.?\b|:/i.test(cell.text) || /\d{3,}/.test(cell.text)) continue;
    return { value: cell.text, confidence: 0.5, source: 'letterhead' };
  }
  return undefined;
}

function findCurrency(lines: string[]): Found<string> | undefined {
  const labelled = findLabelled(lines, CURRENCY_LABEL, acceptCurrency, 'currency');
  if (labelled) return labelled;
  const text = lines.join('\n');
  if (/€|\bEUR\b/.test(text)) return { value: 'EUR', confidence: 0.7, source: 'euro amounts' };
  if (/£|\bGBP\b/.test(text)) return { value: 'GBP', confidence: 0.7, source: 'pound amounts' };
  if (/¥|\bJPY\b/.test(text)) return { value: 'JPY', confidence: 0.7, source: 'yen amounts' };
  if (/\bCAD\b|C\$/.test(text)) return { value: 'CAD', confidence: 0.7, source: 'Canadian dollar amounts' };
  return undefined;
}

export function readPurchaseOrder(pageLines: string[], documentKind: ParsedPurchaseOrder['documentKind'], documentName: string): ParsedPurchaseOrder {
  const lines = pagesApart(pageLines);
  const currency = findCurrency(lines);
  const currencyCode = currency?.value ?? 'USD';
  const decimalComma = usesDecimalComma(lines);
  const unreadableInTable: string[] = [];
  const tableLines = linesFromTable(lines, currencyCode, decimalComma, unreadableInTable);
  const unreadableTyped: string[] = [];
  const fromTable = tableLines !== undefined && (tableLines.lines.length > 0 || unreadableInTable.length > 0);
  const itemLines = fromTable ? tableLines!.lines : linesFromTypedText(lines, currencyCode, decimalComma, unreadableTyped);
  const unreadableLines = fromTable ? unreadableInTable : unreadableTyped;
  const total = findLabelled(lines, TOTAL_LABEL, (t) => parseAmountMinor(t, currencyCode, decimalComma ? ',' : '.'), 'total');
  const company = findLabelled(lines, COMPANY_LABEL, acceptName, 'company') ?? (documentKind === 'pdf_text' ? letterhead(lines) : undefined);
  return {
    documentKind,
    documentName,
    poNumber: findPoNumber(lines),
    orderDate: findLabelled(lines, ORDER_DATE_LABEL, acceptDate, 'order date', true),
    requestedShipDate: findLabelled(lines, REQUESTED_DATE_LABEL, acceptDate, 'requested date', true) ?? (fromTable ? requestedDateFromLines(tableLines!.needBy) : undefined),
    customerNumber: findLabelled(lines, CUSTOMER_NUMBER_LABEL, acceptCode, 'customer number'),
    companyName: company,
    shipTo: findShipTo(lines),
    currency,
    paymentTerms: findLabelled(lines, TERMS_LABEL, acceptTerms, 'payment terms', true),
    totalMinor: total,
    lines: itemLines,
    unreadableLines,
  };
}
