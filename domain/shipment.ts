// What a shipment confirmation says, whatever it came as: a packing slip or bill of lading PDF, or a
// line of the warehouse system's CSV or JSON feed. Like a PO, every field carries where it came from
// and how sure the reader is (feeds are exact, 1.0; positional text less so).
import { z } from 'zod';
import { extractedField } from './purchase-order.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date (YYYY-MM-DD)');

export const shipmentLineSchema = z.object({
  /** The item as the warehouse wrote it: our SKU, or the customer's part number. */
  sku: z.string().min(1),
  /** Shipped now, in thousandths (2.5 ft is 2500). Zero when the line is listed only as backordered. */
  quantityMilli: z.number().int().nonnegative(),
  /** What the warehouse says is still to come on this line, when it says. Informational: the review computes its own. */
  backorderedMilli: z.number().int().nonnegative().optional(),
  /** The document's own line number (often the order's line number echoed back). */
  lineNumber: z.number().int().positive().optional(),
  description: z.string().optional(),
  confidence: z.number().min(0).max(1),
  sourceText: z.string(),
});
export type ShipmentLine = z.infer<typeof shipmentLineSchema>;

export const shipmentConfirmationSchema = z.object({
  documentKind: z.enum(['pdf_text', 'csv_feed', 'json_feed']),
  documentName: z.string(),
  /** Packing slip or bill of lading number: with the order, the shipment's identity. */
  reference: extractedField(z.string().min(1)),
  /** Our sales order reference as printed on the acknowledgement (`SO-1A2B3C4D`), or the ERP's order number. */
  orderRef: extractedField(z.string().min(1)).optional(),
  /** The customer's PO number. */
  poNumber: extractedField(z.string().min(1)).optional(),
  customerNumber: extractedField(z.string().min(1)).optional(),
  shippedAt: extractedField(isoDate),
  carrier: extractedField(z.string().min(1)).optional(),
  trackingNumbers: z.array(extractedField(z.string().min(1))),
  freightMinor: extractedField(z.number().int().nonnegative()).optional(),
  currency: extractedField(z.string().regex(/^[A-Z]{3}$/)).optional(),
  /** Where it went, one line, parts joined with ", ". */
  shipTo: extractedField(z.string().min(1)).optional(),
  lines: z.array(shipmentLineSchema).min(1),
}).refine((c) => c.orderRef !== undefined || c.poNumber !== undefined, {
  message: 'a shipment confirmation needs our order reference or the customer PO number', path: ['orderRef'],
});
export type ShipmentConfirmation = z.infer<typeof shipmentConfirmationSchema>;

/**
 * A confirmation that cannot be read whole. `problems` are written for the CSR who will fix or re-request
 * the document; nothing in it is used (a shipment is never recorded short a line).
 */
export class ShipmentReadError extends Error {
  constructor(readonly code: 'missing_field' | 'unreadable_line' | 'no_lines' | 'wrong_columns' | 'wrong_shape' | 'inconsistent_rows' | 'not_csv' | 'not_json', readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'ShipmentReadError';
  }
}

/** Packing slip and BOL numbers are compared as letters and digits: "PS-20931", "ps 20931" and "PS20931" are one slip. */
export function normalizeShipmentReference(reference: string): string {
  return reference.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * The order ID prefix in our own reference: `SO-1A2B3C4D` is the order whose ID starts with `1a2b3c4d`
 * (see activities/outbox.ts orderReference). Undefined for any other reference (an ERP number, a PO).
 */
export function orderIdPrefixFromReference(reference: string): string | undefined {
  const m = /^\s*SO[-\s]?([0-9A-F]{8})\s*$/i.exec(reference);
  return m ? m[1]!.toLowerCase() : undefined;
}
