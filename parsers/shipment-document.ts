// Reads a packing slip or bill of lading from layout text (parsers/pdf-layout.ts): header fields by their
// labels with the PO reader's finder (value beside or below the label), shipped lines by the table's header
// row. A row that looks like a shipped line but cannot be read whole makes the whole document unreadable:
// a shipment is never recorded, or invoiced, short a line.
import { parseAmountMinor, parseQuantityMilli } from '../domain/money.js';
import { ShipmentReadError, shipmentConfirmationSchema, type ShipmentConfirmation, type ShipmentLine } from '../domain/shipment.js';
import { cellsOf, overlap, type Cell } from './layout-text.js';
import { acceptCurrency, acceptDate, acceptName, findLabelled, type Found } from './po-reader.js';

const SUFFIX = String.raw`\s*(?:no\.?|number|num\.?|#|id)`;
const PACKING_SLIP_LABEL = new RegExp(String.raw`^(?:packing\s*(?:slip|list)|delivery\s*note|d[ei]spatch\s*note)${SUFFIX}\s*[:#]?$`, 'i');
const BOL_LABEL = new RegExp(String.raw`^(?:bill\s*of\s*lading|b\/?o\/?l|b\/l)${SUFFIX}\s*[:#]?$`, 'i');
const SHIPMENT_LABEL = new RegExp(String.raw`^(?:shipment|delivery|shipper'?s?\s*ref(?:erence)?)${SUFFIX}\s*[:#]?$`, 'i');
const ORDER_REF_LABEL = /^(?:our\s*(?:order|ref(?:erence)?)|sales\s*order|s\.?\s?o\.?)\s*(?:no\.?|number|#|ref(?:erence)?)?\s*[:#]?$/i;
const PLAIN_ORDER_LABEL = /^order\s*(?:no\.?|number|#)\s*:?$/i; // on our own packing slip, "Order No." is ours
const PO_LABEL = /^(?:(?:your|customer|cust\.?)\s*(?:p\.?\s?o\.?|purchase\s*order|order)|purchase\s*order|p\.?\s?o\.?)\s*(?:no\.?|number|num\.?|#)?\s*[:#]?$/i;
const CUSTOMER_LABEL = /^(?:(?:customer|cust\.?|account|acct\.?)\s*(?:no\.?|number|#|id|code)|account)\s*:?$/i;
const SHIP_DATE_LABEL = /^(?:ship(?:ped)?\s*(?:date|on)|date\s*shipped|shipping\s*date|pick[\s-]?up\s*date|d[ei]spatch\s*date)\s*:?$/i;
const PLAIN_DATE_LABEL = /^date\s*:?$/i;
const CARRIER_LABEL = /^(?:carrier(?:\s*name)?|ship(?:ped)?\s*via|via|scac)\s*:?$/i;
const TRACKING_LABEL = /^(?:tracking(?:\s*(?:no\.?|numbers?|#))?|pro\s*\/\s*tracking(?:\s*(?:no\.?|numbers?|#))?|(?:air\s*)?waybill(?:\s*(?:no\.?|number|#))?)\s*[:#]?$/i;
const PRO_LABEL = /^pro(?:\s*(?:no\.?|number|#))?\s*[:#]?$/i;
const FREIGHT_LABEL = /^(?:freight(?:\s*(?:charges?|amount|cost))?|shipping(?:\s*(?:charges?|cost))?|freight\s*&\s*handling)\s*:?$/i;
const CURRENCY_LABEL = /^currency\s*:?$/i;
const SHIP_TO_LABEL = /^(?:ship\s*to|ship-to|deliver\s*to|delivery\s*address|consignee)\s*:?$/i;

const LABELS = [PACKING_SLIP_LABEL, BOL_LABEL, SHIPMENT_LABEL, ORDER_REF_LABEL, PLAIN_ORDER_LABEL, PO_LABEL, CUSTOMER_LABEL, SHIP_DATE_LABEL, PLAIN_DATE_LABEL,
  CARRIER_LABEL, TRACKING_LABEL, PRO_LABEL, FREIGHT_LABEL, CURRENCY_LABEL, SHIP_TO_LABEL, /^(?:freight\s*terms|ship\s*from|bill\s*to|sold\s*to)\s*:?$/i];
/** In a boxed layout the cell right of a label is the next box's label, not a value. */
const isLabel = (text: string) => LABELS.some((label) => label.test(text.trim()));
const acceptCarrier = (text: string): string | undefined => (isLabel(text) ? undefined : acceptName(text));

const acceptReference = (text: string): string | undefined => {
  const m = /^#?\s*((?=[A-Z0-9\-/.]*\d)[A-Z0-9][A-Z0-9\-/.]{1,39})$/i.exec(text.trim());
  return m ? m[1]!.replace(/[.]$/, '') : undefined;
};
const acceptTracking = (text: string): string[] | undefined => {
  const parts = text.trim().split(/[\s,;]+/).filter(Boolean);
  return parts.length > 0 && parts.every((p) => /^(?=.*\d)[A-Z0-9][A-Z0-9-]{5,39}$/i.test(p)) ? parts : undefined;
};
const CURRENCY_IN_AMOUNT: [RegExp, string][] = [[/€|\bEUR\b/, 'EUR'], [/£|\bGBP\b/, 'GBP'], [/\bCAD\b|C\$/, 'CAD'], [/\bUSD\b|US\$/, 'USD']];
const acceptFreight = (text: string): { minor: number; currency?: string } | undefined => {
  const currency = CURRENCY_IN_AMOUNT.find(([re]) => re.test(text))?.[1];
  const minor = parseAmountMinor(text, currency ?? 'USD');
  return minor !== undefined && minor >= 0 ? { minor, currency } : undefined;
};

/** A shipped quantity as printed ("200", "1,000", "2.5 FT"), or why it is not one, for the CSR. */
export function readShippedQuantity(text: string): { milli: number } | { problem: string } {
  const m = /^(\d[\d,]*(?:\.\d{1,3})?)(?:\s+\p{L}{1,12}\.?)?$/u.exec(text.trim());
  const milli = m ? parseQuantityMilli(m[1]!) : undefined;
  if (milli !== undefined) return { milli };
  const lookalike = text.trim().replace(/[oO]/g, '0').replace(/[lI]/g, '1');
  const hint = lookalike !== text.trim() && parseQuantityMilli(lookalike) !== undefined ? ' (a letter O or l where a digit belongs?)' : '';
  return { problem: text.trim() === '' ? 'is empty' : `"${text.trim()}" is not a quantity${hint}` };
}

// ─── The shipped-lines table ───

type ColumnKind = 'line' | 'item' | 'description' | 'ordered' | 'shipped' | 'backordered' | 'uom' | 'other';
interface Column { kind: ColumnKind; start: number; end: number }

function columnKind(header: string): ColumnKind {
  const h = header.toLowerCase().replace(/[.:]/g, '').trim();
  if (/back\s*-?\s*order|^b\/?o\b|\bb\/o\b|^qty\s*bo$/.test(h)) return 'backordered';
  if (/ship|deliver|d[ei]spatch/.test(h)) return 'shipped';
  if (/order|\bord\b/.test(h)) return 'ordered';
  if (/^(qty|quantity|pieces|pcs)$/.test(h)) return 'shipped'; // a packing slip's plain quantity is what is in the box
  if (/^(uom|u\/m|um|unit)$/.test(h)) return 'uom';
  if (/desc/.test(h)) return 'description';
  if (/^(line|ln|#|no|pos|line #|line no)$/.test(h)) return 'line';
  if (/item|part|sku|product|material|article|catalog|code/.test(h)) return 'item';
  return 'other';
}

/** A header row: words only (no digits, no "label:"), naming a shipped quantity and an item or description. */
export function shipmentTableHeader(line: string): Column[] | undefined {
  const cells = cellsOf(line);
  if (cells.length < 2 || cells.some((c) => /\d|:/.test(c.text))) return undefined;
  const columns = cells.map((c) => ({ kind: columnKind(c.text), start: c.start, end: c.end }));
  const kinds = new Set(columns.map((c) => c.kind));
  return kinds.has('shipped') && (kinds.has('item') || kinds.has('description')) ? columns : undefined;
}

/** The column a cell sits under. Right-aligned numbers can end a character past their header, and are never units. */
function assign(cell: Cell, columns: Column[]): Column {
  const numeric = /^[\d,.]+$/.test(cell.text);
  let best = columns[0]!;
  let bestScore = -Infinity;
  for (const col of columns) {
    if (numeric && col.kind === 'uom') continue;
    const score = overlap(cell, { start: col.start - 1, end: col.end + 1 }) * 10 - Math.abs((cell.start + cell.end) / 2 - (col.start + col.end) / 2);
    if (score > bestScore) { bestScore = score; best = col; }
  }
  return best;
}

const TABLE_END = /^\s*(?:sub\s*-?total|total|freight|shipping\s*charges?|tracking|pro\b|notes?|comments?|packed\s*by|checked\s*by|received\s*by|shipper|carrier\s*signature|signature|special\s*instructions|cartons?\s*:|terms)\b/i;
const ITEM_CODE = /^(?=[A-Z0-9\-./]*\d)(?=[A-Z0-9\-./]*[A-Z-])[A-Z0-9][A-Z0-9\-./]{2,}$/i;

function readTable(lines: string[], documentName: string, problems: string[]): ShipmentLine[] {
  const headerAt = lines.findIndex((l) => shipmentTableHeader(l) !== undefined);
  if (headerAt < 0) return [];
  const columns = shipmentTableHeader(lines[headerAt]!)!;
  const result: ShipmentLine[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '\f' || !line.trim()) continue;
    if (TABLE_END.test(line)) break;
    if (shipmentTableHeader(line)) continue; // the header again on a new page
    const byKind = new Map<ColumnKind, string>();
    for (const cell of cellsOf(line)) {
      const kind = assign(cell, columns).kind;
      byKind.set(kind, byKind.has(kind) ? `${byKind.get(kind)} ${cell.text}` : cell.text);
    }
    let itemCode = byKind.get('item')?.split(/\s+/)[0];
    let description = byKind.get('description') ?? byKind.get('item')?.split(/\s+/).slice(1).join(' ') ?? '';
    if (!itemCode && description) {
      const first = description.split(/\s+/)[0]!;
      if (ITEM_CODE.test(first)) { itemCode = first; description = description.slice(first.length).trim(); }
    }
    const shippedText = byKind.get('shipped');
    if (!itemCode || shippedText === undefined) {
      if (byKind.size === 1 && byKind.has('description')) {
        const previous = result[result.length - 1];
        if (previous) previous.description = `${previous.description ?? ''} ${description}`.trim();
      } else if (shippedText !== undefined || (itemCode && ITEM_CODE.test(itemCode))) {
        problems.push(`This row of ${documentName} looks like a shipped line, but its ${itemCode ? 'quantity shipped is missing' : 'item is missing'}: "${line.trim()}".`);
      }
      continue;
    }
    const shipped = readShippedQuantity(shippedText);
    if ('problem' in shipped) {
      problems.push(`This row of ${documentName} looks like a shipped line, but its quantity shipped ${shipped.problem}: "${line.trim()}".`);
      continue;
    }
    const backorderedText = byKind.get('backordered')?.trim();
    let backorderedMilli: number | undefined;
    if (backorderedText && !/^[-–—]$/.test(backorderedText)) {
      const backordered = readShippedQuantity(backorderedText);
      if ('problem' in backordered) {
        problems.push(`This row of ${documentName} has a backordered quantity that ${backordered.problem}: "${line.trim()}".`);
        continue;
      }
      backorderedMilli = backordered.milli;
    }
    const lineNo = Number(byKind.get('line'));
    result.push({
      sku: itemCode,
      quantityMilli: shipped.milli,
      ...(backorderedMilli !== undefined ? { backorderedMilli } : {}),
      ...(Number.isInteger(lineNo) && lineNo > 0 ? { lineNumber: lineNo } : {}),
      description,
      confidence: 0.9,
      sourceText: line.trim(),
    });
  }
  return result;
}

// ─── Header fields ───

/** The address lines under a label, in its column, up to the next label or the table. */
function findAddress(lines: string[]): Found<string> | undefined {
  for (let i = 0; i < lines.length; i++) {
    for (const cell of cellsOf(lines[i]!)) {
      const colon = cell.text.indexOf(':');
      const labelText = colon > 0 ? cell.text.slice(0, colon + 1) : cell.text;
      if (!SHIP_TO_LABEL.test(labelText.trim())) continue;
      const block = colon > 0 && cell.text.slice(colon + 1).trim() ? [cell.text.slice(colon + 1).trim()] : [];
      const column = { start: cell.start, end: cell.start + 40 };
      for (let j = i + 1; j < lines.length && block.length < 5; j++) {
        if (lines[j] === '\f' || shipmentTableHeader(lines[j]!)) break;
        const below = cellsOf(lines[j]!).filter((b) => overlap(b, column) > 0 && Math.abs(b.start - column.start) <= 2);
        if (below.length === 0 || /:/.test(below[0]!.text) || isLabel(below[0]!.text)) break;
        block.push(below[0]!.text);
      }
      if (block.length) return { value: block.join(', '), confidence: 0.8, source: 'ship-to block' };
    }
  }
  return undefined;
}

function findTracking(lines: string[]): Found<string>[] {
  const found: Found<string>[] = [];
  for (const [label, what] of [[PRO_LABEL, 'PRO number'], [TRACKING_LABEL, 'tracking number']] as const) {
    const hit = findLabelled(lines, label, acceptTracking, what);
    for (const value of hit?.value ?? []) {
      if (!found.some((f) => f.value === value)) found.push({ value, confidence: hit!.confidence, source: hit!.source });
    }
  }
  return found;
}

/**
 * Reads a packing slip or bill of lading. Throws ShipmentReadError listing everything missing or unreadable
 * (reference, ship date, order or PO, lines, rows that cannot be read whole).
 */
export function readShipmentDocument(lines: string[], documentName: string): ShipmentConfirmation {
  const problems: { code: ShipmentReadError['code']; text: string }[] = [];
  const reference = findLabelled(lines, PACKING_SLIP_LABEL, acceptReference, 'packing slip number')
    ?? findLabelled(lines, BOL_LABEL, acceptReference, 'bill of lading number')
    ?? findLabelled(lines, SHIPMENT_LABEL, acceptReference, 'shipment number');
  const shippedAt = findLabelled(lines, SHIP_DATE_LABEL, acceptDate, 'ship date', true) ?? findLabelled(lines, PLAIN_DATE_LABEL, acceptDate, 'date');
  const orderRef = findLabelled(lines, ORDER_REF_LABEL, acceptReference, 'our order') ?? findLabelled(lines, PLAIN_ORDER_LABEL, acceptReference, 'order number');
  const poNumber = findLabelled(lines, PO_LABEL, acceptReference, 'customer PO');
  const freight = findLabelled(lines, FREIGHT_LABEL, acceptFreight, 'freight');
  const currency = findLabelled(lines, CURRENCY_LABEL, acceptCurrency, 'currency')
    ?? (freight?.value.currency ? { value: freight.value.currency, confidence: freight.confidence, source: freight.source } : undefined);

  if (!reference) problems.push({ code: 'missing_field', text: `No packing slip or bill of lading number was found in ${documentName} (a label such as "Packing Slip No." or "BOL #").` });
  if (!shippedAt) problems.push({ code: 'missing_field', text: `No ship date was found in ${documentName} (a label such as "Ship Date").` });
  if (!orderRef && !poNumber) problems.push({ code: 'missing_field', text: `Neither our order reference ("Our Order", "Sales Order") nor the customer's PO number ("Your PO", "Customer PO") was found in ${documentName}: the shipment cannot be matched to an order.` });
  const unreadable: string[] = [];
  const shippedLines = readTable(lines, documentName, unreadable);
  problems.push(...unreadable.map((text) => ({ code: 'unreadable_line' as const, text })));
  if (shippedLines.length === 0 && unreadable.length === 0) problems.push({ code: 'no_lines', text: `No shipped lines were found in ${documentName} (a table with an item column and a "Qty Shipped" column).` });
  if (problems.length > 0) throw new ShipmentReadError(problems.find((p) => p.code === 'unreadable_line')?.code ?? problems[0]!.code, problems.map((p) => p.text));

  const upper = (f: Found<string> | undefined) => (f ? { ...f, value: f.value.toUpperCase() } : undefined);
  return shipmentConfirmationSchema.parse({
    documentKind: 'pdf_text',
    documentName,
    reference: reference!,
    orderRef: /^SO-/i.test(orderRef?.value ?? '') ? upper(orderRef) : orderRef,
    poNumber,
    customerNumber: findLabelled(lines, CUSTOMER_LABEL, acceptReference, 'customer number'),
    shippedAt: shippedAt!,
    carrier: findLabelled(lines, CARRIER_LABEL, acceptCarrier, 'carrier'),
    trackingNumbers: findTracking(lines),
    freightMinor: freight ? { value: freight.value.minor, confidence: freight.confidence, source: freight.source } : undefined,
    currency,
    shipTo: findAddress(lines),
    lines: shippedLines,
  });
}
