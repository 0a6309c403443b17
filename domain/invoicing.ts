// An invoice's arithmetic and dates, from what was shipped and the customer's terms. Pure.
//   • Numbers come from one sequence per document kind: a prefix and a zero-padded counter (INV-000123).
//   • The due date is the issue date plus the terms' net days; an early-payment discount (2/10 Net 30) has
//     its own last day and is figured on the goods only, never on freight or tax, as the terms are read.
import type { Terms } from './payment-terms.js';
import type { InvoiceRequest } from './invoice-handoff.js';

export const INVOICE_NUMBER_WIDTH = 6;

export function formatDocumentNumber(prefix: string, counter: bigint | number, width = INVOICE_NUMBER_WIDTH): string {
  return `${prefix}${String(counter).padStart(width, '0')}`;
}

/** Adds days to an ISO date (YYYY-MM-DD), in UTC so no time zone or daylight saving moves it. */
export function addDays(isoDate: string, days: number): string {
  const at = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(at)) throw new RangeError(`not an ISO date: "${isoDate}"`);
  return new Date(at + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface InvoiceDates { issueDate: string; dueDate: string; discountDate: string | null }

export function invoiceDates(issueDate: string, terms: Terms): InvoiceDates {
  return {
    issueDate,
    dueDate: addDays(issueDate, terms.netDays),
    discountDate: terms.discountBasisPoints > 0 && terms.discountDays > 0 ? addDays(issueDate, terms.discountDays) : null,
  };
}

/** The discount a customer may take by paying by the discount date: basis points of the goods, rounded half up. */
export function earlyPaymentDiscountMinor(goodsMinor: number, terms: Terms): number {
  if (terms.discountBasisPoints <= 0) return 0;
  return Math.floor((goodsMinor * terms.discountBasisPoints + 5_000) / 10_000);
}

export interface InvoiceDraftLine { lineNumber: number; kind: 'item' | 'freight' | 'tax'; sku: string | null; description: string; quantityMilli: number; unitPriceMinor: number; amountMinor: number }
export interface InvoiceDraft extends InvoiceDates {
  currency: string;
  lines: InvoiceDraftLine[];
  subtotalMinor: number;
  freightMinor: number;
  taxMinor: number;
  totalMinor: number;
  discountMinor: number;
}

/**
 * The invoice for a shipment: its lines as shipped, freight as a line of its own (data, not a note), tax as
 * given (arflow computes no tax: the ERP or tax engine does, and hands the amount over).
 */
export function draftInvoice(request: InvoiceRequest, issueDate: string, terms: Terms, taxMinor = request.taxMinor ?? 0): InvoiceDraft {
  const items: InvoiceDraftLine[] = request.lines.map((l, i) => ({ lineNumber: i + 1, kind: 'item', sku: l.sku, description: l.description, quantityMilli: l.quantityMilli, unitPriceMinor: l.unitPriceMinor, amountMinor: l.amountMinor }));
  const extra: InvoiceDraftLine[] = [];
  if (request.freightMinor > 0) extra.push({ lineNumber: items.length + 1, kind: 'freight', sku: null, description: 'Freight', quantityMilli: 1000, unitPriceMinor: request.freightMinor, amountMinor: request.freightMinor });
  if (taxMinor > 0) extra.push({ lineNumber: items.length + extra.length + 1, kind: 'tax', sku: null, description: 'Sales tax', quantityMilli: 1000, unitPriceMinor: taxMinor, amountMinor: taxMinor });
  const subtotalMinor = items.reduce((sum, l) => sum + l.amountMinor, 0);
  const totalMinor = subtotalMinor + request.freightMinor + taxMinor;
  if (!Number.isSafeInteger(totalMinor)) throw new RangeError(`invoice total for ${request.shipmentReference} is beyond a safe integer of minor units`);
  return {
    ...invoiceDates(issueDate, terms), currency: request.currency, lines: [...items, ...extra],
    subtotalMinor, freightMinor: request.freightMinor, taxMinor, totalMinor, discountMinor: earlyPaymentDiscountMinor(subtotalMinor, terms),
  };
}
