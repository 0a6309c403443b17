// Reads the warehouse system's shipment feed, CSV or JSON, into shipment confirmations. Feeds are exact
// (confidence 1.0), so anything we cannot read is an error naming the row and column, or the JSON field;
// one bad row rejects the file, since a shipment recorded short a line would be invoiced short.
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { parseAmountMinor } from '../domain/money.js';
import { normalizeShipmentReference, ShipmentReadError, shipmentConfirmationSchema, type ShipmentConfirmation, type ShipmentLine } from '../domain/shipment.js';
import { parseDate } from './layout-text.js';
import { readShippedQuantity } from './shipment-document.js';

type Field = 'reference' | 'orderRef' | 'poNumber' | 'customerNumber' | 'shippedAt' | 'carrier' | 'tracking' | 'freight' | 'currency' | 'shipTo'
  | 'lineNumber' | 'sku' | 'description' | 'quantity' | 'backordered';

/** Header names each field goes by in warehouse exports, most specific first, after normalizing ("Slip #" is slip_no). */
const CSV_SYNONYMS: Record<Field, string[]> = {
  reference: ['packing_slip_no', 'packing_slip_number', 'packing_slip', 'slip_no', 'slip_number', 'slip', 'bol_no', 'bol_number', 'bol', 'bill_of_lading', 'shipment_no', 'shipment_number', 'shipment_id', 'shipment', 'delivery_no', 'delivery_number', 'delivery', 'reference', 'ref'],
  orderRef: ['sales_order', 'sales_order_no', 'sales_order_number', 'so_no', 'so_number', 'so', 'our_order', 'order_ref', 'order_no', 'order_number', 'order'],
  poNumber: ['customer_po', 'customer_po_no', 'cust_po', 'your_po', 'po_no', 'po_number', 'po', 'purchase_order', 'purchase_order_number'],
  customerNumber: ['customer_no', 'customer_number', 'cust_no', 'customer_id', 'customer', 'account_no', 'account_number', 'account'],
  shippedAt: ['ship_date', 'shipped_at', 'shipped_on', 'shipped_date', 'date_shipped', 'shipment_date', 'date'],
  carrier: ['carrier', 'ship_via', 'via', 'scac'],
  tracking: ['tracking_no', 'tracking_number', 'tracking_numbers', 'tracking', 'pro_no', 'pro_number', 'pro'],
  freight: ['freight', 'freight_amount', 'freight_charge', 'freight_charges', 'shipping_charge', 'shipping'],
  currency: ['currency', 'currency_code', 'ccy'],
  shipTo: ['ship_to', 'ship_to_address', 'deliver_to'],
  lineNumber: ['line_no', 'line_number', 'line'],
  sku: ['sku', 'item_no', 'item_number', 'item_code', 'item', 'part_no', 'part_number', 'part', 'product_code', 'product'],
  description: ['description', 'item_description'],
  quantity: ['qty_shipped', 'quantity_shipped', 'shipped_qty', 'ship_qty', 'shipped', 'qty', 'quantity'],
  backordered: ['qty_backordered', 'quantity_backordered', 'backordered', 'backorder_qty', 'backorder', 'bo_qty', 'qty_bo'],
};
const WHAT: Record<Field, string> = {
  reference: 'the packing slip or BOL number', orderRef: 'our sales order', poNumber: 'the customer PO', customerNumber: 'the customer number',
  shippedAt: 'the ship date', carrier: 'the carrier', tracking: 'the tracking number', freight: 'the freight', currency: 'the currency', shipTo: 'the ship-to address',
  lineNumber: 'the line number', sku: 'the item (SKU)', description: 'the description', quantity: 'the quantity shipped', backordered: 'the quantity backordered',
};
const SHIPMENT_FIELDS: Field[] = ['orderRef', 'poNumber', 'customerNumber', 'shippedAt', 'carrier', 'freight', 'currency', 'shipTo'];

export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/#/g, ' no ').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** "2026-11-28", "11/28/2026", "2026-11-28T14:05:00Z": the date it shipped, ISO. */
function readDate(text: string): string | undefined {
  const t = text.trim();
  const stamp = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/.exec(t);
  return parseDate(stamp ? stamp[1]! : t);
}

function detectDelimiter(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![1] > 0 ? counts[0]![0] : ',';
}

const field = <T>(value: T, source: string) => ({ value, confidence: 1, source });

