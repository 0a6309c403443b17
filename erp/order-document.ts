// The order as handed to the ERP (erp/order-export-format.md): one JSON document, and the same order
// as CSV rows, one per line. Pure: built from the order record the activity loads, nothing else.
import { minorDigits } from '../domain/money.js';

export const ERP_EXPORT_FORMAT = 'arflow.order-export';
export const ERP_EXPORT_VERSION = 1;

/** What the export needs of an order, as the database holds it (money in BigInt minor units). */
export interface ErpOrderRecord {
  id: string;
  reference: string;
  poNumber: string;
  revision: number;
  currency: string;
  totalMinor: bigint;
  orderDate: Date | null;
  requestedShipDate: Date | null;
  shipTo: string | null;
  createdAt: Date;
  scheduledAt: Date | null;
  customer: { number: string; name: string };
  terms: { code: string; description: string; netDays: number; discountBasisPoints: number; discountDays: number };
  salesRep: { code: string; name: string; email: string } | null;
  lines: {
    lineNumber: number; sku: string; customerSku: string | null; description: string;
    /** A Prisma Decimal or its text, e.g. "250", "2.500". */
    quantity: { toString(): string } | string;
    unitOfMeasure: string; unitPriceMinor: bigint; amountMinor: bigint;
  }[];
}

export interface ErpMoney { amountMinor: number; currency: string }

export interface ErpOrderDocument {
  format: typeof ERP_EXPORT_FORMAT;
  version: typeof ERP_EXPORT_VERSION;
  header: {
    orderReference: string; arflowOrderId: string; revision: number; poNumber: string;
    orderDate: string | null; requestedShipDate: string | null; enteredAt: string; scheduledAt: string | null;
    total: ErpMoney;
  };
  customer: { number: string; name: string };
  shipTo: string | null;
  terms: { code: string; description: string; netDays: number; discountBasisPoints: number; discountDays: number };
  salesRep: { code: string; name: string; email: string } | null;
  lines: {
    lineNumber: number; sku: string; customerSku: string | null; description: string;
    quantity: string; unitOfMeasure: string; unitPrice: ErpMoney; amount: ErpMoney;
  }[];
}

/** The webhook's Idempotency-Key: the same order and revision is the same request, however often sent. */
export function erpIdempotencyKey(orderId: string, revision: number): string {
  return `order-${orderId}-r${revision}`;
}

function erpMoney(minor: bigint, currency: string, what: string): ErpMoney {
  const amountMinor = Number(minor);
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`${what} (${minor} minor units) is too large to export exactly`);
  return { amountMinor, currency };
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** "2.500" → "2.5", "250.000" → "250": a plain decimal, never an exponent. */
export function canonicalQuantity(quantity: { toString(): string } | string, what = 'quantity'): string {
  const text = String(quantity).trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`${what} "${text}" is not a plain non-negative decimal`);
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Minor units as a decimal string in major units, exactly: 191250 USD → "1912.50", 1500 JPY → "1500". */
export function minorToDecimal(minor: bigint | number, currency: string): string {
  const value = BigInt(minor);
  const digits = minorDigits(currency);
  const negative = value < 0n;
  const abs = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const text = digits > 0 ? `${whole}.${abs.slice(abs.length - digits)}` : whole;
  return negative ? `-${text}` : text;
}

export function buildErpOrderDocument(order: ErpOrderRecord): ErpOrderDocument {
  if (order.lines.length === 0) throw new RangeError(`order ${order.reference} (PO ${order.poNumber}) has no lines to export`);
  return {
    format: ERP_EXPORT_FORMAT,
    version: ERP_EXPORT_VERSION,
    header: {
      orderReference: order.reference, arflowOrderId: order.id, revision: order.revision, poNumber: order.poNumber,
      orderDate: day(order.orderDate), requestedShipDate: day(order.requestedShipDate),
      enteredAt: order.createdAt.toISOString(), scheduledAt: order.scheduledAt?.toISOString() ?? null,
      total: erpMoney(order.totalMinor, order.currency, `the total of ${order.reference}`),
    },
    customer: { number: order.customer.number, name: order.customer.name },
    shipTo: order.shipTo,
    terms: { ...order.terms },
    salesRep: order.salesRep ? { code: order.salesRep.code, name: order.salesRep.name, email: order.salesRep.email } : null,
    lines: order.lines.map((l) => ({
      lineNumber: l.lineNumber, sku: l.sku, customerSku: l.customerSku, description: l.description,
      quantity: canonicalQuantity(l.quantity, `the quantity of line ${l.lineNumber} of ${order.reference}`),
      unitOfMeasure: l.unitOfMeasure,
      unitPrice: erpMoney(l.unitPriceMinor, order.currency, `the unit price of line ${l.lineNumber}`),
      amount: erpMoney(l.amountMinor, order.currency, `the amount of line ${l.lineNumber}`),
    })),
  };
}

export const ERP_CSV_COLUMNS = [
  'order_reference', 'revision', 'po_number', 'customer_number', 'customer_name', 'order_date', 'requested_ship_date',
  'ship_to', 'terms_code', 'sales_rep_code', 'line_number', 'sku', 'customer_sku', 'description', 'quantity',
  'unit_of_measure', 'unit_price', 'amount', 'currency', 'order_total',
] as const;

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, and its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function erpCsvHeader(): string {
  return csvLine(ERP_CSV_COLUMNS);
}

/** One row per order line, CRLF-terminated, money as exact decimals in major units. */
export function erpCsvRows(doc: ErpOrderDocument): string {
  const h = doc.header;
  const currency = h.total.currency;
  return doc.lines.map((l) => csvLine([
    h.orderReference, String(h.revision), h.poNumber, doc.customer.number, doc.customer.name, h.orderDate ?? '', h.requestedShipDate ?? '',
    doc.shipTo ?? '', doc.terms.code, doc.salesRep?.code ?? '', String(l.lineNumber), l.sku, l.customerSku ?? '', l.description, l.quantity,
    l.unitOfMeasure, minorToDecimal(l.unitPrice.amountMinor, currency), minorToDecimal(l.amount.amountMinor, currency), currency,
    minorToDecimal(h.total.amountMinor, currency),
  ])).join('');
}