/**
 * Reads a CSV export with one row per shipped line; the shipment's own fields (slip number, order, date,
 * carrier, freight...) repeat on each of its rows or are given once. Rows group into shipments by the
 * packing slip / BOL column. A row with the shipment's fields but no item and quantity adds only those.
 */
export function readShipmentCsv(csv: string, documentName: string): ShipmentConfirmation[] {
  let rows: string[][];
  try {
    rows = parseCsv(csv, { bom: true, delimiter: detectDelimiter(csv), skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new ShipmentReadError('not_csv', [`${documentName} cannot be read as CSV: ${(err as Error).message}.`]);
  }
  if (rows.length < 2) throw new ShipmentReadError('no_lines', [`${documentName} has ${rows.length === 0 ? 'nothing in it' : 'a header row but no shipped lines'}.`]);
  const header = rows[0]!;
  const normalized = header.map(normalizeHeader);
  const columnOf = new Map<Field, number>();
  const trackingColumns: number[] = [];
  for (const [f, synonyms] of Object.entries(CSV_SYNONYMS) as [Field, string[]][]) {
    if (f === 'tracking') { normalized.forEach((h, i) => { if (synonyms.includes(h)) trackingColumns.push(i); }); continue; }
    for (const name of synonyms) {
      const at = normalized.indexOf(name);
      if (at >= 0 && ![...columnOf.values()].includes(at)) { columnOf.set(f, at); break; }
    }
  }
  const missing = (['reference', 'shippedAt', 'sku', 'quantity'] as Field[]).filter((f) => !columnOf.has(f));
  const problems = missing.map((f) => `${documentName} has no column for ${WHAT[f]} (a header such as ${CSV_SYNONYMS[f].slice(0, 4).map((s) => `"${s}"`).join(', ')}).`);
  if (!columnOf.has('orderRef') && !columnOf.has('poNumber')) {
    problems.push(`${documentName} has no column for our sales order or the customer PO (a header such as "sales_order", "so_number", "customer_po", "po_number"): its shipments cannot be matched to orders.`);
  }
  if (problems.length) throw new ShipmentReadError('wrong_columns', [...problems, `Its columns are: ${header.map((h) => `"${h}"`).join(', ')}.`]);

  interface Draft { rows: number[]; values: Partial<Record<Field, { value: string; row: number }>>; tracking: string[]; lines: ShipmentLine[] }
  const drafts = new Map<string, Draft>();
  const rowProblems: { code: ShipmentReadError['code']; text: string }[] = [];
  const troubled = new Set<string>(); // shipments with a bad row: their missing lines are that row's fault
  const problem = (code: ShipmentReadError['code'], text: string, reference?: string) => {
    rowProblems.push({ code, text });
    if (reference) troubled.add(normalizeShipmentReference(reference));
  };
  const at = (f: Field) => `column "${header[columnOf.get(f)!]}"`;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const rowNo = r + 1; // as a spreadsheet numbers it, the header being row 1
    if (row.length !== header.length) { problem('inconsistent_rows', `Row ${rowNo} of ${documentName} has ${row.length} cells, the header has ${header.length}.`, row[columnOf.get('reference')!]); continue; }
    const cell = (f: Field) => (columnOf.has(f) ? row[columnOf.get(f)!]!.trim() : '');
    const reference = cell('reference');
    if (!reference) { problem('missing_field', `Row ${rowNo} of ${documentName}: ${at('reference')} is empty.`); continue; }
    let draft = drafts.get(normalizeShipmentReference(reference));
    if (!draft) { draft = { rows: [], values: {}, tracking: [], lines: [] }; drafts.set(normalizeShipmentReference(reference), draft); draft.values.reference = { value: reference, row: rowNo }; }
    draft.rows.push(rowNo);
    for (const f of SHIPMENT_FIELDS) {
      const v = cell(f);
      if (!v) continue;
      const earlier = draft.values[f];
      if (earlier && earlier.value !== v) problem('inconsistent_rows', `Row ${rowNo} of ${documentName}: ${at(f)} says "${v}" but row ${earlier.row} says "${earlier.value}" for shipment ${reference}; a shipment has one ${WHAT[f].replace(/^the /, '')}.`, reference);
      else if (!earlier) draft.values[f] = { value: v, row: rowNo };
    }
    for (const c of trackingColumns) for (const t of row[c]!.split(/[\s,;|]+/).filter(Boolean)) if (!draft.tracking.includes(t)) draft.tracking.push(t);
    const sku = cell('sku');
    const quantityText = cell('quantity');
    if (!sku && !quantityText) continue; // a shipment-only row (freight, tracking)
    if (!sku) { problem('unreadable_line', `Row ${rowNo} of ${documentName}: ${at('sku')} is empty, but ${quantityText} shipped.`, reference); continue; }
    const quantity = readShippedQuantity(quantityText);
    if ('problem' in quantity) { problem('unreadable_line', `Row ${rowNo} of ${documentName}, ${at('quantity')}: ${quantity.problem}.`, reference); continue; }
    let backorderedMilli: number | undefined;
    if (cell('backordered')) {
      const b = readShippedQuantity(cell('backordered'));
      if ('problem' in b) { problem('unreadable_line', `Row ${rowNo} of ${documentName}, ${at('backordered')}: ${b.problem}.`, reference); continue; }
      backorderedMilli = b.milli;
    }
    let lineNumber: number | undefined;
    if (cell('lineNumber')) {
      lineNumber = Number(cell('lineNumber'));
      if (!Number.isInteger(lineNumber) || lineNumber <= 0) { problem('unreadable_line', `Row ${rowNo} of ${documentName}, ${at('lineNumber')}: "${cell('lineNumber')}" is not a line number.`, reference); continue; }
    }
    draft.lines.push({
      sku, quantityMilli: quantity.milli, ...(backorderedMilli !== undefined ? { backorderedMilli } : {}), ...(lineNumber !== undefined ? { lineNumber } : {}),
      ...(cell('description') ? { description: cell('description') } : {}), confidence: 1, sourceText: `${documentName} row ${rowNo}: ${row.join(',')}`,
    });
  }

  const result: ShipmentConfirmation[] = [];
  for (const draft of drafts.values()) {
    const v = draft.values;
    const reference = v.reference!.value;
    const where = (f: Field) => `${documentName} ${at(f)}, row ${v[f]!.row}`;
    const shippedAt = v.shippedAt ? readDate(v.shippedAt.value) : undefined;
    if (!v.shippedAt) problem('missing_field', `Shipment ${reference} in ${documentName} has no ship date in ${at('shippedAt')}.`);
    else if (!shippedAt) problem('unreadable_line', `Row ${v.shippedAt.row} of ${documentName}, ${at('shippedAt')}: "${v.shippedAt.value}" is not a date (write YYYY-MM-DD).`);
    if (!v.orderRef && !v.poNumber) problem('missing_field', `Shipment ${reference} in ${documentName} gives neither our sales order nor the customer PO.`);
    const currency = v.currency?.value.toUpperCase();
    if (v.currency && !/^[A-Z]{3}$/.test(currency!)) problem('unreadable_line', `Row ${v.currency.row} of ${documentName}, ${at('currency')}: "${v.currency.value}" is not an ISO currency code such as USD.`);
    const freightMinor = v.freight ? parseAmountMinor(v.freight.value, currency ?? 'USD') : undefined;
    if (v.freight && (freightMinor === undefined || freightMinor < 0)) problem('unreadable_line', `Row ${v.freight.row} of ${documentName}, ${at('freight')}: "${v.freight.value}" is not an amount.`);
    if (draft.lines.length === 0 && !troubled.has(normalizeShipmentReference(reference))) problem('no_lines', `Shipment ${reference} in ${documentName} has no shipped lines (rows ${draft.rows.join(', ')}).`);
    if (rowProblems.length) continue;
    result.push(shipmentConfirmationSchema.parse({
      documentKind: 'csv_feed', documentName,
      reference: field(reference, `${documentName} ${at('reference')}, row ${v.reference!.row}`),
      orderRef: v.orderRef ? field(v.orderRef.value, where('orderRef')) : undefined,
      poNumber: v.poNumber ? field(v.poNumber.value, where('poNumber')) : undefined,
      customerNumber: v.customerNumber ? field(v.customerNumber.value, where('customerNumber')) : undefined,
      shippedAt: field(shippedAt!, where('shippedAt')),
      carrier: v.carrier ? field(v.carrier.value, where('carrier')) : undefined,
      trackingNumbers: draft.tracking.map((t) => field(t, `${documentName} tracking column`)),
      freightMinor: v.freight ? field(freightMinor!, where('freight')) : undefined,
      currency: v.currency ? field(currency!, where('currency')) : undefined,
      shipTo: v.shipTo ? field(v.shipTo.value, where('shipTo')) : undefined,
      lines: draft.lines,
    }));
  }
  if (rowProblems.length) {
    const texts = rowProblems.map((p) => p.text);
    throw new ShipmentReadError(rowProblems[0]!.code, texts.slice(0, 20).concat(texts.length > 20 ? [`…and ${texts.length - 20} more.`] : []));
  }
  return result;
}

// ─── JSON ───
//
// The accepted JSON: one shipment object, an array of them, or { "shipments": [ ... ] }. A shipment:
//   {
//     "reference": "PS-20931",            required: packing slip or BOL number
//     "orderRef": "SO-1A2B3C4D",          our sales order reference, and/or
//     "poNumber": "4500012345",           the customer's PO number (at least one of the two)
//     "customerNumber": "C-1001",         optional
//     "shippedAt": "2026-11-28",          required: ISO date, or ISO date-time (the date is kept)
//     "carrier": "UPS Ground",            optional
//     "trackingNumbers": ["1Z..."],       optional
//     "freight": "45.00",                 optional: decimal in major units, a string or a number
//     "currency": "USD",                  optional: ISO 4217; the order's currency when absent
//     "shipTo": "200 Industrial Way, ...",optional: one line
//     "lines": [                          required, at least one
//       { "sku": "WID-100", "quantity": 200, "backordered": 50, "lineNumber": 1, "description": "..." }
//     ]                                   quantity (shipped) required, a number or decimal string, up to 3 decimals
//   }
// Unknown keys are refused by name, so a misspelt "freigth" is an error rather than freight quietly missing.

/** "is missing" when absent, rather than zod's "expected string, received undefined". */
const text = (what: string) => z.string({ error: (issue) => (issue.input === undefined ? `is missing (${what})` : `expected text (${what})`) }).trim().min(1, `is empty (${what})`);
const decimal = (what: string) => z.union([z.number(), z.string()], { error: (issue) => (issue.input === undefined ? `is missing (${what})` : `expected a number or a decimal string (${what})`) })
  .transform((v) => String(v).trim());
/** Names the unknown keys, so a misspelling is found at once. */
const strictError = { error: (issue: { code?: string; keys?: string[] }) => (issue.code === 'unrecognized_keys' ? `unknown field${issue.keys!.length > 1 ? 's' : ''} ${issue.keys!.map((k) => `"${k}"`).join(', ')} (check the spelling against the documented shape)` : undefined) };
const jsonLineSchema = z.strictObject({
  sku: text('the item, our SKU or the customer\'s part number'),
  quantity: decimal('the quantity shipped'),
  backordered: decimal('the quantity backordered').optional(),
  lineNumber: z.number().int().positive().optional(),
  description: z.string().optional(),
}, strictError);
const jsonShipmentSchema = z.strictObject({
  reference: text('the packing slip or BOL number'),
  orderRef: z.string().trim().min(1).optional(),
  poNumber: z.string().trim().min(1).optional(),
  customerNumber: z.string().trim().min(1).optional(),
  shippedAt: text('the ship date, YYYY-MM-DD'),
  carrier: z.string().trim().min(1).optional(),
  trackingNumbers: z.array(z.string().trim().min(1)).optional(),
  freight: decimal('the freight amount').optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD').optional(),
  shipTo: z.string().trim().min(1).optional(),
  lines: z.array(jsonLineSchema, { error: (issue) => (issue.input === undefined ? 'is missing (the shipped lines)' : 'expected an array of lines') }).min(1, 'a shipment needs at least one line'),
}, strictError);

function pathText(path: readonly PropertyKey[], prefix: string): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}${text ? '.' : ''}${String(key)}`), prefix) || '(the top level)';
}

export function readShipmentJson(json: string, documentName: string): ShipmentConfirmation[] {
  let data: unknown;
  try { data = JSON.parse(json); } catch (err) {
    throw new ShipmentReadError('not_json', [`${documentName} is not JSON: ${(err as Error).message}.`]);
  }
  const wrapped = data !== null && typeof data === 'object' && !Array.isArray(data) && 'shipments' in data;
  const list: unknown = wrapped ? (data as { shipments: unknown }).shipments : Array.isArray(data) ? data : [data];
  const prefix = wrapped ? 'shipments' : ''; // an array at the top level is named by index alone: [0].lines[1]
  if (wrapped && Object.keys(data as object).length > 1) {
    throw new ShipmentReadError('wrong_shape', [`${documentName}: only "shipments" is accepted at the top level, found ${Object.keys(data as object).filter((k) => k !== 'shipments').map((k) => `"${k}"`).join(', ')}.`]);
  }
  if (data === null || typeof data !== 'object' || (Array.isArray(list) && list.some((s) => s === null || typeof s !== 'object' || Array.isArray(s)))) {
    throw new ShipmentReadError('wrong_shape', [`${documentName}: expected a shipment object, an array of them, or {"shipments": [...]}.`]);
  }
  const parsed = z.array(jsonShipmentSchema).min(1, 'no shipments').safeParse(list);
  if (!parsed.success) {
    const single = !wrapped && !Array.isArray(data);
    throw new ShipmentReadError('wrong_shape', parsed.error.issues.slice(0, 20).map((issue) => {
      const path = single ? issue.path.slice(1) : issue.path;
      return `${documentName}: ${pathText(path, prefix)}: ${issue.message}.`;
    }));
  }
  const problems: string[] = [];
  const result: ShipmentConfirmation[] = [];
  parsed.data.forEach((s, i) => {
    const base = Array.isArray(data) || wrapped ? `${prefix}[${i}]` : '';
    const at = (key: string) => `${documentName}: ${base}${base ? '.' : ''}${key}`;
    const before = problems.length;
    const shippedAt = readDate(s.shippedAt);
    if (!shippedAt) problems.push(`${at('shippedAt')}: "${s.shippedAt}" is not a date (write YYYY-MM-DD).`);
    if (!s.orderRef && !s.poNumber) problems.push(`${at('orderRef')}: give our sales order ("orderRef") or the customer PO ("poNumber"); the shipment cannot be matched to an order without one.`);
    const freightMinor = s.freight !== undefined ? parseAmountMinor(s.freight, s.currency ?? 'USD') : undefined;
    if (s.freight !== undefined && (freightMinor === undefined || freightMinor < 0)) problems.push(`${at('freight')}: "${s.freight}" is not an amount.`);
    const lines: ShipmentLine[] = [];
    s.lines.forEach((l, j) => {
      const quantity = readShippedQuantity(l.quantity);
      if ('problem' in quantity) { problems.push(`${at(`lines[${j}].quantity`)}: ${quantity.problem}.`); return; }
      const backordered = l.backordered !== undefined ? readShippedQuantity(l.backordered) : undefined;
      if (backordered && 'problem' in backordered) { problems.push(`${at(`lines[${j}].backordered`)}: ${backordered.problem}.`); return; }
      lines.push({
        sku: l.sku, quantityMilli: quantity.milli, ...(backordered ? { backorderedMilli: backordered.milli } : {}),
        ...(l.lineNumber !== undefined ? { lineNumber: l.lineNumber } : {}), ...(l.description !== undefined ? { description: l.description } : {}),
        confidence: 1, sourceText: `${base}${base ? '.' : ''}lines[${j}]`,
      });
    });
    if (problems.length > before) return;
    const src = (key: string) => `${documentName} ${base}${base ? '.' : ''}${key}`;
    result.push(shipmentConfirmationSchema.parse({
      documentKind: 'json_feed', documentName,
      reference: field(s.reference, src('reference')),
      orderRef: s.orderRef ? field(s.orderRef, src('orderRef')) : undefined,
      poNumber: s.poNumber ? field(s.poNumber, src('poNumber')) : undefined,
      customerNumber: s.customerNumber ? field(s.customerNumber, src('customerNumber')) : undefined,
      shippedAt: field(shippedAt!, src('shippedAt')),
      carrier: s.carrier ? field(s.carrier, src('carrier')) : undefined,
      trackingNumbers: (s.trackingNumbers ?? []).map((t) => field(t, src('trackingNumbers'))),
      freightMinor: freightMinor !== undefined ? field(freightMinor, src('freight')) : undefined,
      currency: s.currency ? field(s.currency, src('currency')) : undefined,
      shipTo: s.shipTo ? field(s.shipTo, src('shipTo')) : undefined,
      lines,
    }));
  });
  if (problems.length) throw new ShipmentReadError('unreadable_line', problems.slice(0, 20));
  return result;
}
